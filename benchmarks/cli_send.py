"""Whole-process ``smtp-wizard test`` (STARTTLS + login + send on loopback) against a minimal
smtplib script doing the same exchange. Target: at most 1.3x."""

from __future__ import annotations

import argparse
import statistics
import sys

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
from benchmarks._servers import PASSWORD, USER, starttls_server, test_command

BASELINE = f"""
import smtplib, ssl, sys
from email.message import EmailMessage
port, ca = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(cafile=ca)
msg = EmailMessage()
msg["From"], msg["To"], msg["Subject"] = "{USER}", "{USER}", "baseline"
msg.set_content("baseline message")
with smtplib.SMTP("localhost", port, local_hostname="localhost", timeout=10) as s:
    s.starttls(context=ctx)
    s.ehlo()
    s.login("{USER}", "{PASSWORD}")
    s.send_message(msg)
"""


def measure(rounds: int) -> list[Figure]:
    with starttls_server() as (port, ca_file):
        ours_argv = [PYTHON, "-m", "wizard", *test_command(port, "BENCH_PW"), "--ca-file", ca_file]
        base_argv = [PYTHON, "-c", BASELINE, str(port), ca_file]
        environ = env(BENCH_PW=PASSWORD)
        ours, base = alternate(
            lambda: time_process(ours_argv, environ=environ),
            lambda: time_process(base_argv, environ=environ),
            rounds,
        )
        ours_kib, base_kib = alternate(
            lambda: peak_rss_kib(ours_argv, environ=environ),
            lambda: peak_rss_kib(base_argv, environ=environ),
            max(3, rounds // 3),
        )
    o, b = statistics.median(ours_kib), statistics.median(base_kib)
    memory = Figure(
        "CLI send peak RSS vs smtplib script", o / b, 1.3, "x", f"{o / 1024:.1f} MiB vs {b / 1024:.1f} MiB"
    )
    return [ratio_figure("CLI test send vs smtplib script", ours, base, 1.3), memory]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    return report(measure(args.rounds), as_json=args.json)


if __name__ == "__main__":
    sys.exit(main())
