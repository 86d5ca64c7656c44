"""Which provider serves an address: by its domain, else by the domain's MX records.

Company domains (``name@acme.cn``) are hosted by Tencent exmail, Aliyun, NetEase,
Microsoft 365 and so on; their MX hosts give that away. A DNS failure is reported
in the result, never raised: detection is a convenience, not a gate.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from wizard.core.addresses import InputError, domain_of, normalize_address
from wizard.core.catalog import Catalog, Provider, load_catalog

# Where the site's DNS is broken or filtered, support can point detection elsewhere
# (e.g. SMTP_WIZARD_NAMESERVER=223.5.5.5); the CLI's --nameserver wins over it.
NAMESERVER_ENV = "SMTP_WIZARD_NAMESERVER"


@dataclass(frozen=True)
class Detection:
    address: str
    domain: str
    provider: Provider | None
    method: str  # "domain" | "mx" | "none"
    mx_hosts: tuple[str, ...] = ()
    error: str | None = None  # dns_no_domain | dns_no_mx | dns_timeout | dns_failure | dns_unreachable
    error_detail: str = field(default="", compare=False)


def parse_nameserver(value: str) -> tuple[str, int]:
    """``HOST`` or ``HOST:PORT`` or ``[v6]:PORT``."""
    value = value.strip()
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        return host, int(rest.lstrip(":") or 53)
    if value.count(":") == 1:
        host, port = value.split(":")
        return host, int(port)
    return value, 53


def lookup_mx(domain: str, *, nameserver: str | None = None, timeout: float = 3.0) -> list[str]:
    """MX hosts of ``domain``, best preference first. Raises dns.exception.DNSException."""
    import dns.resolver  # imported here: keeps dnspython off the start-up path

    nameserver = nameserver or os.environ.get(NAMESERVER_ENV) or None
    if nameserver:
        resolver = dns.resolver.Resolver(configure=False)
        host, port = parse_nameserver(nameserver)
        resolver.nameservers = [host]
        resolver.port = port
    else:
        resolver = dns.resolver.Resolver()
    answer = resolver.resolve(domain, "MX", lifetime=timeout)
    records = sorted(answer, key=lambda r: r.preference)
    return [r.exchange.to_text(omit_final_dot=True).lower() for r in records]


KNOWN_DOMAIN = "qq.com"  # certainly exists: a resolver that denies it cannot be asked


def _resolver_answers(nameserver: str | None, timeout: float) -> bool:
    import dns.exception
    import dns.resolver

    try:
        lookup_mx(KNOWN_DOMAIN, nameserver=nameserver, timeout=timeout)
    except dns.resolver.NoAnswer:
        return True
    except (dns.exception.DNSException, OSError, ValueError):
        return False
    return True


def detect(
    address: str,
    *,
    catalog: Catalog | None = None,
    nameserver: str | None = None,
    timeout: float = 3.0,
    use_dns: bool = True,
) -> Detection:
    """Raise InputError for a malformed address; otherwise always return a Detection."""
    catalog = catalog or load_catalog()
    ascii_address = normalize_address(address)
    domain = domain_of(ascii_address)
    provider = catalog.by_domain(domain)
    if provider is not None:
        return Detection(ascii_address, domain, provider, "domain")
    if not use_dns:
        return Detection(ascii_address, domain, None, "none")
    import dns.exception
    import dns.resolver

    try:
        mx_hosts = lookup_mx(domain, nameserver=nameserver, timeout=timeout)
    except dns.resolver.NXDOMAIN:
        # "does not exist" only when the resolver can answer at all: offline stubs and captive
        # networks deny every name, and the user must not be told to check the spelling then.
        code = "dns_no_domain" if _resolver_answers(nameserver, timeout) else "dns_unreachable"
        return Detection(ascii_address, domain, None, "none", error=code)
    except (dns.resolver.NoAnswer, dns.resolver.NoNameservers) as error:
        code = "dns_no_mx" if isinstance(error, dns.resolver.NoAnswer) else "dns_failure"
        return Detection(ascii_address, domain, None, "none", error=code, error_detail=str(error))
    except dns.exception.Timeout as error:
        return Detection(ascii_address, domain, None, "none", error="dns_timeout", error_detail=str(error))
    except (dns.exception.DNSException, OSError, ValueError) as error:
        return Detection(ascii_address, domain, None, "none", error="dns_failure", error_detail=str(error))
    provider = catalog.by_mx(mx_hosts)
    return Detection(ascii_address, domain, provider, "mx" if provider else "none", tuple(mx_hosts))


__all__ = ["Detection", "InputError", "detect", "lookup_mx", "parse_nameserver"]
