"""Detection steps 2-5 run in parallel: with a DNS server that takes D per answer, the whole
detection should cost about the slowest step, not the sum of all steps (target <= 0.6x of the
same steps run one after another, measured alternately in the same run).

And detection answers once the answer is known (issue 22): with a company web server that
accepts and never answers (an MX match is known at once), and with a guess whose 587 answers
while port 25 is filtered, the time to answer is compared with the time the answer was known,
measured as the same detection with the hanging port refused instead (alternately, same run;
target <= 1.2x, and never the whole 8 s budget)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from benchmarks._common import Figure, report

ZONES = {"slow-corp.cn": [(10, "mx.gateway.example")]}
RECORDS = {("slow-corp.cn", "TXT"): ['"v=spf1 include:spf.mail.qq.com -all"']}
NXDOMAIN = {"autoconfig.slow-corp.cn", "smtp.slow-corp.cn", "mail.slow-corp.cn"}


def measure(delay: float, rounds: int) -> Figure:
    from tests.core.dns_server import LocalDns
    from wizard.core.catalog import load_catalog
    from wizard.core.detect import detect
    from wizard.core.detect.dns_queries import make_resolver
    from wizard.core.detect.pipeline import Context, step_autoconfig, step_cname, step_mx, step_spf
    from wizard.core.engine.api import CancelToken

    parallel, sequential = [], []
    with LocalDns(ZONES, records=RECORDS, nxdomain=NXDOMAIN, delay=delay) as dns:
        for _ in range(rounds):
            started = time.perf_counter()
            result = detect("hr@slow-corp.cn", nameserver=dns.address, timeout=30, guess=False)
            parallel.append(time.perf_counter() - started)
            ctx = Context(
                "slow-corp.cn",
                "hr@slow-corp.cn",
                load_catalog(),
                make_resolver(dns.address),
                time.monotonic() + 30,
                CancelToken(),
            )
            started = time.perf_counter()
            for step in (step_mx, step_spf, step_cname, step_autoconfig):
                step(ctx)
            sequential.append(time.perf_counter() - started)
    ratio = statistics.median(parallel) / statistics.median(sequential)
    return Figure(
        "detect: steps 2-5 parallel",
        ratio,
        0.6,
        "x",
        f"DNS delay {delay:g}s; parallel {statistics.median(parallel):.2f}s, "
        f"one after another {statistics.median(sequential):.2f}s; found by {result.method}",
    )


BUDGET = 8.0
EARLY_ZONES = {"hangweb-corp.cn": [(5, "mxbiz1.qq.com")], "filtered-corp.cn": [(10, "mx.filtered-corp.cn")]}
EARLY_A = ("autoconfig.hangweb-corp.cn", "hangweb-corp.cn", "smtp.filtered-corp.cn")
EARLY_NXDOMAIN = {"autoconfig.filtered-corp.cn", "mail.filtered-corp.cn", "mx.filtered-corp.cn"}


def _listener(silent: bool):
    """A port that accepts and never answers (``silent``), or one that refuses (closed)."""
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    if silent:
        sock.listen(16)
        return sock, sock.getsockname()[1]
    port = sock.getsockname()[1]
    sock.close()
    return None, port


def measure_early(delay: float, rounds: int) -> list[Figure]:
    import tempfile

    import trustme

    from tests.core.dns_server import LocalDns
    from tests.support.servers import Handler, LoopbackController, server_context
    from wizard.core.detect import detect
    from wizard.core.settings import Endpoint, Security

    ca = trustme.CA()
    ca_file = tempfile.NamedTemporaryFile(suffix=".pem", delete=False).name
    ca.cert_pem.write_to_path(ca_file)
    context = server_context(ca.issue_cert("smtp.filtered-corp.cn"))
    smtp = LoopbackController(
        Handler(),
        server_hostname="smtp.filtered-corp.cn",
        ready_timeout=5.0,
        tls_context=context,
        require_starttls=True,
        auth_require_tls=False,
    )
    smtp.start()
    hanging, hang_port = _listener(silent=True)
    _closed, closed_port = _listener(silent=False)
    records = {(name, "A"): ["127.0.0.1"] for name in EARLY_A}
    timings: dict[tuple[str, bool], list[float]] = {}
    methods: dict[str, str] = {}
    try:
        with LocalDns(EARLY_ZONES, records=records, nxdomain=EARLY_NXDOMAIN, delay=delay) as dns:
            for _ in range(rounds):
                for hang in (True, False):  # alternately: with the hanging port, then refused
                    port = hang_port if hang else closed_port
                    started = time.perf_counter()
                    web = detect(
                        "hr@hangweb-corp.cn",
                        nameserver=dns.address,
                        timeout=BUDGET,
                        https_port=port,
                        http_port=port,
                    )
                    timings.setdefault(("web", hang), []).append(time.perf_counter() - started)
                    methods["web"] = web.method
                    candidates = [
                        Endpoint(closed_port, Security.SSL),
                        Endpoint(smtp.port, Security.STARTTLS),
                        Endpoint(port, Security.STARTTLS),
                    ]
                    started = time.perf_counter()
                    guessed = detect(
                        "hr@filtered-corp.cn",
                        nameserver=dns.address,
                        timeout=BUDGET,
                        ca_file=ca_file,
                        https_port=closed_port,
                        http_port=closed_port,
                        guess_candidates=candidates,
                    )
                    timings.setdefault(("guess", hang), []).append(time.perf_counter() - started)
                    methods["guess"] = guessed.method
    finally:
        smtp.stop()
        hanging.close()
    figures = []
    for case, label in (("web", "hanging web port"), ("guess", "filtered port 25")):
        answered = statistics.median(timings[(case, True)])
        known = statistics.median(timings[(case, False)])
        worst = max(timings[(case, True)])
        figures.append(
            Figure(
                f"detect: answer vs known ({label})",
                answered / known,
                1.2,
                "x",
                f"answered {answered:.2f}s, known {known:.2f}s, slowest {worst:.2f}s of the {BUDGET:g}s "
                f"budget; DNS delay {delay:g}s; found by {methods[case]}",
            )
        )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    return report(
        [measure(args.delay, args.rounds), *measure_early(args.delay, args.rounds)], as_json=args.json
    )


if __name__ == "__main__":
    sys.exit(main())
