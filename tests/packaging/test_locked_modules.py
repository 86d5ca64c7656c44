"""The frozen builds take only what requirements/release.lock provides (scripts/locked_modules.py),
though the one .venv also has the test, icon and release tools: before, jsonschema picked up
rfc3987_syntax from the release tools and the server CLI's `validate` crashed on its missing grammar."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import locked_modules  # noqa: E402


def test_tools_outside_the_lock_are_left_out_and_the_locked_libraries_kept():
    excluded = set(locked_modules.unlocked_modules())
    # installed here by the test, icons and release extras
    assert {"pytest", "hypothesis", "PIL", "rfc3987_syntax", "cyclonedx"} <= excluded
    assert not {"PySide6", "keyring", "jsonschema", "idna", "dns", "cryptography", "wizard"} & excluded


def test_a_distribution_in_the_lock_is_kept(tmp_path):
    lock = tmp_path / "release.lock"
    lock.write_text(locked_modules.LOCK.read_text() + "pytest==9.0 \\\n    --hash=sha256:00\n")
    assert "pytest" not in locked_modules.unlocked_modules(lock)
    assert "pytest" in locked_modules.unlocked_modules()


def test_both_specs_exclude_them():
    for spec in ("build.spec", "build-cli.spec"):
        assert "excludes += unlocked_modules()" in (ROOT / spec).read_text(), spec
