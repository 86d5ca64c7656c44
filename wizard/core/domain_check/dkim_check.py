"""DKIM: a test send cannot see its own signature, so advise where the provider signs only after
setup, and check ``<selector>._domainkey.<domain>`` when the user names the selector."""

from __future__ import annotations

from wizard.core.domain_check.dns_lookup import UNREACHABLE, Lookup
from wizard.core.domain_check.findings import PASS, PROBLEM, WARNING, Finding, not_checked


def dkim_finding(lookup: Lookup, domain: str, *, selector: str | None, provider_name) -> Finding | None:
    """``provider_name``: the preset's name (a catalog Text), or None for a custom server."""
    params = {"domain": domain, "provider": provider_name or "", "selector": selector or ""}
    if not selector:
        if not provider_name:
            return None
        return Finding("dkim", WARNING, "dkim_setup", (), params)
    name = f"{selector}._domainkey.{domain}"
    answer = lookup.ask(name, "TXT")
    if answer.outcome == UNREACHABLE:
        return not_checked("dkim", answer)
    params["name"] = name
    keys = [r for r in answer.records if "p=" in r.replace(" ", "")]
    if not keys:
        return Finding("dkim", PROBLEM, "dkim_missing", (answer.evidence,), params)
    tags = {k.strip().lower(): v.strip() for k, _, v in (p.partition("=") for p in keys[0].split(";"))}
    if not tags.get("p"):
        return Finding("dkim", PROBLEM, "dkim_revoked", (answer.evidence,), params)
    return Finding("dkim", PASS, "dkim_ok", (answer.evidence,), params)
