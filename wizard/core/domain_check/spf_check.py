"""SPF: exactly one record, that authorizes the relay, with a sensible ``all``, within RFC 7208's limits.

Evaluation is pyspf's (the RFC 7208 reference implementation: lookup limits, syntax, macros).
pyspf asks DNS through its module-level ``DNSLookup`` function; we point that at our resolver
(the system's or ``--nameserver``) once, and pass the resolver of the current check through a
context variable, so concurrent checks with different DNS servers do not mix.
"""

from __future__ import annotations

import contextvars
import ipaddress
import re

import spf

from wizard.core.catalog import Text
from wizard.core.domain_check.dns_lookup import UNREACHABLE, Lookup
from wizard.core.domain_check.findings import NOT_CHECKED, PASS, PROBLEM, WARNING, Finding, not_checked

UNMATCHED_ADDRESS = "192.0.2.1"  # TEST-NET-1 (RFC 5737): matches nothing, so the whole record is walked
MAX_INCLUDE_WALK = 10  # RFC 7208 allows no more DNS-querying terms than this anyway
_current: contextvars.ContextVar[Lookup] = contextvars.ContextVar("spf_lookup")


def _pyspf_lookup(name, qtype, strict=True, timeout=None):
    """pyspf's DNS hook: ((name, type), value) pairs; a failed lookup is pyspf's TempError."""
    import dns.exception
    import dns.resolver

    try:
        answer = _current.get().raw(name, qtype)
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return []
    except (dns.exception.DNSException, OSError, ValueError) as error:
        raise spf.TempError(f"DNS {error}") from error
    pairs = []
    for record in answer:
        if qtype in ("A", "AAAA"):
            pairs.append(((name, qtype), record.address))
        elif qtype == "MX":
            pairs.append(((name, qtype), (record.preference, record.exchange)))
        elif qtype == "PTR":
            pairs.append(((name, qtype), record.target.to_text(True)))
        elif qtype in ("TXT", "SPF"):
            pairs.append(((name, qtype), record.strings))
    return pairs


spf.DNSLookup = _pyspf_lookup


def is_spf(text: str) -> bool:
    lowered = text.lower()
    return lowered == "v=spf1" or lowered.startswith("v=spf1 ")


def evaluate(lookup: Lookup, domain: str, address: str) -> tuple[str, str]:
    """pyspf's verdict for mail from ``domain`` sent by ``address``: (result, explanation)."""
    token = _current.set(lookup)
    try:
        query = spf.query(i=address, s=f"postmaster@{domain}", h=domain, timeout=lookup.per_query)
        result, _code, explanation = query.check()
    finally:
        _current.reset(token)
    return result, explanation


def with_term(record: str | None, term: str) -> str:
    """``record`` with ``term`` added before its ``all``/``redirect=`` (or a new record)."""
    if not record:
        return f"v=spf1 {term} ~all"
    words = record.split()
    for index, word in enumerate(words):
        if word.lower().lstrip("+-~?") == "all" or word.lower().startswith("redirect="):
            return " ".join([*words[:index], term, *words[index:]])
    return " ".join([*words, term])


def merged(records: list[str], term: str | None) -> str:
    """One record with the terms of several (RFC 7208 allows only one); the first record's ``all`` wins."""
    terms: list[str] = []
    ending = ""
    for record in records:
        for word in record.split()[1:]:
            if word.lower().lstrip("+-~?") == "all":
                ending = ending or word
            elif word.lower() not in (t.lower() for t in terms):
                terms.append(word)
    if term and term.lower() not in (t.lower() for t in terms):
        terms.append(term)
    return " ".join(["v=spf1", *terms, ending or "~all"])


# Letters, digits, hyphens and underscores (_spf.google.com), dot-separated: what an include: or
# redirect= target must be once macros are ruled out (_targets skips those).
_HOST_NAME = re.compile(r"[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*")


def _targets(record: str) -> list[str]:
    found = []
    for word in record.split()[1:]:
        lowered = word.lower().lstrip("+-~?")
        for prefix in ("include:", "redirect="):
            if lowered.startswith(prefix) and "%" not in lowered:
                found.append(lowered[len(prefix) :].rstrip("."))
    return found


def reaches(lookup: Lookup, record: str, include: str) -> tuple[bool | None, list[str]]:
    """Whether ``include`` is reached through the record's include:/redirect= chain (None: DNS failed)."""
    include = include.lower().rstrip(".")
    queue, seen, evidence, failed = _targets(record), set(), [], False
    while queue and len(seen) < MAX_INCLUDE_WALK:
        target = queue.pop(0)
        if target == include:
            return True, evidence
        if target in seen:
            continue
        seen.add(target)
        if not _HOST_NAME.fullmatch(target):
            return None, evidence  # not a domain name at all: the syntax is at fault, not a record
        answer = lookup.ask(target, "TXT")
        if answer.outcome == UNREACHABLE:
            failed = True
            continue
        records = [r for r in answer.records if is_spf(r)]
        if records:
            evidence.append(f'TXT {target}: "{records[0]}"')
            queue.extend(_targets(records[0]))
    return (None if failed else False), evidence


