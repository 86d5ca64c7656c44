"""DNS for the sender-domain checks: one resolver, answers as data, failures kept apart.

A lookup that could not be made (timeout, SERVFAIL, no network) is ``unreachable``: the checks
turn it into "could not check", never into a problem with the customer's domain. So is "no such
domain" from a DNS server that denies every name (offline stubs, captive networks): detection's
test for that (a domain that certainly exists) decides, asked once per check.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from wizard.core.detect.dns_queries import KNOWN_DOMAIN, answers_for_known_domain
from wizard.core.nameserver import make_resolver
from wizard.core.untrusted import shown

FOUND, NO_DOMAIN, NO_RECORDS, UNREACHABLE = "found", "no_domain", "no_records", "unreachable"
MAX_TXT = 4096  # characters kept of one TXT record: SPF/DMARC/DKIM records are far shorter


@dataclass(frozen=True)
class Answer:
    name: str
    rdtype: str
    outcome: str  # found | no_domain | no_records | unreachable
    records: tuple[str, ...] = ()
    detail: str = ""

    @property
    def evidence(self) -> str:
        """``TXT acme.cn: "v=spf1 ..."`` as shown to the user."""
        if self.outcome == FOUND:
            return f"{self.rdtype} {self.name}: " + " | ".join(f'"{r}"' for r in self.records)
        return f"{self.rdtype} {self.name}: {self.outcome}"


class Lookup:
    """A dnspython resolver (the system's, or ``--nameserver``) under one overall deadline."""

    def __init__(self, nameserver: str | None = None, timeout: float = 10.0, per_query: float = 3.0) -> None:
        self.resolver = make_resolver(nameserver)  # detection's: --nameserver, else SMTP_WIZARD_NAMESERVER
        self.deadline = time.monotonic() + timeout
        self.per_query = per_query
        self._trusted_denials: bool | None = None  # does this server's NXDOMAIN mean anything?

    def lifetime(self) -> float:
        return min(self.per_query, self.deadline - time.monotonic())

    def raw(self, name: str, rdtype: str):
        """The dnspython answer; raises dnspython's exceptions (pyspf's adapter maps them)."""
        import dns.exception

        lifetime = self.lifetime()
        if lifetime <= 0:
            raise dns.exception.Timeout("the DNS time limit ran out")
        return self.resolver.resolve(name, rdtype, lifetime=lifetime, search=False)

    def ask(self, name: str, rdtype: str) -> Answer:
        import dns.exception
        import dns.resolver

        try:
            answer = self.raw(name, rdtype)
        except dns.resolver.NXDOMAIN:
            if not self._denials_mean_something(name):
                return Answer(name, rdtype, UNREACHABLE, detail=f"the DNS server also denies {KNOWN_DOMAIN}")
            return Answer(name, rdtype, NO_DOMAIN)
        except dns.resolver.NoAnswer:
            return Answer(name, rdtype, NO_RECORDS)
        except (dns.exception.DNSException, OSError, ValueError) as error:
            return Answer(name, rdtype, UNREACHABLE, detail=shown(str(error)[:200]))
        texts = [_text(rdtype, record) for record in answer]
        if rdtype == "MX":  # best preference first; other types in a stable order for the evidence
            texts.sort(key=lambda text: int(text.split(" ", 1)[0]))
        else:
            texts.sort()
        return Answer(name, rdtype, FOUND, tuple(texts))

    def _denials_mean_something(self, name: str) -> bool:
        if name.lower().rstrip(".") == KNOWN_DOMAIN:
            return False
        if self._trusted_denials is None:
            self._trusted_denials = answers_for_known_domain(self.resolver, self.lifetime())
        return self._trusted_denials


def _text(rdtype: str, record) -> str:
    if rdtype == "MX":
        return f"{record.preference} {record.exchange.to_text(omit_final_dot=True).lower()}"
    if rdtype == "TXT":
        return shown(b"".join(record.strings).decode("utf-8", "replace")[:MAX_TXT])
    return shown(record.to_text())
