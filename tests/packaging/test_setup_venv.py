"""scripts/_setup.sh's ensure_venv: one environment with every extra for run.sh, test.sh and the
build scripts, installed once and reused until pyproject.toml, setup.py or the lock change.
The venv's python is a stand-in that records the pip commands it is given."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(os.name == "nt", reason="the setup scripts are bash")


@pytest.fixture
def checkout(tmp_path) -> Path:
    for name in ("pyproject.toml", "setup.py", "requirements/release.lock", "scripts/_setup.sh"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text('#!/bin/sh\necho "$*" >> "$(dirname "$0")/../pip.log"\n')
    python.chmod(0o755)
    return tmp_path


def ensure_venv(checkout: Path) -> list[str]:
    log = checkout / ".venv" / "pip.log"
    log.unlink(missing_ok=True)
    env = {**os.environ, "PYTHON": sys.executable}
    subprocess.run(["bash", "-c", ". scripts/_setup.sh && ensure_venv"], cwd=checkout, env=env, check=True)
    return log.read_text().splitlines() if log.exists() else []


def test_installed_once_with_every_extra_and_the_lock_first(checkout):
    first = ensure_venv(checkout)
    assert first[1] == "-m pip install -q --require-hashes -r requirements/release.lock"
    assert first[2] == "-m pip install -q -e .[bundle,icons,release,test]"
    # run.sh, test.sh, build_bundle.sh and build_server_cli.sh all call the same ensure_venv:
    # the second, third ... call installs nothing.
    assert ensure_venv(checkout) == []
    assert ensure_venv(checkout) == []


def test_reinstalled_when_the_packaging_metadata_or_the_lock_changes(checkout):
    ensure_venv(checkout)
    for name in ("pyproject.toml", "requirements/release.lock"):
        with (checkout / name).open("a") as changed:
            changed.write("\n# changed\n")
        assert len(ensure_venv(checkout)) == 3, name
        assert ensure_venv(checkout) == []


def test_every_script_uses_the_one_environment():
    for script in ("run.sh", "test.sh", "build_bundle.sh", "build_server_cli.sh"):
        lines = (ROOT / "scripts" / script).read_text().splitlines()
        assert [line for line in lines if line.startswith("ensure_venv")] == ["ensure_venv"], script
