"""Running the real command line as a user would."""

from __future__ import annotations

import os
import subprocess
import sys


def cli(
    *args: str, stdin: str | None = None, env: dict | None = None, cwd=None
) -> subprocess.CompletedProcess:
    """Run ``python -m wizard ARGS`` as a user would, on a C locale (so Chinese by default)."""
    full_env = {**os.environ, "LANG": "C.UTF-8", **(env or {})}
    full_env.pop("LC_ALL", None)
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
        cwd=cwd,
    )
