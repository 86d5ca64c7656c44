"""scripts/_setup.sh installs system packages with the real apt-get, pointed (APT_CONFIG) at a
scratch package database and lock files, so the machine's own apt is never touched: another
apt holding the lock is waited for, apt's own error is shown, and under CI=true a package that
cannot be installed stops the run."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "smtp-wizard-no-such-package"
HOLD = 4.0  # seconds the other "apt" holds the lock

pytestmark = pytest.mark.skipif(
    not (shutil.which("apt-get") and shutil.which("dpkg-query")) or os.geteuid() != 0,
    reason="Debian/Ubuntu apt as root (as CI runs the suite)",
)


@pytest.fixture
def scratch_apt(tmp_path) -> Path:
    """An apt configuration whose package database, lists, cache and locks are all under tmp_path,
    with no sources: apt-get runs for real there and can install nothing."""
    for sub in (
        "dpkg/updates",
        "lists/partial",
        "cache/archives/partial",
        "sources.list.d",
        "apt.conf.d",
        "log",
        "state",
    ):
        (tmp_path / sub).mkdir(parents=True)
    (tmp_path / "dpkg" / "status").write_text("")
    (tmp_path / "sources.list").write_text("")
    config = tmp_path / "apt.conf"
    config.write_text(
        f'Dir::State "{tmp_path}/state";\n'
        f'Dir::State::status "{tmp_path}/dpkg/status";\n'
        f'Dir::State::Lists "{tmp_path}/lists";\n'
        f'Dir::Cache "{tmp_path}/cache";\n'
        f'Dir::Etc::SourceList "{tmp_path}/sources.list";\n'
        f'Dir::Etc::SourceParts "{tmp_path}/sources.list.d";\n'
        f'Dir::Log "{tmp_path}/log";\n'
        # Not the machine's apt.conf.d either (read after APT_CONFIG): its hooks, e.g. an AppStream
        # refresh after every update, are not this scratch database's.
        f'Dir::Etc::Parts "{tmp_path}/apt.conf.d";\n'
        'Dir::Etc::Main "/dev/null";\n'
    )
    return config


def hold_lock(path: Path, seconds: float) -> threading.Thread:
    """Take apt's lock (a POSIX record lock, as apt and dpkg take it) and release it later."""
    handle = path.open("w")
    fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def release() -> None:
        time.sleep(seconds)
        handle.close()

    thread = threading.Thread(target=release, daemon=True)
    thread.start()
    return thread


def ensure(config: Path, ci: str | None) -> tuple[subprocess.CompletedProcess, float]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(APT_CONFIG=str(config), APT_LOCK_TIMEOUT="60", PYTHON="python3")
    if ci is not None:
        env["CI"] = ci
    start = time.monotonic()
    result = subprocess.run(
        ["bash", "-c", f'. scripts/_setup.sh && ensure_system_packages "{PACKAGE}" && echo continued'],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    return result, time.monotonic() - start


def test_the_install_waits_for_the_dpkg_lock_and_ci_stops_on_apts_error(scratch_apt):
    holder = hold_lock(scratch_apt.parent / "dpkg" / "lock-frontend", HOLD)
    result, took = ensure(scratch_apt, "true")
    holder.join()
    assert took >= HOLD, result.stderr  # it waited for the lock instead of failing at once
    assert "Could not get lock" not in result.stderr
    assert f"E: Unable to locate package {PACKAGE}" in result.stderr  # apt's own error, after the wait
    assert result.returncode == 1 and "continued" not in result.stdout
    assert f"missing system packages: {PACKAGE} (CI=true: stopping" in result.stderr
    assert "need root" not in result.stderr


def test_the_update_waits_for_the_lists_lock(scratch_apt):
    holder = hold_lock(scratch_apt.parent / "lists" / "lock", HOLD)
    result, took = ensure(scratch_apt, None)
    holder.join()
    assert took >= HOLD, result.stderr
    assert "apt-get update: waiting up to 60s for another apt to finish" in result.stderr
    assert "apt-get update failed" not in result.stderr


def test_off_ci_a_missing_package_is_named_and_the_run_goes_on(scratch_apt):
    result, _ = ensure(scratch_apt, None)
    assert result.returncode == 0 and "continued" in result.stdout
    assert f"E: Unable to locate package {PACKAGE}" in result.stderr
    assert f"still missing: {PACKAGE} (apt's error above); continuing without them" in result.stderr
    assert "need root" not in result.stderr
