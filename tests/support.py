"""Helpers shared by several test packages: running the real CLI, an in-memory keyring."""

from __future__ import annotations

import os
import subprocess
import sys

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


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


class MemoryKeyring(KeyringBackend):
    """A secure-priority backend that keeps secrets in a dict, for tests."""

    priority = 5

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")  # what real backends do
