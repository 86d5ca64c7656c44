"""Port probing: which port + encryption pairs of a host work, tried in parallel.

Each candidate runs in its own daemon thread with its own time limit; the caller waits at most
about one timeout in total and then abandons (cancels, never joins) the stragglers, so two
blackholed ports cost no more than one.

The recommendation never trades encryption for convenience: a pair that completed TLS and
worked comes first (SSL/TLS > STARTTLS, then candidate order), then one whose TLS worked but
whose certificate is not trusted (the user may trust it explicitly), and encryption "none"
only when no TLS pair answered at all, marked insecure. With credentials, a login on a working
recommendation is tried; nothing is sent.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Sequence

from wizard.core.catalog import Provider
from wizard.core.engine.api import (
    CancelToken,
    Diagnosis,
    ProbeReport,
    ProbeResult,
    Stage,
)
from wizard.core.engine.conversation import Conversation, ConversationOptions, peek_certificate
from wizard.core.engine.diagnosis import diagnose, failure_from
from wizard.core.engine.tls import CERT_DECISION_CODES, client_context
from wizard.core.engine.transcript import Redactor, Transcript
from wizard.core.settings import Endpoint, Security, SmtpSettings

GENERIC_CANDIDATES = (
    Endpoint(465, Security.SSL),
    Endpoint(587, Security.STARTTLS),
    Endpoint(25, Security.STARTTLS),
    Endpoint(25, Security.NONE),
    Endpoint(2525, Security.STARTTLS),
)
_RANK = {Security.SSL: 0, Security.STARTTLS: 1, Security.NONE: 2}
_GRACE = 0.3  # seconds past the timeout for threads that are about to report their own timeout
# Failures where a different port/encryption is the likely cure, so probing is worth it.
PROBE_CODES = frozenset(
    {"connect_timeout", "greeting_timeout", "tls_on_plain_port", "starttls_unavailable", "connection_refused"}
)


def default_candidates(provider: Provider | None = None) -> tuple[Endpoint, ...]:
    if provider is not None and provider.endpoints and not provider.is_custom:
        return provider.endpoints
    return GENERIC_CANDIDATES


def _probe_one(
    host: str, candidate: Endpoint, timeout: float, ca_file, pinned_sha256, cancel, address=None
) -> ProbeResult:
    start = time.monotonic()
    options = ConversationOptions(
        client_context(ca_file, pinned_sha256),
        cancel,
        Transcript(prefix=f"[{candidate}] "),
        pinned_sha256=pinned_sha256,
        connect_timeout=timeout,
        op_timeout=timeout,
        total_timeout=timeout,
        address=address,
    )
    conversation = Conversation(host, candidate, options)
    reachable, code = False, "ok"
    try:
        for stage, step in conversation.opening():
            try:
                step()  # type: ignore[operator]
            except Exception as error:
                failure = failure_from(error, stage, cancelled=cancel.cancelled)
                code = diagnose(failure, None).code
                break
            reachable = reachable or stage is Stage.CONNECT
    finally:
        conversation.close(polite=code == "ok")
    return ProbeResult(
        candidate=candidate,
        reachable=reachable,
        code=code,
        ms=int((time.monotonic() - start) * 1000),
        tls=conversation.tls,
        auth_mechanisms=conversation.auth_mechanisms if code == "ok" else (),
        size_limit=conversation.size_limit if code == "ok" else None,
        banner=conversation.banner,
    )


def _tier(result: ProbeResult) -> int | None:
    """0: TLS and everything worked; 1: TLS worked but its certificate is not trusted;
    2: worked without encryption; None: not usable."""
    encrypted = result.candidate.security is not Security.NONE
    if result.code == "ok":
        return 0 if encrypted else 2
    if encrypted and result.code in CERT_DECISION_CODES:
        return 1
    return None


def _best(results: Sequence[ProbeResult]) -> ProbeResult | None:
    usable = [
        (tier, _RANK[r.candidate.security], i, r)
        for i, r in enumerate(results)
        if (tier := _tier(r)) is not None
    ]
    return min(usable, key=lambda item: item[:3])[3] if usable else None


def _settled(chosen: Sequence[Endpoint], results: Sequence[ProbeResult | None]) -> bool:
    """A candidate worked over TLS and no candidate still pending could be recommended over it."""
    best = _best([r for r in results if r is not None])
    if best is None or _tier(best) != 0:
        return False
    position = (_RANK[best.candidate.security], next(i for i, r in enumerate(results) if r is best))
    return all(
        result is not None or (_RANK[candidate.security], index) > position
        for index, (candidate, result) in enumerate(zip(chosen, results, strict=True))
    )


def probe(
    host: str,
    candidates: Sequence[Endpoint] | None = None,
    *,
    timeout: float,
    ca_file: str | None = None,
    pinned_sha256: str | None = None,
    credentials: tuple[str, str] | None = None,
    cancel: CancelToken | None = None,
    provider: Provider | None = None,
    address: str | None = None,
    settle_early: bool = False,
) -> ProbeReport:
    """Try every candidate at once; ``credentials`` = (username, password) for a login-only check.

    ``address``: connect there instead of resolving ``host`` (certificates are still checked
    against ``host``); detection passes what its own resolver found. ``settle_early``: stop
    waiting once a candidate worked over TLS and no pending one could be recommended over it
    (detection wants the answer, not the full table); the rest are cancelled."""
    chosen = tuple(dict.fromkeys(candidates or default_candidates(provider)))
    outer = cancel or CancelToken()
    tokens = [CancelToken() for _ in chosen]
    outer.on_cancel(lambda: [token.cancel() for token in tokens])
    results: list[ProbeResult | None] = [None] * len(chosen)
    changed = threading.Condition()

    def work(index: int) -> None:
        try:
            result = _probe_one(host, chosen[index], timeout, ca_file, pinned_sha256, tokens[index], address)
        except Exception:  # a bug in one candidate must not lose the others
            result = ProbeResult(chosen[index], False, "connection_lost")
        with changed:
            results[index] = result
            changed.notify_all()

    def finished() -> bool:
        return all(r is not None for r in results) or (settle_early and _settled(chosen, results))

    threads = [
        threading.Thread(target=work, args=(i,), name=f"probe-{c}", daemon=True) for i, c in enumerate(chosen)
    ]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    deadline = start + timeout + _GRACE
    with changed:
        changed.wait_for(finished, timeout=max(0.0, deadline - time.monotonic()))
        answered = list(results)  # a straggler reporting from now on changes nothing
    settled = settle_early and _settled(chosen, answered)  # the rest cannot change the answer
    final: list[ProbeResult] = []
    for index, candidate in enumerate(chosen):
        result = answered[index]
        if result is None:  # still running: abandon it, it will die on its own socket timeout
            tokens[index].cancel()
            code = "cancelled" if outer.cancelled or settled else "timeout"
            result = ProbeResult(candidate, False, code, int((time.monotonic() - start) * 1000))
        final.append(result)
    chosen_result = _best(final)
    best = chosen_result.candidate if chosen_result else None
    trust_problem = chosen_result.code if chosen_result and chosen_result.code != "ok" else None
    if trust_problem and chosen_result.tls is None and not outer.cancelled:
        # Show the certificate so the user can decide to trust exactly that one.
        # Within what is left of the probe's budget and under its cancel token, like every read.
        left = max(0.5, deadline - time.monotonic())
        options = ConversationOptions(
            client_context(ca_file, pinned_sha256),
            outer,
            Transcript(),
            address=address,
            connect_timeout=min(timeout, left),
            op_timeout=left,
            total_timeout=left,
        )
        seen = peek_certificate(Conversation(host, best, options))
        final = [dataclasses.replace(r, tls=seen) if r is chosen_result else r for r in final]
    login = None
    if credentials and best is not None and trust_problem is None and not outer.cancelled:
        login = _login(host, best, timeout, ca_file, pinned_sha256, credentials, outer, provider)
        final = [dataclasses.replace(r, login_ok=login.ok) if r.candidate == best else r for r in final]
    insecure = best is not None and best.security is Security.NONE
    return ProbeReport(host, tuple(final), best, login, trust_problem, insecure)


def _login(
    host, candidate: Endpoint, timeout, ca_file, pinned_sha256, credentials, cancel, provider
) -> Diagnosis:
    username, password = credentials
    redact = Redactor(password, username)
    options = ConversationOptions(
        client_context(ca_file, pinned_sha256),
        cancel,
        Transcript(redact),
        pinned_sha256=pinned_sha256,
        connect_timeout=timeout,
        op_timeout=timeout,
        total_timeout=timeout,  # the login connection gets one timeout, like each candidate
    )
    conversation = Conversation(host, candidate, options)
    steps = [
        *conversation.opening(),
        (Stage.LOGIN, lambda: conversation.login(username, password, allow_plaintext=False)),
    ]
    smtp = SmtpSettings(
        provider=provider.id if provider else "custom",
        host=host,
        port=candidate.port,
        security=candidate.security,
        username=username,
    )
    try:
        for stage, step in steps:
            try:
                step()  # type: ignore[operator]
            except Exception as error:
                failure = failure_from(error, stage, cancelled=cancel.cancelled)
                return diagnose(failure, smtp, provider=provider, redact=redact)
    finally:
        conversation.close(polite=True)
    return Diagnosis(
        "ok",
        None,
        params={"variant": "login_only", "host": host, "port": candidate.port, "username": username},
    )
