"""``pip install .`` from a clean clone gives a translated wizard (issue 13, §3).

The wheel is built the way pip builds it for a user (isolated build environment from
pyproject.toml's build requirements) from a copy of the tracked files only, so a .qm left in
the developer's checkout cannot hide a missing build step. It is installed into a fresh venv
with its dependencies (from pip's cache), and the installed wizard must load its own catalog.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import build_translations  # noqa: E402


def _clean_copy(target: Path) -> Path:
    """The tracked and new (not ignored) files, as a fresh clone would have them."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (item.decode() for item in listed)):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def wheel_build(tmp_path_factory) -> tuple[Path, str]:
    """The wheel, and what the build backend printed (pip -v)."""
    tree = _clean_copy(tmp_path_factory.mktemp("clone"))
    assert not list(tree.glob("resources/i18n/*.qm")), "a clean clone has no compiled catalogs"
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(out), str(tree)],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert not list(tree.glob("resources/i18n/*.qm")), "building a wheel must not write into the tree"
    return next(out.glob("smtp_wizard-*.whl")), built.stdout + built.stderr


@pytest.fixture(scope="module")
def clean_wheel(wheel_build) -> Path:
    return wheel_build[0]


def test_the_packaging_metadata_builds_without_setuptools_warnings(wheel_build):
    # The data folders under resources/ used to be "importable packages absent from the packages
    # configuration" (include-package-data): four 43-line warnings in every install.
    log = wheel_build[1]
    assert "running bdist_wheel" in log  # the backend's output was captured
    assert "Warning" not in log and "absent from the `packages` configuration" not in log
    # ... and the wheel carries the data files the package reads, and not the icon sources.
    names = set(zipfile.ZipFile(wheel_build[0]).namelist())
    for name in ("providers.json", "messages/engine.json", "schemas/config.schema.json", "icons/app.png"):
        assert f"wizard/resources/{name}" in names
    assert "wizard/resources/icons/app.svg" not in names


def test_wheel_carries_every_compiled_catalog(clean_wheel):
    names = zipfile.ZipFile(clean_wheel).namelist()
    for lang in build_translations.LANGUAGES:
        assert f"wizard/resources/i18n/smtp_wizard_{lang}.qm" in names


def test_installed_wheel_loads_its_own_translation(clean_wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # This venv's pip installs into the fresh one (dependencies from pip's cache).
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", str(clean_wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }
    smoke = subprocess.run(
        [str(python), "-m", "wizard", "--smoke", "--lang", "zh_CN"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert smoke.returncode == 0, smoke.stderr
    report = json.loads(smoke.stdout.strip().splitlines()[-1])
    assert "smtp_wizard" in report["translations"], smoke.stderr
    assert "not found" not in smoke.stderr


def test_release_fails_loudly_without_a_catalog_source(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(SystemExit, match=r"smtp_wizard_zh_CN\.ts is missing"):
        build_translations.release(tmp_path / "out", source=tmp_path / "empty")
    assert not list((tmp_path / "out").glob("*.qm"))
