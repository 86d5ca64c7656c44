"""Start-up: process start to the first painted page (``smtp-wizard --smoke``), against the
smallest PySide6 QWizard script, measured alternately in the same run. Target: at most 1.25x."""

from __future__ import annotations

import argparse
import sys

from benchmarks._common import PYTHON, ROOT, alternate, ratio_figure, report, time_to_first_line


def measure(rounds: int, ours_argv: list[str] | None = None, base_argv: list[str] | None = None):
    ours_argv = ours_argv or [PYTHON, "-m", "wizard", "--smoke"]
    base_argv = base_argv or [PYTHON, str(ROOT / "benchmarks" / "baseline_wizard.py"), "--smoke"]
    ours, base = alternate(
        lambda: time_to_first_line(ours_argv), lambda: time_to_first_line(base_argv), rounds
    )
    return ratio_figure("start-up to first paint", ours, base, 1.25)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    return report([measure(args.rounds)], as_json=args.json)


if __name__ == "__main__":
    sys.exit(main())
