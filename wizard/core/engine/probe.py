"""Port probing: which port + encryption pairs of a host work, tried in parallel.

Each candidate runs in its own daemon thread with its own time limit; the caller waits at most
about one timeout in total and then abandons (cancels, never joins) the stragglers, so two
blackholed ports cost no more than one. The most secure working pair is recommended
(SSL/TLS > STARTTLS > none, then candidate order); with credentials, a login on it is tried,
nothing is sent.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterable, Sequence

from wizard.core.catalog import Provider
from wizard.core.engine.api import (
    CancelToken,
    Diagnosis,
    ProbeReport,
    ProbeResult,
    Stage,
)
from wizard.core.engine.conversation import Conversation, ConversationOptions
from wizard.core.engine.diagnosis import diagnose, failure_from
from wizard.core.engine.tls import client_context
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


def recommend(results: Iterable[ProbeResult]) -> Endpoint | None:
    working = [(i, r) for i, r in enumerate(results) if r.code == "ok"]
    if not working:
        return None
    return min(working, key=lambda item: (_RANK[item[1].candidate.security], item[0]))[1].candidate


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
) -> ProbeReport:
    """Try every candidate at once; ``credentials`` = (username, password) for a login-only check.

    ``address``: connect there instead of resolving ``host`` (certificates are still checked
    against ``host``); detection passes what its own resolver found."""
    chosen = tuple(dict.fromkeys(candidates or default_candidates(provider)))
    outer = cancel or CancelToken()
    tokens = [CancelToken() for _ in chosen]
    outer.on_cancel(lambda: [token.cancel() for token in tokens])
    results: list[ProbeResult | None] = [None] * len(chosen)

    def work(index: int) -> None:
        try:
            results[index] = _probe_one(
                host, chosen[index], timeout, ca_file, pinned_sha256, tokens[index], address
            )
        except Exception:  # a bug in one candidate must not lose the others
            results[index] = ProbeResult(chosen[index], False, "connection_lost")

    threads = [
        threading.Thread(target=work, args=(i,), name=f"probe-{c}", daemon=True) for i, c in enumerate(chosen)
    ]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    deadline = start + timeout + _GRACE
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    final: list[ProbeResult] = []
    for index, candidate in enumerate(chosen):
        result = results[index]
        if result is None:  # still running: abandon it, it will die on its own socket timeout
            tokens[index].cancel()
            code = "cancelled" if outer.cancelled else "timeout"
            result = ProbeResult(candidate, False, code, int((time.monotonic() - start) * 1000))
        final.append(result)
    best = recommend(final)
    login = None
    if credentials and best is not None and not outer.cancelled:
        login = _login(host, best, timeout, ca_file, pinned_sha256, credentials, outer, provider)
        final = [dataclasses.replace(r, login_ok=login.ok) if r.candidate == best else r for r in final]
    return ProbeReport(host, tuple(final), best, login)


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
        total_timeout=timeout * 2,  # opening plus login
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
