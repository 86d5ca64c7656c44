"""Which provider serves an address, and how it was found (see ``pipeline`` for the steps).

A DNS or network failure is reported in the result, never raised: detection is a convenience,
not a gate. ``Detection.error`` tells "the DNS server did not answer" (``dns_timeout``: no
network or filtered DNS, nothing is known) from "the domain does not exist" (``dns_no_domain``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from wizard.core.addresses import InputError, domain_of, normalize_address
from wizard.core.catalog import Catalog, Provider, load_catalog
from wizard.core.detect.autoconfig import OutgoingServer
from wizard.core.detect.dns_queries import (
    FOUND,
    NO_DOMAIN,
    NO_NETWORK,
    NO_RECORDS,
    mx_hosts,
)
from wizard.core.detect.pipeline import STEPS, Context, Step, ispdb_step
from wizard.core.detect.schedule import run_steps
from wizard.core.engine.api import CancelToken
from wizard.core.nameserver import NAMESERVER_ENV, make_resolver, parse_nameserver
from wizard.core.settings import Endpoint

# Which step's answer wins when several found something: the most specific evidence first.
_PRECEDENCE = ("domain", "mx", "spf", "cname", "autoconfig", "ispdb", "guess")
_DNS_ERRORS = {NO_DOMAIN: "dns_no_domain", NO_NETWORK: "dns_timeout", "failed": "dns_failure"}


@dataclass(frozen=True)
class Detection:
    address: str
    domain: str
    provider: Provider | None
    method: str  # the step that decided: domain | mx | spf | cname | autoconfig | ispdb | guess | none
    mx_hosts: tuple[str, ...] = ()
    error: str | None = None  # dns_no_domain | dns_no_mx | dns_timeout | dns_failure
    error_detail: str = field(default="", compare=False)
    steps: tuple[Step, ...] = ()
    server: OutgoingServer | None = None  # the SMTP server found outside the catalog's presets

    def found_by(self, step_name: str) -> Step | None:
        return next((s for s in self.steps if s.name == step_name and s.status == FOUND), None)


def detect(
    address: str,
    *,
    catalog: Catalog | None = None,
    nameserver: str | None = None,
    timeout: float = 8.0,
    use_dns: bool = True,
    guess: bool = True,
    cancel: CancelToken | None = None,
    ca_file: str | None = None,
    https_port: int = 443,
    http_port: int = 80,
    guess_candidates: Sequence[Endpoint] | None = None,
) -> Detection:
    """Raise InputError for a malformed address; otherwise always return a Detection.

    ``timeout`` bounds all steps together; ``cancel`` stops them. The ports, ``ca_file`` and
    ``guess_candidates`` exist so tests can serve autoconfig and SMTP on loopback."""
    catalog = catalog or load_catalog()
    ascii_address = normalize_address(address)
    domain = domain_of(ascii_address)
    provider = catalog.by_domain(domain)
    if provider is not None:
        step = Step("domain", FOUND, domain, provider.id, provider.id)
        return Detection(ascii_address, domain, provider, "domain", steps=(step,))
    first = Step("domain", NO_RECORDS, domain, "not a listed mail domain")
    own = ispdb_step(catalog, [domain])
    if own.status == FOUND:  # a mailbox provider's own domain (zoho.com.cn): its table entry, no DNS
        return Detection(
            ascii_address,
            domain,
            catalog.find(own.provider_id),
            "ispdb",
            steps=(first, own),
            server=own.server,
        )
    if not use_dns:
        return Detection(ascii_address, domain, None, "none", steps=(first,))
    user_cancel = cancel or CancelToken()
    run_cancel = CancelToken()  # cancelled by the user, or by detection once the answer is known
    user_cancel.on_cancel(run_cancel.cancel)
    ctx = Context(
        domain=domain,
        address=ascii_address,
        catalog=catalog,
        resolver=make_resolver(nameserver),
        deadline=time.monotonic() + timeout,
        cancel=run_cancel,
        ca_file=ca_file,
        https_port=https_port,
        http_port=http_port,
        guess_candidates=guess_candidates,
    )
    steps = [first, *run_steps(ctx, user_cancel, guess=guess)]
    return _decide(ascii_address, domain, catalog, ctx, steps)


def _decide(address: str, domain: str, catalog: Catalog, ctx: Context, steps: list[Step]) -> Detection:
    mx = tuple(mx_hosts(ctx.mx)) if ctx.mx is not None else ()
    error, detail = None, ""
    if ctx.mx is not None and ctx.mx.outcome != FOUND:
        error = _DNS_ERRORS.get(ctx.mx.outcome, "dns_no_mx")
        detail = ctx.mx.detail
    elif ctx.mx is None:
        error = "dns_timeout"
    for name in _PRECEDENCE:
        step = next((s for s in steps if s.name == name and s.status == FOUND), None)
        if step is None:
            continue
        provider = catalog.find(step.provider_id)
        return Detection(address, domain, provider, name, mx, error, detail, tuple(steps), step.server)
    return Detection(address, domain, None, "none", mx, error, detail, tuple(steps))


__all__ = [
    "NAMESERVER_ENV",
    "STEPS",
    "Detection",
    "InputError",
    "OutgoingServer",
    "Step",
    "detect",
    "parse_nameserver",
]
