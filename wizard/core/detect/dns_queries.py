"""DNS questions for detection (dnspython), each answered as data, never raised.

An answer says which of these happened, because users act differently on each: the domain does
not exist (fix the address), it exists without such records, or the DNS server did not answer at
all (no network, or DNS filtered: nothing is known about the domain).
"""

from __future__ import annotations

from dataclasses import dataclass

# Outcomes of one question (also the step statuses the pipeline reports).
FOUND, NO_DOMAIN, NO_RECORDS, NO_NETWORK, FAILED = "found", "no_domain", "nothing", "no_network", "failed"


@dataclass(frozen=True)
class DnsAnswer:
    question: str  # "MX acme.cn"
    outcome: str  # found | no_domain | nothing | no_network | failed
    records: tuple[str, ...] = ()  # MX as "pref host", others as text
    detail: str = ""


# Offline stubs and captive networks answer "no such domain" for every name. "Does not exist"
# (check the spelling) is only said when the same server knows a domain that certainly exists.
KNOWN_DOMAIN = "qq.com"


def answers_for_known_domain(resolver, lifetime: float) -> bool:
    """Whether this DNS server knows a domain that certainly exists: only then does its "no such
    domain" say anything about the name asked (detection and the sender-domain check ask this)."""
    return ask(resolver, KNOWN_DOMAIN, "MX", lifetime).outcome in (FOUND, NO_RECORDS)


def ask(resolver, name: str, rdtype: str, lifetime: float) -> DnsAnswer:
    import dns.exception
    import dns.resolver

    question = f"{rdtype} {name}"
    if lifetime <= 0:
        return DnsAnswer(question, NO_NETWORK, detail="no time left")
    try:
        answer = resolver.resolve(name, rdtype, lifetime=lifetime, search=False)
    except dns.resolver.NXDOMAIN:
        if name != KNOWN_DOMAIN and not answers_for_known_domain(resolver, lifetime):
            return DnsAnswer(question, NO_NETWORK, detail=f"the DNS server also denies {KNOWN_DOMAIN}")
        return DnsAnswer(question, NO_DOMAIN)
    except dns.resolver.NoAnswer:
        return DnsAnswer(question, NO_RECORDS)
    except dns.exception.Timeout as error:
        return DnsAnswer(question, NO_NETWORK, detail=str(error))
    except dns.resolver.NoNameservers as error:  # SERVFAIL/REFUSED: the server answered, but not this
        return DnsAnswer(question, FAILED, detail=str(error))
    except (dns.exception.DNSException, OSError, ValueError) as error:
        return DnsAnswer(question, FAILED, detail=str(error))
    return DnsAnswer(question, FOUND, tuple(_text(rdtype, record) for record in _sorted(rdtype, answer)))


def _sorted(rdtype: str, answer):
    return sorted(answer, key=lambda r: r.preference) if rdtype == "MX" else list(answer)


def _text(rdtype: str, record) -> str:
    if rdtype == "MX":
        return f"{record.preference} {record.exchange.to_text(omit_final_dot=True).lower()}"
    if rdtype == "CNAME":
        return record.target.to_text(omit_final_dot=True).lower()
    if rdtype == "TXT":
        return b"".join(record.strings).decode("utf-8", "replace")
    return record.to_text()


def mx_hosts(answer: DnsAnswer) -> list[str]:
    return [record.split(" ", 1)[1] for record in answer.records]


def spf_includes(answer: DnsAnswer) -> list[str]:
    """``include:`` and ``redirect=`` targets of the domain's SPF record(s)."""
    targets: list[str] = []
    for text in answer.records:
        words = text.split()
        if not words or words[0].lower() != "v=spf1":
            continue
        for word in words[1:]:
            word = word.lower().lstrip("+")
            for prefix in ("include:", "redirect="):
                if word.startswith(prefix):
                    targets.append(word[len(prefix) :].rstrip("."))
    return targets


def first_address(resolver, host: str, lifetime: float) -> DnsAnswer:
    """An IPv4 address of ``host``, else an IPv6 one (detection connects to what our resolver says)."""
    answer = ask(resolver, host, "A", lifetime)
    if answer.outcome == NO_RECORDS:
        answer = ask(resolver, host, "AAAA", lifetime)
    return answer
