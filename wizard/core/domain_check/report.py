"""``check_domain``: every sender-domain finding for one address and relay, worst first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wizard.core.addresses import domain_of, is_ip_address, normalize_address
from wizard.core.catalog import Catalog, Provider, load_catalog
from wizard.core.domain_check.dkim_check import dkim_finding
from wizard.core.domain_check.dmarc_check import dmarc_finding
from wizard.core.domain_check.dns_lookup import FOUND, Lookup
from wizard.core.domain_check.findings import NOT_CHECKED, PASS, PROBLEM, SKIPPED, Finding, worst
from wizard.core.domain_check.mx_check import mx_finding
from wizard.core.domain_check.spf_check import spf_findings


@dataclass(frozen=True)
class DomainReport:
    address: str
    domain: str
    relay: str  # host name, or "" when unknown
    provider: Provider | None  # the preset the relay belongs to
    relay_address: str | None  # the IP an SPF record must allow (custom servers)
    findings: tuple[Finding, ...]

    @property
    def status(self) -> str:
        return worst(self.findings)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "address": self.address,
            "domain": self.domain,
            "relay": self.relay,
            "provider": self.provider.id if self.provider else None,
            "relay_address": self.relay_address,
            "status": self.status,
            "findings": [finding.to_dict(lang) for finding in self.findings],
        }


def _relay(
    lookup: Lookup, catalog: Catalog, domain: str, relay: str, provider: Provider | None
) -> tuple[str, Provider | None, str | None]:
    """(relay name, preset, address to evaluate) from what the caller knows."""
    if provider is not None and not provider.is_custom:
        return relay or provider.host, provider, None
    if relay and is_ip_address(relay):
        return relay, None, relay
    if relay:
        preset = catalog.by_host(relay)
        if preset is not None:
            return relay, preset, None
        for rdtype in ("A", "AAAA"):
            answer = lookup.ask(relay, rdtype)
            if answer.outcome == FOUND:
                return relay, None, answer.records[0]
        return relay, None, None
    mx = lookup.ask(domain, "MX")  # no relay named: the domain's mail host tells the usual one
    preset = catalog.by_mx([r.split(" ", 1)[1] for r in mx.records]) if mx.outcome == FOUND else None
    return (preset.host if preset else ""), preset, None


def check_domain(
    address: str,
    *,
    relay: str = "",
    provider: Provider | None = None,
    relay_address: str | None = None,
    recipient: str | None = None,
    dkim_selector: str | None = None,
    nameserver: str | None = None,
    timeout: float = 15.0,
    catalog: Catalog | None = None,
) -> DomainReport:
    """Raise InputError for a malformed address; DNS problems become "could not check" findings.

    ``relay_address`` (the IP the test connected to) wins over resolving ``relay`` for custom servers.
    """
    catalog = catalog or load_catalog()
    address = normalize_address(address)
    domain = domain_of(address)
    lookup = Lookup(nameserver, timeout=timeout)
    findings: list[Finding] = []
    owner = catalog.by_domain(domain)
    if owner is not None and owner.category == "personal":
        params = {"domain": domain, "provider": owner.name}
        findings.append(Finding("domain", SKIPPED, "personal_domain", (), params))
        relay_name, preset, ip = relay or owner.host, owner, None
    else:
        relay_name, preset, ip = _relay(lookup, catalog, domain, relay, provider)
        ip = relay_address or ip
        include = preset.spf_include if preset else None
        spf = spf_findings(lookup, domain, include=include, relay=relay_name, relay_address=ip)
        findings += spf
        dkim = None
        if dkim_selector or (preset and preset.dkim_after_setup):
            name = preset.name if preset else None
            dkim = dkim_finding(lookup, domain, selector=dkim_selector, provider_name=name)
        if dkim is not None:
            findings.append(dkim)
        findings.append(dmarc_finding(lookup, domain, aligned=_aligned(spf[0], dkim)))
    if recipient:
        findings.append(mx_finding(lookup, domain_of(normalize_address(recipient))))
    return DomainReport(address, domain, relay_name, preset, ip, tuple(findings))


def _aligned(spf: Finding, dkim: Finding | None) -> bool | None:
    """DMARC passes when SPF (for the From domain) or a DKIM key of the From domain passes."""
    if spf.status == PASS or (dkim is not None and dkim.status == PASS):
        return True
    if spf.status == PROBLEM:
        return False
    if spf.status == NOT_CHECKED or spf.code == "spf_relay_unknown":
        return None
    return False
