"""The Qt-free live-test engine: test send, diagnosis and port probing.

Callers (CLI, wizard worker thread) use only the names exported here. They are loaded on
first use (PEP 562), so importing the data types does not pull smtplib, ssl and the email
package into the wizard's start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "CancelToken": "api",
    "Candidate": "api",
    "Diagnosis": "api",
    "EventCallback": "api",
    "ProbeReport": "api",
    "ProbeResult": "api",
    "Stage": "api",
    "StageEvent": "api",
    "StageStatus": "api",
    "TestRequest": "api",
    "TestResult": "api",
    "TlsInfo": "api",
    "TranscriptCallback": "api",
    "candidates_for": "autofix",
    "run_test_with_probe": "autofix",
    "diagnosis_hint": "messages",
    "diagnosis_message": "messages",
    "stage_label": "messages",
    "PROBE_CODES": "probe",
    "default_candidates": "probe",
    "fix_from_probe": "probe",
    "probe": "probe",
    "recommend": "probe",
    "run_test": "session",
    "normalize_fingerprint": "tls",
    "CERT_DECISION_CODES": "tls",
}

__all__ = [
    "CERT_DECISION_CODES",
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


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
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
    from wizard.core.engine.tls import CERT_DECISION_CODES, normalize_fingerprint
