"""Which provider serves an address, and how that was found, in seven steps.

1. ``domain``: the address domain is in the catalog (no network);
2. ``mx``: the MX hosts, best preference first, by catalog pattern, then by their next-label and
   registered domain (hzmx01.mxmail.netease.com -> mxmail.netease.com, netease.com);
3. ``spf``: the domain's SPF includes, followed to RFC 7208's limit of 10 lookups (for MX records
   that point at a spam-filter gateway; ``include:_spf.<domain>`` may include the provider);
4. ``cname``: the CNAME targets of smtp.<domain> and mail.<domain>;
5. ``autoconfig``: the domain's own autoconfig file;
6. ``ispdb``: the bundled table derived from Thunderbird's ISPDB (address domain, then MX domains);
7. ``guess``: smtp./mail. of the domain, the best MX host, smtp./mail. of the parent domain and
   the bare domain, probed in parallel (only when 2-6 found nothing).

The steps are ranked in that order; ``schedule`` runs them and answers as soon as no pending
step could beat the best answer. Everything shares one deadline and one CancelToken, and a step
that has not answered by then is reported as ``timeout`` and abandoned (its own socket and DNS
limits end it). Each step reports what was asked and what answered.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from wizard.core.catalog import Catalog
from wizard.core.detect import autoconfig, ispdb
from wizard.core.detect.autoconfig import OutgoingServer
from wizard.core.detect.dns_queries import (
    FAILED,
    FOUND,
    NO_DOMAIN,
    NO_NETWORK,
    NO_RECORDS,
    DnsAnswer,
    ask,
    first_address,
    mx_hosts,
    spf_includes,
)
from wizard.core.engine.api import CancelToken
from wizard.core.settings import Endpoint, Security

STEPS = ("domain", "mx", "spf", "cname", "autoconfig", "ispdb", "guess")
RANK = {name: rank for rank, name in enumerate(STEPS)}  # lower wins: the most specific evidence first
SKIPPED, TIMEOUT, CANCELLED, UNVERIFIED = "skipped", "timeout", "cancelled", "unverified"
SPF_LOOKUP_LIMIT = 10  # RFC 7208 section 4.6.4: at most 10 DNS-querying terms per check


@dataclass(frozen=True)
class Step:
    name: str  # one of STEPS
    status: str  # found | nothing | no_domain | no_network | failed | skipped | timeout | cancelled
    # | unverified (an answer shown but not used: see OutgoingServer.unverified)
    asked: str = ""  # "MX acme.cn", a URL, "smtp.acme.cn 465:ssl,587:starttls"
    answered: str = ""  # what came back, short and plain
    provider_id: str | None = None
    server: OutgoingServer | None = None
    ms: int = 0

    def to_dict(self) -> dict:
        return {
            "step": self.name,
            "status": self.status,
            "asked": self.asked,
            "answered": self.answered,
            "provider": self.provider_id,
            "server": self.server.to_dict() if self.server else None,
            "ms": self.ms,
        }


@dataclass
class Context:
    domain: str
    address: str
    catalog: Catalog
    resolver: object
    deadline: float
    cancel: CancelToken
    ca_file: str | None = None
    https_port: int = 443
    http_port: int = 80
    guess_candidates: Sequence[Endpoint] | None = None
    mx: DnsAnswer | None = field(default=None)

    def left(self) -> float:
        return self.deadline - time.monotonic()


@cache
def _public_suffixes():
    from publicsuffixlist import PublicSuffixList  # imported here: loading the list takes a moment

    return PublicSuffixList()


def mx_domains(mx_host: str) -> list[str]:
    """The MX host without its first label, then its registered domain (Thunderbird's two lookups)."""
    registered = _public_suffixes().privatesuffix(mx_host) or mx_host
    parent = mx_host.split(".", 1)[1] if "." in mx_host else mx_host
    return list(dict.fromkeys(name for name in (parent, registered) if name.count(".") >= 1))


# ---------------------------------------------------------------- steps 2-5 (network, parallel)


def step_mx(ctx: Context) -> Step:
    answer = ask(ctx.resolver, ctx.domain, "MX", ctx.left())
    ctx.mx = answer
    answered = ", ".join(answer.records) or answer.detail
    if answer.outcome != FOUND:
        return Step("mx", answer.outcome, answer.question, answered)
    for host in mx_hosts(answer):  # best preference first
        provider = ctx.catalog.by_mx([host])
        if provider is None:
            provider = next(filter(None, map(ctx.catalog.by_mx_domain, mx_domains(host))), None)
        if provider is not None:
            return Step("mx", FOUND, answer.question, answered, provider.id)
    return Step("mx", NO_RECORDS, answer.question, answered)


def step_spf(ctx: Context) -> Step:
    """The domain's SPF includes and, breadth first, theirs (``include:_spf.acme.cn`` ->
    ``include:spf.mail.qq.com``), each checked against the catalog before it is read."""
    answer = ask(ctx.resolver, ctx.domain, "TXT", ctx.left())
    if answer.outcome != FOUND:
        return Step("spf", answer.outcome, answer.question, answer.detail)
    queue = [(include, "") for include in spf_includes(answer)]
    seen = {ctx.domain}
    read: list[str] = []  # "include:x" or "include:x (via y)", in the order found
    terms = 0  # include/redirect terms met: each costs a lookup in a real SPF check
    while queue:
        include, via = queue.pop(0)
        if include in seen:
            continue
        seen.add(include)
        terms += 1
        if terms > SPF_LOOKUP_LIMIT:
            read.append("(lookup limit reached)")
            break
        read.append(f"include:{include}" + (f" (via {via})" if via else ""))
        provider = ctx.catalog.by_spf_include(include)
        if provider is not None:
            return Step("spf", FOUND, answer.question, " ".join(read), provider.id)
        if ctx.left() <= 0 or ctx.cancel.cancelled:
            read.append("(no time left)")
            break
        nested = ask(ctx.resolver, include, "TXT", ctx.left())
        queue += [(target, include) for target in spf_includes(nested)]
    return Step("spf", NO_RECORDS, answer.question, " ".join(read) or "no SPF include")


def step_cname(ctx: Context) -> Step:
    names = [f"smtp.{ctx.domain}", f"mail.{ctx.domain}"]
    answers = [ask(ctx.resolver, name, "CNAME", ctx.left()) for name in names]
    asked = ", ".join(a.question for a in answers)
    answered = ", ".join(f"{a.question.split()[1]} -> {a.records[0]}" for a in answers if a.records)
    for answer in answers:
        for target in answer.records:
            provider = ctx.catalog.by_cname(target)
            if provider is not None:
                return Step("cname", FOUND, asked, answered, provider.id)
    return Step("cname", _worst(answers), asked, answered or _outcomes(answers))


def step_autoconfig(ctx: Context) -> Step:
    from wizard.core.engine.tls import client_context  # the same trust store as the live test

    context = client_context(ctx.ca_file)
    tried: list[str] = []
    addresses: dict[str, DnsAnswer] = {}
    for url in autoconfig.candidate_urls(ctx.domain, ctx.address, ctx.https_port, ctx.http_port):
        if ctx.cancel.cancelled or ctx.left() <= 0:
            break
        host = url.split("/")[2].split(":")[0]
        if host not in addresses:
            addresses[host] = first_address(ctx.resolver, host, ctx.left())
        resolved = addresses[host]
        if resolved.outcome != FOUND:
            tried.append(f"{url.split('?')[0]}: DNS {resolved.outcome}")
            continue
        try:
            data = autoconfig.fetch(url, address=resolved.records[0], deadline=ctx.deadline, context=context)
            server = autoconfig.parse_config(data, domain=ctx.domain, source=url.split("?")[0])
        except ssl.SSLError as error:
            tried.append(f"{url.split('?')[0]}: TLS {error.reason or error}")
            continue
        except (OSError, autoconfig.AutoconfigError) as error:
            tried.append(f"{url.split('?')[0]}: {error or type(error).__name__}")
            continue
        if url.startswith("http:") and server.security is Security.NONE:
            # anyone on the path can write an http answer: it may point us at TLS, never away from it
            tried.append(f"{url}: unencrypted server from an unauthenticated file, ignored")
            continue
        provider = ctx.catalog.by_host(server.host)
        if (
            url.startswith("http:")
            and provider is None
            and not autoconfig.host_in_domain(server.host, ctx.domain)
        ):
            # nor at a stranger's server, which has a valid certificate for its own name
            unverified = replace(server, unverified=True)
            return Step("autoconfig", UNVERIFIED, url, _server_text(unverified), None, unverified)
        return Step(
            "autoconfig", FOUND, url.split("?")[0], _server_text(server), provider and provider.id, server
        )
    status = (
        NO_NETWORK if addresses and all(a.outcome == NO_NETWORK for a in addresses.values()) else NO_RECORDS
    )
    return Step("autoconfig", status, "; ".join(tried[:4]), "")


# ---------------------------------------------------------------- steps 6-7 (after the parallel batch)


def step_ispdb(ctx: Context) -> Step:
    names = [ctx.domain]
    if ctx.mx is not None and ctx.mx.records:
        names += mx_domains(mx_hosts(ctx.mx)[0])
    return ispdb_step(ctx.catalog, names)


def ispdb_step(catalog: Catalog, names: Sequence[str]) -> Step:
    """The first of ``names`` in the bundled table. Its server names a preset only when it is that
    preset's own host: smtp.zoho.com is Zoho's server for personal accounts, not the paid preset's."""
    asked = f"ISPDB {ispdb.table_version()}: " + ", ".join(names)
    for name in names:
        server = ispdb.lookup(name)
        if server is not None:
            provider = catalog.by_host(server.host)
            preset = provider.id if provider is not None and provider.host == server.host else None
            return Step("ispdb", FOUND, asked, _server_text(server), preset, server)
    return Step("ispdb", NO_RECORDS, asked, "")


def parent_domain(domain: str) -> str | None:
    """``univ.edu.cn`` for ``stu.univ.edu.cn``; None when the parent would be a public suffix."""
    registered = _public_suffixes().privatesuffix(domain)
    if not registered or registered == domain or "." not in domain:
        return None
    return domain.split(".", 1)[1]


def step_guess(ctx: Context) -> Step:
    from wizard.core.detect.guess import GUESS_CANDIDATES, guess, guess_hosts

    candidates = ctx.guess_candidates or GUESS_CANDIDATES
    best_mx = mx_hosts(ctx.mx)[0] if ctx.mx is not None and ctx.mx.records else None
    hosts = guess_hosts(ctx.domain, best_mx, parent_domain(ctx.domain))
    asked = ", ".join(hosts) + " @ " + ",".join(str(c) for c in candidates)
    server, banner, evidence = guess(
        hosts,
        ctx.resolver,
        deadline=ctx.deadline,
        cancel=ctx.cancel,
        candidates=candidates,
        ca_file=ctx.ca_file,
    )
    if server is None:
        return Step("guess", NO_RECORDS, asked, "; ".join(evidence))
    providers = ctx.catalog.by_banner(banner)
    provider = next((p for p in providers if p.is_template), providers[0] if providers else None)
    answered = "; ".join([_server_text(server), *filter(None, evidence), banner[:80]])
    return Step("guess", FOUND, asked, answered, provider and provider.id, server)


# ---------------------------------------------------------------- helpers


def timed(step: Step, start: float) -> Step:
    return replace(step, ms=int((time.monotonic() - start) * 1000)) if start else step


def _server_text(server: OutgoingServer) -> str:
    notes = [
        "unverified: fetched without TLS, outside the domain" if server.unverified else "",
        "insecure: no encryption" if server.insecure else "",
        f"certificate: {server.trust_problem}" if server.trust_problem else "",
    ]
    text = f"{server.host} {server.port}/{server.security.value} ({server.username})"
    return "; ".join([text, *filter(None, notes)])


def _outcomes(answers: list[DnsAnswer]) -> str:
    return ", ".join(f"{a.question.split()[1]}: {a.outcome}" for a in answers)


def _worst(answers: list[DnsAnswer]) -> str:
    outcomes = {a.outcome for a in answers}
    for outcome in (NO_NETWORK, FAILED, NO_DOMAIN):
        if outcome in outcomes and len(outcomes) == 1:
            return outcome
    return NO_RECORDS
