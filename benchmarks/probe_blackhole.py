"""Probing 4 candidates of which 2 are blackholed, with timeout T: total at most 1.15 T."""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from benchmarks._common import Figure, report
from benchmarks._servers import blackholed_port, starttls_server


def measure(timeout: float, rounds: int) -> Figure:
    from wizard.core.engine.probe import probe
    from wizard.core.settings import Endpoint, Security

    totals = []
    with starttls_server() as (port, ca_file), blackholed_port() as hole1, blackholed_port() as hole2:
        candidates = [
            Endpoint(port, Security.STARTTLS),
            Endpoint(hole1, Security.SSL),
            Endpoint(hole2, Security.STARTTLS),
            Endpoint(port, Security.NONE),
        ]
        for _ in range(rounds):
            started = time.perf_counter()
            report_ = probe("localhost", candidates, timeout=timeout, ca_file=ca_file)
            totals.append(time.perf_counter() - started)
        codes = ", ".join(f"{r.candidate}={r.code}" for r in report_.results)
    median = statistics.median(totals)
    return Figure(
        "probe 4 candidates, 2 blackholed",
        median / timeout,
        1.15,
        "T",
        f"T={timeout:g}s, median {median:.2f}s; {codes}",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    return report([measure(args.timeout, args.rounds)], as_json=args.json)


if __name__ == "__main__":
    sys.exit(main())
