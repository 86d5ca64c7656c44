"""Detection steps 2-5 run in parallel: with a DNS server that takes D per answer, the whole
detection should cost about the slowest step, not the sum of all steps (target <= 0.6x of the
same steps run one after another, measured alternately in the same run)."""

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    return report([measure(args.delay, args.rounds)], as_json=args.json)


if __name__ == "__main__":
    sys.exit(main())
