"""Step 7: guess the domain's own SMTP server and probe the guesses in parallel.

Hosts in rank order: smtp.<domain>, mail.<domain>, the best MX host itself, smtp./mail. of the
parent domain (a sub-domain's mail is often served by its organization: stu.univ.edu.cn by
mail.univ.edu.cn), and the bare domain last (usually a web server whose mail ports are filtered).
The answer is the best-ranked host that worked, given as soon as every better-ranked host has
answered or failed: a filtered port or host further down the list does not hold it up.

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


def guess_hosts(domain: str, mx_host: str | None = None, parent: str | None = None) -> list[str]:
    """The hosts to try, best first (``parent``: the domain's parent, when it is not a public suffix)."""
    hosts = [f"smtp.{domain}", f"mail.{domain}"]
    if mx_host:
        hosts.append(mx_host)
    if parent:
        hosts += [f"smtp.{parent}", f"mail.{parent}"]
    hosts.append(domain)
    return list(dict.fromkeys(host.lower().rstrip(".") for host in hosts))


def guess(
    hosts: Sequence[str],
    resolver,
    *,
    deadline: float,
    cancel: CancelToken,
    candidates: Sequence[Endpoint] = GUESS_CANDIDATES,
    ca_file: str | None = None,
) -> tuple[OutgoingServer | None, str, list[str]]:
    """(the best-ranked host with a working TLS endpoint, its banner, evidence lines)."""
    from wizard.core.engine.probe import probe  # imported here: the engine is heavy

    reports: list = [None] * len(hosts)
    evidence: list[str] = [""] * len(hosts)
    done = [False] * len(hosts)
    changed = threading.Condition()

    def work(index: int) -> None:
        host = hosts[index]
        try:
            answer = first_address(resolver, host, deadline - time.monotonic())
            if answer.outcome != FOUND or cancel.cancelled:
                evidence[index] = f"{host}: {answer.outcome}"
                return
            address = answer.records[0]
            left = deadline - time.monotonic()
            if left <= 0.2:
                evidence[index] = f"{host} ({address}): no time left"
                return
            report = probe(
                host,
                candidates,
                timeout=left - 0.1,
                ca_file=ca_file,
                cancel=cancel,
                address=address,
                settle_early=True,
            )
            reports[index] = report
            evidence[index] = f"{host} ({address}): " + ", ".join(
                f"{r.candidate} {r.code}" for r in report.results
            )
        finally:
            with changed:
                done[index] = True
                changed.notify_all()

    def answer() -> int | None:
        """The best host that worked, once every host ranked above it is done; None while it may change."""
        for index, report in enumerate(reports):
            if not done[index]:
                return None
            if report is not None and report.recommended is not None:
                return index
        return None

    for index, host in enumerate(hosts):
        threading.Thread(target=work, args=(index,), daemon=True, name=f"guess-{host}").start()
    with changed:
        changed.wait_for(
            lambda: all(done) or answer() is not None or cancel.cancelled,
            timeout=max(0.0, deadline - time.monotonic()),
        )
        chosen = answer()
        lines = [line or f"{host}: no answer in time" for host, line in zip(hosts, evidence, strict=True)]
    if chosen is None:
        return None, "", lines
    report = reports[chosen]
    best = report.recommended
    banner = next((r.banner for r in report.results if r.candidate == best), "")
    # with the probe's trust problem, if any: never as if its certificate had been verified
    server = OutgoingServer(
        hosts[chosen], best.port, best.security, "address", "guess", trust_problem=report.trust_problem
    )
    return server, banner, lines[: chosen + 1]
