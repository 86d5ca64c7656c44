"""Running the real command line as a user would, and the options that aim it at a loopback server."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.support.servers import PASSWORD, USER


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


def cli_with_password(
    *args: str, env: dict | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess:
    """``cli`` with the test servers' password in ``SMTP_PW`` (what ``settings`` points at)."""
    return cli(*args, stdin=stdin, env={"SMTP_PW": PASSWORD, **(env or {})})


def settings(port: int, security: str, *extra: str) -> list[str]:
    """The options that point a command at a loopback server of tests/support/servers.py."""
    return [
        "--host",
        "localhost",
        "--port",
        str(port),
        "--security",
        security,
        "--sender",
        USER,
        "--username",
        USER,
        "--display-name",
        "张三",
        "--password-env",
        "SMTP_PW",
        *extra,
    ]
