"""DMARC: the policy, and whether mail through this relay can pass it (SPF or DKIM aligned).

The record is looked up at ``_dmarc.<domain>``, then at the organizational domain (RFC 7489
§6.6.3), found with the Public Suffix List (publicsuffixlist) so ``acme.com.cn`` is not taken
for ``com.cn``.
"""

from __future__ import annotations

from functools import cache

from wizard.core.catalog import Text
from wizard.core.domain_check.dns_lookup import UNREACHABLE, Answer, Lookup
from wizard.core.domain_check.findings import NOT_CHECKED, PASS, PROBLEM, WARNING, Finding, not_checked
from wizard.core.i18n import tr


@cache
def _suffixes():
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def organizational_domain(domain: str) -> str:
    return _suffixes().privatesuffix(domain) or domain


def _records(answer: Answer) -> list[str]:
    return [r for r in answer.records if r.replace(" ", "").lower().startswith("v=dmarc1")]


def _tags(record: str) -> dict[str, str]:
    tags = {}
    for part in record.split(";"):
        key, sep, value = part.partition("=")
        if sep:
            tags[key.strip().lower()] = value.strip()
    return tags


def dmarc_finding(lookup: Lookup, domain: str, *, aligned: bool | None) -> Finding:
    """``aligned``: SPF or DKIM for this relay lines up with the From domain (None: not known)."""
    organization = organizational_domain(domain)
    names = [f"_dmarc.{domain}"] + ([f"_dmarc.{organization}"] if organization != domain else [])
    evidence: list[str] = []
    for index, name in enumerate(names):
        answer = lookup.ask(name, "TXT")
        evidence.append(answer.evidence)
        if answer.outcome == UNREACHABLE:
            return not_checked("dmarc", answer)
        records = _records(answer)
        base = {"domain": domain, "name": name}
        if len(records) > 1:
            return Finding("dmarc", PROBLEM, "dmarc_multiple", tuple(evidence), base)
        if records:
            tags = _tags(records[0])
            policy = (tags.get("sp") if index and "sp" in tags else tags.get("p", "")).lower()
            return _judge(policy, aligned, tuple(evidence), {**base, "policy": policy or "?"})
    record = f"v=DMARC1; p=none; rua=mailto:postmaster@{organization}"
    return Finding("dmarc", WARNING, "dmarc_missing", tuple(evidence), {"domain": domain, "record": record})


def _judge(policy: str, aligned: bool | None, evidence, params) -> Finding:
    if policy not in ("none", "quarantine", "reject"):
        return Finding("dmarc", PROBLEM, "dmarc_syntax", evidence, params)
    if aligned:
        return Finding("dmarc", PASS, "dmarc_aligned", evidence, params)
    if aligned is None:
        return Finding("dmarc", NOT_CHECKED, "dmarc_alignment_unknown", evidence, params)
    if policy == "none":
        return Finding("dmarc", WARNING, "dmarc_none_misaligned", evidence, params)
    key = f"domain.effect.{policy}"
    params = {**params, "policy_effect": Text(tr(key, "zh_CN"), tr(key, "en"))}
    return Finding("dmarc", PROBLEM, "dmarc_misaligned", evidence, params)
