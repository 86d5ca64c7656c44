"""Step 7: guess smtp.<domain>, mail.<domain> and <domain>, and probe them in parallel.

Names are resolved with detection's own resolver and the probe connects to that address
(certificates are still checked against the name). TLS endpoints only: a guessed server that
offers no TLS is not recommended, so a guess never lowers security.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

from wizard.core.detect.autoconfig import OutgoingServer
from wizard.core.detect.dns_queries import FOUND, first_address
from wizard.core.engine.api import CancelToken
from wizard.core.settings import Endpoint, Security

GUESS_CANDIDATES = (
    Endpoint(465, Security.SSL),
    Endpoint(587, Security.STARTTLS),
    Endpoint(25, Security.STARTTLS),
)


def guess_hosts(domain: str) -> list[str]:
    return [f"smtp.{domain}", f"mail.{domain}", domain]


def guess(
    domain: str,
    resolver,
    *,
    deadline: float,
    cancel: CancelToken,
    candidates: Sequence[Endpoint] = GUESS_CANDIDATES,
    ca_file: str | None = None,
) -> tuple[OutgoingServer | None, str, list[str]]:
    """(the first host in guess order with a working TLS endpoint, its banner, evidence lines)."""
    from wizard.core.engine.probe import probe  # imported here: the engine is heavy

    hosts = guess_hosts(domain)
    reports: list = [None] * len(hosts)
    evidence: list[str] = [""] * len(hosts)

    def work(index: int) -> None:
        host = hosts[index]
        answer = first_address(resolver, host, deadline - time.monotonic())
        if answer.outcome != FOUND or cancel.cancelled:
            evidence[index] = f"{host}: {answer.outcome}"
            return
        address = answer.records[0]
        left = deadline - time.monotonic()
        if left <= 0.2:
            evidence[index] = f"{host} ({address}): no time left"
            return
        report = probe(host, candidates, timeout=left - 0.1, ca_file=ca_file, cancel=cancel, address=address)
        reports[index] = report
        evidence[index] = f"{host} ({address}): " + ", ".join(
            f"{r.candidate} {r.code}" for r in report.results
        )

    threads = [
        threading.Thread(target=work, args=(i,), daemon=True, name=f"guess-{h}") for i, h in enumerate(hosts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    for host, report in zip(hosts, reports, strict=True):
        if report is not None and report.recommended is not None:
            best = report.recommended
            banner = next((r.banner for r in report.results if r.candidate == best), "")
            # with the probe's trust problem, if any: never as if its certificate had been verified
            server = OutgoingServer(
                host, best.port, best.security, "address", "guess", trust_problem=report.trust_problem
            )
            return server, banner, evidence
    return (
        None,
        "",
        [line or f"{host}: no answer in time" for host, line in zip(hosts, evidence, strict=True)],
    )
