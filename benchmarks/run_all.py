"""Run every benchmark and print each figure with its target.

    .venv/bin/python -m benchmarks.run_all [--quick] [--skip-bundle] [--json]

Exit 0 when every target is met, 1 otherwise. Figures are ratios against baselines measured
alternately in the same run (see benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
from pathlib import Path

from benchmarks import (
    blackhole_answer,
    bundle_size,
    check_run,
    cli_send,
    detect_parallel,
    diagnosis_score,
    hostile_memory,
    memory,
    onefile_start,
    probe_blackhole,
    responsiveness,
    server_cli_start,
    startup,
)
from benchmarks._common import ROOT, Figure, report


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer rounds (noisier)")
    parser.add_argument("--skip-bundle", action="store_true", help="skip the PyInstaller builds (minutes)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rounds = 3 if args.quick else 9
    print(
        f"# {platform.node()} {platform.machine()} {platform.python_version()} {platform.platform()}",
        file=sys.stderr,
    )
    figures: list[Figure] = []
    for name, measure in (
        ("startup", lambda: [startup.measure(rounds)]),
        ("cli_send", lambda: cli_send.measure(rounds)),
        ("check_run", lambda: check_run.measure(rounds)),
        ("probe", lambda: [probe_blackhole.measure(2.0, max(1, rounds // 3))]),
        ("blackhole", lambda: [blackhole_answer.measure(5.0, max(1, rounds // 3))]),
        ("detect", lambda: [detect_parallel.measure(0.2, max(1, rounds // 3))]),
        ("detect_early", lambda: detect_parallel.measure_early(0.2, max(1, rounds // 3))),
        ("responsiveness", lambda: [responsiveness.measure()]),
        (
            "memory",
            lambda: [memory.measure(max(1, rounds // 3)), memory.measure_first_paint(max(1, rounds // 3))],
        ),
        ("diagnosis", diagnosis_score.figures),
        (
            "hostile_memory",
            lambda: [
                hostile_memory.measure(max(1, rounds // 3)),
                *hostile_memory.measure_imap(max(1, rounds // 3)),
            ],
        ),
    ):
        print(f"# running {name} ...", file=sys.stderr)
        figures += measure()
    if (ROOT / "dist" / "smtp-wizard-cli").is_file():  # built by scripts/build_server_cli.sh
        print("# running server_cli_start ...", file=sys.stderr)
        figures.append(server_cli_start.measure(rounds))
    if onefile_start.ONEFILE.is_file() and onefile_start.ONEFOLDER.is_dir():  # scripts/build_bundle.sh
        print("# running onefile_start ...", file=sys.stderr)
        figures.append(onefile_start.measure(max(3, rounds // 2)))
    if not args.skip_bundle:
        print("# running bundle_size (builds two bundles) ...", file=sys.stderr)
        with tempfile.TemporaryDirectory() as tmp:
            figures += bundle_size.measure(Path(tmp))
    return report(figures, as_json=args.json)


if __name__ == "__main__":
    sys.exit(main())
