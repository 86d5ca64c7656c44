"""The wizard's demo leaves nothing in the temporary folder, also when it is stopped with
SIGTERM or Ctrl-C rather than closed (issue 24)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def wizard_process(tmp_path: Path, *args: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "TMPDIR": str(tmp_path / "tmp"),
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHONPATH": str(ROOT),
    }
    (tmp_path / "tmp").mkdir()
    return subprocess.Popen(
        [sys.executable, "-m", "wizard", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )


def test_smoke_with_demo_leaves_no_ca_file(tmp_path):
    process = wizard_process(tmp_path, "--demo", "--smoke", "--lang", "en")
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_demo_stopped_by_a_signal_removes_its_ca_file(tmp_path, number):
    process = wizard_process(tmp_path, "--demo", "--lang", "en")
    deadline = time.monotonic() + 30
    while not list((tmp_path / "tmp").glob("smtp-wizard-demo-ca-*.pem")):
        assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()
        time.sleep(0.1)
    time.sleep(1)  # the window is up
    process.send_signal(number)
    try:
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:  # it ignored the signal: do not leave it running
            process.kill()
            process.wait()
    assert b"Traceback" not in err
    assert list((tmp_path / "tmp").iterdir()) == []
