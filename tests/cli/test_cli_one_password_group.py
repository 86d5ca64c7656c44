"""`probe` and `test` take the password the same way (one option group): `--password x` is refused
with the same reason by both, never answered with argparse's "ambiguous option"."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LANG": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args], capture_output=True, text=True, env=env, timeout=60
    )


def _refusal(stderr: str) -> str:
    """The error line without the command's name ("smtp-wizard probe: 错误:...")."""
    return stderr.strip().splitlines()[-1].partition(": ")[2]


@pytest.mark.parametrize("command", [["probe", "--host", "127.0.0.1"], ["test", "--host", "127.0.0.1"]])
def test_password_on_the_command_line_is_refused_with_its_reason(command):
    done = _cli(*command, "--password", "x")
    assert done.returncode == 2
    assert "ambiguous" not in done.stderr
    assert "--password is not accepted" in done.stderr and "--password-env" in done.stderr
    assert "不接受 --password" in done.stderr


def test_probe_refuses_like_test():
    probe = _cli("probe", "--host", "127.0.0.1", "--password", "x")
    test = _cli("test", "--host", "127.0.0.1", "--password", "x")
    assert "--password is not accepted" in _refusal(test.stderr)
    assert (probe.returncode, _refusal(probe.stderr)) == (test.returncode, _refusal(test.stderr))
