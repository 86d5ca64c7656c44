"""Fix by probing: after a failure that smells of a wrong port or encryption, find what works."""

from __future__ import annotations

from wizard.core.catalog import load_catalog
from wizard.core.engine.api import (
    CancelToken,
    EventCallback,
    TestRequest,
    TestResult,
    TranscriptCallback,
)
from wizard.core.engine.fixes import fix_from_probe
from wizard.core.engine.probe import PROBE_CODES, default_candidates, probe
from wizard.core.engine.session import run_test
from wizard.core.settings import Endpoint, Security


def candidates_for(host_port: int, security: Security, provider=None) -> tuple[Endpoint, ...]:
    """The user's port with every encryption first, then the provider's (or generic) pairs."""
    own = [Endpoint(host_port, sec) for sec in (security, *(s for s in Security if s is not security))]
    return tuple(dict.fromkeys([*own, *default_candidates(provider)]))


def run_test_with_probe(
    request: TestRequest,
    on_event: EventCallback | None = None,
    cancel: CancelToken | None = None,
    on_transcript: TranscriptCallback | None = None,
    *,
    probe_timeout: float | None = None,
) -> TestResult:
    """``run_test``; when the failure suggests a wrong port/encryption (PROBE_CODES), probe the host
    and put the most secure working pair into ``diagnosis.fix``."""
    cancel = cancel or CancelToken()
    result = run_test(request, on_event, cancel, on_transcript)
    if result.diagnosis.code not in PROBE_CODES or cancel.cancelled:
        return result
    smtp = request.settings.smtp
    provider = load_catalog().find(smtp.provider)
    report = probe(
        smtp.host,
        candidates_for(smtp.port, smtp.security, provider),
        timeout=probe_timeout or request.connect_timeout,
        ca_file=request.ca_file,
        pinned_sha256=request.pinned_sha256,
        cancel=cancel,
    )
    return fix_from_probe(result, report, smtp)
