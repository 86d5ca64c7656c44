"""Start-up of the one-file wizard: ``smtp-wizard-onefile --smoke`` to its first output line (the
window painted), against the one-folder bundle of the same build, alternately, both copied into
a clean folder and started with a minimal environment. Target: at most 1.5 s (issue 13).
Linux and macOS: on Windows the wizard is a windowed program without standard output.

Needs dist/smtp-wizard-onefile and dist/smtp-wizard (``bash scripts/build_bundle.sh --onefile``
and ``bash scripts/build_bundle.sh``). The difference between the two is what the one file pays
for unpacking itself into a temporary folder on every start.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks._common import ROOT, Figure, alternate, report, seconds_figure, time_to_first_line

TARGET_S = 1.5
ONEFILE = ROOT / "dist" / "smtp-wizard-onefile"
ONEFOLDER = ROOT / "dist" / "smtp-wizard"


def measure(rounds: int, onefile: Path = ONEFILE, onefolder: Path = ONEFOLDER) -> Figure:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "home").mkdir()
        exe = work / onefile.name
        shutil.copy2(onefile, exe)
        folder = work / onefolder.name
        shutil.copytree(onefolder, folder, symlinks=True)
        environ = {"HOME": str(work / "home"), "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
        ours, base = alternate(
            lambda: time_to_first_line([str(exe), "--smoke"], environ=environ),
            lambda: time_to_first_line([str(folder / "smtp-wizard"), "--smoke"], environ=environ),
            rounds,
        )
    size = onefile.stat().st_size / 1024 / 1024
    return seconds_figure(
        "one-file wizard start (--smoke)",
        ours,
        base,
        TARGET_S,
        f"one file {size:.0f} MiB",
        "for the one folder",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    return report([measure(args.rounds)], as_json=args.json)


if __name__ == "__main__":
    sys.exit(main())
