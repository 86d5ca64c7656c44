"""Under CI=true a skipped real-server, keyring or window-manager test fails the run (tests/ci_skips.py);
off CI it stays a skip. Each case runs pytest on a small test file with the project's conftest hook."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CONFTEST = textwrap.dedent(
    """
    import pytest
    from tests.ci_skips import require
    from tests.conftest import pytest_configure, pytest_runtest_makereport  # the switch under test

    @pytest.fixture(scope="session")
    def mail_server():
        require("realserver", "postfix is not installed")
        yield "never reached"
    """
)

TESTS = textwrap.dedent(
    """
    import pytest

    def test_uses_the_server(mail_server):
        pass

    def test_another_uses_the_server(mail_server):
        pass

    @pytest.mark.keyring
    @pytest.mark.skipif(True, reason="no gnome-keyring-daemon")
    def test_keyring():
        pass

    @pytest.mark.window_manager
    def test_window_manager():
        pytest.skip("no window manager")

    @pytest.mark.skipif(True, reason="POSIX permissions")
    def test_an_ordinary_skip():
        pass

    def test_passes():
        pass
    """
)


def run(tmp_path: Path, ci: str | None, conftest: str = CONFTEST, *args: str) -> subprocess.CompletedProcess:
    (tmp_path / "conftest.py").write_text(conftest, encoding="utf-8")
    (tmp_path / "test_parts.py").write_text(TESTS, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER")}
    env["PYTHONPATH"] = str(ROOT)
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-n",
            "0",
            "-rA",
            "--rootdir",
            str(tmp_path),
            *args,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_off_ci_a_missing_part_is_a_skip(tmp_path):
    result = run(tmp_path, None)
    assert result.returncode == 0, result.stdout
    assert "1 passed, 5 skipped" in result.stdout
    assert ": postfix is not installed" in result.stdout and "MissingPart" not in result.stdout


@pytest.mark.parametrize("ci", ["true", "TRUE", "1"])
def test_on_ci_a_missing_part_fails_the_run(tmp_path, ci):
    result = run(tmp_path, ci)
    assert result.returncode == 1, result.stdout
    # Both tests of the fixture's skip point, the marked skipif and the marked pytest.skip fail;
    # a skip of an ordinary test stays a skip.
    assert "1 failed, 1 passed, 1 skipped, 3 errors" in result.stdout
    assert "SKIPPED [1] test_parts.py" in result.stdout and "POSIX permissions" in result.stdout
    for name in ("test_uses_the_server", "test_another_uses_the_server", "test_keyring"):
        assert f"ERROR test_parts.py::{name}" in result.stdout
    assert "FAILED test_parts.py::test_window_manager" in result.stdout
    assert "needs a real mail server on loopback" in result.stdout
    assert "Skip reason: postfix is not installed" in result.stdout
    assert "Skip reason: no gnome-keyring-daemon" in result.stdout
    assert "needs a real window manager" in result.stdout


def test_an_allowed_skip_stays_a_skip_on_ci(tmp_path):
    conftest = CONFTEST + textwrap.dedent(
        """
        from tests import ci_skips
        ci_skips.ALLOWED_SKIPS = (("keyring", "^no gnome-keyring", "this test's own example"),)
        """
    )
    result = run(tmp_path, "true", conftest, "-k", "keyring or server")
    assert result.returncode == 1, result.stdout
    # the keyring skip only; the server tests still fail
    assert "1 skipped, 3 deselected, 2 errors" in result.stdout


def test_a_kind_must_be_known():
    from tests.ci_skips import require

    with pytest.raises(ValueError, match="unknown kind"):
        require("postfix", "missing")
    assert require("realserver", None) is None  # nothing missing: no skip
