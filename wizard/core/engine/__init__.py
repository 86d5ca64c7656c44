"""The Qt-free live-test engine: test send, diagnosis and port probing.

Callers (CLI, wizard worker thread) use only the names exported here.
"""

from __future__ import annotations

from wizard.core.engine.api import (
    CancelToken,
    Candidate,
    Diagnosis,
    EventCallback,
    ProbeReport,
    ProbeResult,
    Stage,
    StageEvent,
    StageStatus,
    TestRequest,
    TestResult,
    TlsInfo,
    TranscriptCallback,
)
from wizard.core.engine.autofix import candidates_for, run_test_with_probe
from wizard.core.engine.messages import diagnosis_hint, diagnosis_message, stage_label
from wizard.core.engine.probe import PROBE_CODES, default_candidates, fix_from_probe, probe, recommend
from wizard.core.engine.session import run_test
from wizard.core.engine.tls import normalize_fingerprint

__all__ = [
    "PROBE_CODES",
    "CancelToken",
    "Candidate",
    "Diagnosis",
    "EventCallback",
    "ProbeReport",
    "ProbeResult",
    "Stage",
    "StageEvent",
    "StageStatus",
    "TestRequest",
    "TestResult",
    "TlsInfo",
    "TranscriptCallback",
    "candidates_for",
    "default_candidates",
    "diagnosis_hint",
    "diagnosis_message",
    "fix_from_probe",
    "normalize_fingerprint",
    "probe",
    "recommend",
    "run_test",
    "run_test_with_probe",
    "stage_label",
]
