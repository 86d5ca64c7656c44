"""A test that does not wait for a dead port: once the connect has gone ~2 s without an answer
(a cloud host dropping port 25, a firewall blackholing 465), the provider's other endpoints are
probed in parallel, so that when the connect finally times out the diagnosis already carries a
fix that was seen to work. The whole run stays within one connect timeout.

With ``probe_on_failure`` (CLI ``--probe-on-failure``) a port or encryption failure that came
fast (refused, TLS on a plain port) is probed afterwards instead. The probe and its
recommendation are the shared ones (``probe.probe``, ``fixes.fix_from_probe``): an alternative
is never weaker encryption than one that answered.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable

from wizard.core.catalog import Provider, load_catalog
from wizard.core.engine.api import (
    CancelToken,
    EventCallback,
    ProbeReport,
    Stage,
    StageEvent,
    StageStatus,
    TestRequest,
    TestResult,
    TranscriptCallback,
)
from wizard.core.engine.autofix import candidates_for
from wizard.core.engine.fixes import fix_from_probe
from wizard.core.engine.probe import PROBE_CODES, probe
from wizard.core.engine.session import run_test
from wizard.core.settings import Endpoint

HEAD_START = 2.0  # seconds the connect may take before the other endpoints are tried
_MIN_PROBE = 1.0  # a probe shorter than this cannot see a TLS handshake through


class _Fallback:
    """Probes the other endpoints on its own thread once the connect has been silent too long."""

    def __init__(self, request: TestRequest, provider: Provider | None, cancel: CancelToken) -> None:
        self.request = request
        smtp = request.settings.smtp
        own = Endpoint(smtp.port, smtp.security)
        self.candidates = [c for c in candidates_for(smtp.port, smtp.security, provider) if c != own]
        self.connected = threading.Event()  # the connect stage ended, either way
        self.report: ProbeReport | None = None
        self.token = CancelToken()
        cancel.on_cancel(self.token.cancel)
        self._thread: threading.Thread | None = None

    def start(self, head_start: float) -> None:
        self._thread = threading.Thread(target=self._after, args=(head_start,), name="fallback", daemon=True)
        self._thread.start()

    def seen(self, event: StageEvent) -> None:
        if event.status is StageStatus.RUNNING:
            return
        if event.stage is Stage.CONNECT or (
            event.stage is Stage.RESOLVE and event.status is not StageStatus.OK
        ):
            self.connected.set()  # it answered, or there is nothing to connect to

    def _after(self, head_start: float) -> None:
        if self.connected.wait(head_start) or self.token.cancelled:
            return
        # Done by the time the connect gives up, and never past the test's overall --timeout.
        budget = min(
            max(_MIN_PROBE, self.request.connect_timeout - head_start), self.request.timeout - head_start
        )
        if budget >= _MIN_PROBE / 2:
            self.run(budget)

    def run(self, timeout: float) -> None:
        smtp, request = self.request.settings.smtp, self.request
        self.report = probe(
            smtp.host,
            self.candidates,
            timeout=timeout,
            ca_file=request.ca_file,
            pinned_sha256=request.pinned_sha256,
            cancel=self.token,
        )

    def finish(self, wait: bool) -> ProbeReport | None:
        if not wait:
            self.token.cancel()
        self.connected.set()  # a probe that has not started never will
        if self._thread is not None:
            self._thread.join()
        return self.report


def run_test_with_fallback(
    request: TestRequest,
    on_event: EventCallback | None = None,
    cancel: CancelToken | None = None,
    on_transcript: TranscriptCallback | None = None,
    *,
    provider: Provider | None = None,
    probe_on_failure: bool = False,
    head_start: float = HEAD_START,
    on_probe: Callable[[ProbeReport], None] | None = None,
) -> TestResult:
    """``run_test``, plus the parallel probe when the connect hangs; a port or encryption failure
    then comes back with the probe's working alternative as ``diagnosis.fix``. ``provider``
    defaults to the catalog's entry for the settings (the wizard passes its own, e.g. the demo);
    ``on_probe`` receives the probe's report when one was used (for the support report)."""
    cancel = cancel or CancelToken()
    if provider is None:
        provider = load_catalog().find(request.settings.smtp.provider)
    fallback = _Fallback(request, provider, cancel)
    fallback.start(head_start)

    def seen(event: StageEvent) -> None:
        fallback.seen(event)
        if on_event is not None:
            on_event(event)

    started = time.monotonic()
    result = run_test(request, seen, cancel, on_transcript)
    useful = result.diagnosis.code in PROBE_CODES and not cancel.cancelled
    report = fallback.finish(wait=useful)
    left = request.timeout - (time.monotonic() - started)  # a later probe shares the test's budget
    if report is None and useful and probe_on_failure and left >= _MIN_PROBE / 2:
        fallback.run(min(request.connect_timeout, left))  # the failure came fast: probe now
        report = fallback.report
    if report is None or not useful:
        return result
    if on_probe is not None:
        on_probe(report)
    fixed = fix_from_probe(result, report, request.settings.smtp)
    if fixed is result:  # nothing better answered
        return result
    tried = ", ".join(f"{r.candidate} {r.code}" for r in report.results)
    line = f"{int((time.monotonic() - started) * 1000):>6} ms  --- also tried: {tried} ---"
    return dataclasses.replace(fixed, transcript=(*fixed.transcript, line))
