"""Memory: peak RSS of the wizard through a test send, and of ``smtp-wizard --smoke`` (start to
the first painted page), each against the minimal QWizard that paints one page. Target: at
most 1.3x."""

from __future__ import annotations

import argparse
import statistics
import sys

from benchmarks._common import PYTHON, ROOT, Figure, peak_rss_kib, report
from benchmarks._servers import starttls_server

BASELINE = str(ROOT / "benchmarks" / "baseline_wizard.py")


def measure(rounds: int = 3) -> Figure:
    ours, base = [], []
    with starttls_server() as (port, ca_file):
        for _ in range(rounds):
            ours.append(peak_rss_kib([PYTHON, "-m", "benchmarks._drive_wizard", str(port), ca_file]))
            base.append(peak_rss_kib([PYTHON, BASELINE, "--hold", "0.5"]))
    return _ratio("peak RSS through a test send", ours, base)


def measure_first_paint(rounds: int = 3) -> Figure:
    """What start-up alone costs: the wizard's pages are built on first visit, so this is the
    mode page, the core and the translations (keyring too where a D-Bus session exists)."""
    ours, base = [], []
    for _ in range(rounds):
        ours.append(peak_rss_kib([PYTHON, "-m", "wizard", "--smoke"]))
        base.append(peak_rss_kib([PYTHON, BASELINE, "--smoke"]))
    return _ratio("peak RSS at first paint", ours, base)


def _ratio(name: str, ours: list[int], base: list[int]) -> Figure:
    o, b = statistics.median(ours), statistics.median(base)
    detail = f"median {o / 1024:.1f} MiB vs baseline {b / 1024:.1f} MiB, n={len(ours)}"
    return Figure(name, o / b, 1.3, "x", detail)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    return report([measure(), measure_first_paint()], as_json=parser.parse_args().json)


if __name__ == "__main__":
    sys.exit(main())
