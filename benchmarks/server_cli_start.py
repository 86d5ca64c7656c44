"""Start-up of the one-file server build: ``smtp-wizard-cli providers --json`` from a clean folder
with an empty environment, against the same command from the installed Python
(``python -m wizard.cli``), alternately. Target: at most 0.3 s (issue 13).

Needs dist/smtp-wizard-cli (``bash scripts/build_server_cli.sh``). A one-file build unpacks
itself into a temporary folder on every start; that, not our code, is most of its time.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks._common import PYTHON, ROOT, Figure, alternate, report, seconds_figure, time_process

TARGET_S = 0.3


def measure(rounds: int, built: Path = ROOT / "dist" / "smtp-wizard-cli") -> Figure:
    with tempfile.TemporaryDirectory() as tmp:
        exe = Path(tmp) / built.name
        shutil.copy2(built, exe)
        ours, base = alternate(
            lambda: time_process([str(exe), "providers", "--json"], environ={}),
            lambda: time_process([PYTHON, "-m", "wizard.cli", "providers", "--json"]),
            rounds,
        )
    size = built.stat().st_size / 1024 / 1024
    return seconds_figure(
        "server CLI start (providers --json)",
        ours,
        base,
        TARGET_S,
        f"one file {size:.1f} MiB",
        "from the venv",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    return report([measure(args.rounds)], as_json=args.json)


if __name__ == "__main__":
    sys.exit(main())
