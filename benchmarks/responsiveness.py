"""Responsiveness: the largest gap in the GUI event loop while a test send runs against a slow
server (200 ms per reply). Target: under 16 ms (one frame at 60 Hz)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from benchmarks._common import PYTHON, Figure, env, report
from benchmarks._servers import starttls_server


def measure(delay: float = 0.2) -> Figure:
    with starttls_server(reply_delay=delay) as (port, ca_file):
        out = subprocess.run(
            [PYTHON, "-m", "benchmarks._drive_wizard", str(port), ca_file, "--watch-gaps"],
            capture_output=True,
            text=True,
            env=env(),
            timeout=120,
            check=True,
        )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return Figure(
        "GUI event-loop gap during a test",
        result["max_gap_ms"],
        16,
        "ms",
        f"server replies after {delay * 1000:.0f} ms; result {result['code']}",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    return report([measure()], as_json=parser.parse_args().json)


if __name__ == "__main__":
    sys.exit(main())
