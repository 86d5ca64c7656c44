"""Memory: peak RSS of the wizard through a test send, against the minimal QWizard that paints
one page. Target: at most 1.3x."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

from benchmarks._common import PYTHON, ROOT, Figure, env, report
from benchmarks._servers import starttls_server


def peak_rss_kib(argv: list[str]) -> int:
    """Run ``argv`` and return its own peak RSS (wait4 gives the child's rusage)."""
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env())
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{argv} failed ({process.returncode})")
    return usage.ru_maxrss  # KiB on Linux


def measure(rounds: int = 3) -> Figure:
    ours, base = [], []
    with starttls_server() as (port, ca_file):
        for _ in range(rounds):
            ours.append(peak_rss_kib([PYTHON, "-m", "benchmarks._drive_wizard", str(port), ca_file]))
            base.append(
                peak_rss_kib([PYTHON, str(ROOT / "benchmarks" / "baseline_wizard.py"), "--hold", "0.5"])
            )
    o, b = statistics.median(ours), statistics.median(base)
    return Figure(
        "peak RSS through a test send", o / b, 1.3, "x", f"{o / 1024:.0f} MiB vs baseline {b / 1024:.0f} MiB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    return report([measure()], as_json=parser.parse_args().json)


if __name__ == "__main__":
    sys.exit(main())
