"""Whole-process ``smtp-wizard check`` (connect, STARTTLS, login; state file read, compared and
written; Prometheus file written) against ``smtp-wizard test --login-only`` doing the same SMTP
work on loopback. The sender-domain check is left out (``--no-domain-check``): it is DNS work
`test --login-only` does not do. Target: at most 1.2x in run time and in peak memory."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks._common import (
    PYTHON,
    Figure,
    alternate,
    env,
    peak_rss_kib,
    ratio_figure,
    report,
    time_process,
)
from benchmarks._servers import PASSWORD, USER, starttls_server

TARGET = 1.2


def commands(port: int, ca_file: str, folder: Path) -> tuple[list[str], list[str]]:
    settings = ["--host", "localhost", "--port", str(port), "--security", "starttls", "--ca-file", ca_file]
    settings += ["--username", USER, "--sender", USER, "--password-env", "BENCH_PW"]
    check = [PYTHON, "-m", "wizard", "check", *settings, "--no-domain-check"]
    check += ["--state", str(folder / "state.json"), "--prometheus", str(folder / "smtp.prom")]
    test = [PYTHON, "-m", "wizard", "test", "--login-only", *settings]
    return check, test


def measure(rounds: int) -> list[Figure]:
    with starttls_server() as (port, ca_file), tempfile.TemporaryDirectory() as tmp:
        check, test = commands(port, ca_file, Path(tmp))
        environ = env(BENCH_PW=PASSWORD)
        ours, base = alternate(
            lambda: time_process(check, environ=environ), lambda: time_process(test, environ=environ), rounds
        )
        ours_kib, base_kib = alternate(
            lambda: peak_rss_kib(check, environ=environ),
            lambda: peak_rss_kib(test, environ=environ),
            max(3, rounds // 3),
        )
    o, b = statistics.median(ours_kib), statistics.median(base_kib)
    memory = Figure(
        "check peak RSS vs test --login-only", o / b, TARGET, "x", f"{o / 1024:.1f} MiB vs {b / 1024:.1f} MiB"
    )
    return [ratio_figure("check run vs test --login-only", ours, base, TARGET), memory]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    return report(measure(args.rounds), as_json=args.json)


if __name__ == "__main__":
    sys.exit(main())
