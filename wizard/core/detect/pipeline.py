"""Which provider serves an address, and how that was found, in seven steps.

1. ``domain``: the address domain is in the catalog (no network);
2. ``mx``: the MX hosts, best preference first, by catalog pattern, then by their next-label and
   registered domain (hzmx01.mxmail.netease.com -> mxmail.netease.com, netease.com);
3. ``spf``: the domain's SPF includes (for MX records that point at a spam-filter gateway);
4. ``cname``: the CNAME targets of smtp.<domain> and mail.<domain>;
5. ``autoconfig``: the domain's own autoconfig file;
6. ``ispdb``: the bundled table derived from Thunderbird's ISPDB (address domain, then MX domains);
7. ``guess``: smtp./mail./the bare domain, probed in parallel (only when 2-6 found nothing).

Steps 2-5 run in parallel threads; everything shares one deadline and one CancelToken, and a
step that has not answered by then is reported as ``timeout`` and abandoned (its own socket
and DNS limits end it). Each step reports what was asked and what answered.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Callable, Sequence
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
SKIPPED, TIMEOUT, CANCELLED, UNVERIFIED = "skipped", "timeout", "cancelled", "unverified"
_GRACE = 0.25  # seconds past the deadline for steps that are about to report their own timeout


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
    answer = ask(ctx.resolver, ctx.domain, "TXT", ctx.left())
    if answer.outcome != FOUND:
        return Step("spf", answer.outcome, answer.question, answer.detail)
    includes = spf_includes(answer)
    answered = " ".join(f"include:{i}" for i in includes) or "no SPF include"
    for include in includes:
        provider = ctx.catalog.by_spf_include(include)
        if provider is not None:
            return Step("spf", FOUND, answer.question, answered, provider.id)
    return Step("spf", NO_RECORDS, answer.question, answered)


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
    asked = f"ISPDB {ispdb.table_version()}: " + ", ".join(names)
    for name in names:
        server = ispdb.lookup(name)
        if server is not None:
            provider = ctx.catalog.by_host(server.host)
            return Step("ispdb", FOUND, asked, _server_text(server), provider and provider.id, server)
    return Step("ispdb", NO_RECORDS, asked, "")


def step_guess(ctx: Context) -> Step:
    from wizard.core.detect.guess import GUESS_CANDIDATES, guess, guess_hosts

    candidates = ctx.guess_candidates or GUESS_CANDIDATES
    asked = ", ".join(guess_hosts(ctx.domain)) + " @ " + ",".join(str(c) for c in candidates)
    server, banner, evidence = guess(
        ctx.domain,
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


# ---------------------------------------------------------------- running them


def run_parallel(ctx: Context, steps: Sequence[Callable[[Context], Step]]) -> list[Step]:
    """Run ``steps`` in threads; whatever has not answered by the deadline is reported, not awaited."""
    results: list[Step | None] = [None] * len(steps)
    starts = [0.0] * len(steps)

    def work(index: int) -> None:
        starts[index] = time.monotonic()
        try:
            step = steps[index](ctx)
        except Exception as error:  # a bug in one step must not lose the others
            step = Step(steps[index].__name__.removeprefix("step_"), FAILED, answered=type(error).__name__)
        results[index] = _timed(step, starts[index])

    threads = [
        threading.Thread(target=work, args=(i,), daemon=True, name="detect-step") for i in range(len(steps))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive() and ctx.left() > -_GRACE and not ctx.cancel.cancelled:
            thread.join(0.05)
    final = []
    for index, step_function in enumerate(steps):
        step = results[index]
        if step is None:
            status = CANCELLED if ctx.cancel.cancelled else TIMEOUT
            step = _timed(Step(step_function.__name__.removeprefix("step_"), status), starts[index])
        final.append(step)
    return final


def run_one(ctx: Context, step_function: Callable[[Context], Step]) -> Step:
    name = step_function.__name__.removeprefix("step_")
    if ctx.cancel.cancelled:
        return Step(name, CANCELLED)
    if ctx.left() <= 0:
        return Step(name, TIMEOUT)
    return run_parallel(ctx, [step_function])[0]


def _timed(step: Step, start: float) -> Step:
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
