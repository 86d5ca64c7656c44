"""MX of the recipient domain: without one, the relay accepts the mail and bounces it later."""

from __future__ import annotations

from wizard.core.domain_check.dns_lookup import FOUND, NO_DOMAIN, UNREACHABLE, Lookup
from wizard.core.domain_check.findings import PASS, PROBLEM, WARNING, Finding, not_checked


def mx_finding(lookup: Lookup, domain: str) -> Finding:
    answer = lookup.ask(domain, "MX")
    params = {"domain": domain}
    if answer.outcome == UNREACHABLE:
        return not_checked("mx", answer)
    if answer.outcome == NO_DOMAIN:
        return Finding("mx", PROBLEM, "mx_no_domain", (answer.evidence,), params)
    if answer.outcome == FOUND:
        hosts = [r.split(" ", 1)[1] for r in answer.records]
        if hosts == [""] or hosts == ["."]:  # RFC 7505 null MX: the domain accepts no mail
            return Finding("mx", PROBLEM, "mx_null", (answer.evidence,), params)
        return Finding("mx", PASS, "mx_ok", (answer.evidence,), {**params, "hosts": ", ".join(hosts[:4])})
    fallback = lookup.ask(domain, "A")  # RFC 5321 §5.1: no MX means the A record receives mail
    if fallback.outcome == UNREACHABLE:
        return not_checked("mx", fallback)
    if fallback.outcome == FOUND:
        return Finding("mx", WARNING, "mx_implicit", (answer.evidence, fallback.evidence), params)
    return Finding("mx", PROBLEM, "mx_missing", (answer.evidence, fallback.evidence), params)