def target_without_record(lookup: Lookup, record: str) -> tuple[str | None, list[str]]:
    """The first include:/redirect= target, followed down the chain, that has no SPF record.

    RFC 7208 §5.2 and §6.1 make that a permerror although every record is well-formed, so it is
    named as what it is, not as a syntax error (https://www.rfc-editor.org/rfc/rfc7208#section-5.2)."""
    queue, seen, evidence = _targets(record), set(), []
    while queue and len(seen) < MAX_INCLUDE_WALK:
        target = queue.pop(0)
        if target in seen:
            continue
        seen.add(target)
        if not _HOST_NAME.fullmatch(target):
            return None, evidence  # not a domain name at all: the syntax is at fault, not a record
        answer = lookup.ask(target, "TXT")
        if answer.outcome == UNREACHABLE:
            continue
        records = [r for r in answer.records if is_spf(r)]
        if not records:
            return target, [*evidence, answer.evidence]
        evidence.append(f'TXT {target}: "{records[0]}"')
        queue.extend(_targets(records[0]))
    return None, evidence


def _address_term(address: str) -> str:
    return f"ip{ipaddress.ip_address(address).version}:{address}"


def _all_qualifier(record: str) -> str | None:
    for word in record.split()[1:]:
        if word.lower().lstrip("+-~?") == "all":
            return word[0] if word[0] in "+-~?" else "+"
        if word.lower().startswith("redirect="):
            return "redirect"
    return None


def spf_findings(
    lookup: Lookup, domain: str, *, include: str | None, relay: str, relay_address: str | None
) -> list[Finding]:
    """Findings for ``domain``'s SPF. ``include`` (a preset's) or ``relay_address`` (a custom server's)."""
    answer = lookup.ask(domain, "TXT")
    if answer.outcome == UNREACHABLE:
        return [not_checked("spf", answer)]
    records = [r for r in answer.records if is_spf(r)]
    evidence = (answer.evidence,)
    term = f"include:{include}" if include else (_address_term(relay_address) if relay_address else None)
    base = {"domain": domain, "relay": relay, "include": include or "", "address": relay_address or ""}
    if not records:
        example = with_term(None, term or "a")
        return [Finding("spf", PROBLEM, "spf_missing", evidence, {**base, "record": example})]
    if len(records) > 1:
        params = {**base, "count": len(records), "record": merged(sorted(records), term)}
        return [Finding("spf", PROBLEM, "spf_multiple", evidence, params)]
    record = records[0]
    result, explanation = evaluate(lookup, domain, relay_address or UNMATCHED_ADDRESS)
    if result == "temperror":
        return [Finding("spf", NOT_CHECKED, "not_checked", evidence, {"question": domain})]
    if result == "permerror":
        return [_permanent_error(lookup, record, evidence, base, explanation)]
    findings = [_authorization(lookup, record, evidence, base, term, result)]
    findings.append(_policy(record, evidence, base))
    return findings


def _permanent_error(lookup, record, evidence, base, explanation: str) -> Finding:
    """What makes receivers treat the record as broken: too many lookups, a referenced domain
    without SPF, or else the syntax (pyspf's explanation says which term)."""
    params = {**base, "detail": explanation[:200]}
    if "lookup" in explanation.lower():
        return Finding("spf", PROBLEM, "spf_too_many_lookups", evidence, params)
    target, chain = target_without_record(lookup, record)
    if target is not None:
        return Finding(
            "spf", PROBLEM, "spf_target_no_record", (*evidence, *chain), {**params, "target": target}
        )
    return Finding("spf", PROBLEM, "spf_syntax", evidence, params)


def _authorization(lookup, record, evidence, base, term, result) -> Finding:
    fixed = {**base, "record": with_term(record, term) if term else record}
    if base["include"]:
        found, chain = reaches(lookup, record, base["include"])
        evidence = (*evidence, *chain)
        if found is None:
            return Finding("spf", NOT_CHECKED, "not_checked", evidence, {"question": base["include"]})
        if found:
            return Finding("spf", PASS, "spf_include_ok", evidence, base)
        return Finding("spf", PROBLEM, "spf_include_missing", evidence, fixed)
    if base["address"]:
        if result == "pass":
            return Finding("spf", PASS, "spf_address_ok", evidence, base)
        return Finding(
            "spf", PROBLEM, "spf_address_not_allowed", evidence, {**fixed, "result": _result_words(result)}
        )
    return Finding("spf", WARNING, "spf_relay_unknown", evidence, base)


def _policy(record: str, evidence, base) -> Finding:
    qualifier = _all_qualifier(record)
    if qualifier in ("-", "redirect"):
        return Finding("spf_policy", PASS, "spf_all_fail", evidence, base)
    if qualifier == "~":
        return Finding("spf_policy", PASS, "spf_all_softfail", evidence, base)
    if qualifier in ("+", "?"):
        params = {**base, "all": f"{qualifier}all", "record": record.replace(f"{qualifier}all", "~all")}
        if qualifier == "+" and "+all" not in record:
            params["record"] = " ".join(w if w.lower() != "all" else "~all" for w in record.split())
        return Finding("spf_policy", PROBLEM, "spf_all_open", evidence, params)
    return Finding("spf_policy", WARNING, "spf_all_missing", evidence, {**base, "record": f"{record} ~all"})


__all__ = ["evaluate", "is_spf", "spf_findings"]


def _result_words(result: str) -> Text:
    """RFC 7208's result name (fail, softfail) as the user reads it: 失败, 软失败."""
    from wizard.core.i18n import MissingMessage, tr

    try:
        return Text(
            zh_CN=tr(f"domain.spf_result.{result}", "zh_CN"), en=tr(f"domain.spf_result.{result}", "en")
        )
    except MissingMessage:
        return Text(zh_CN=result, en=result)
