"""One resolver finds resources/ from a checkout, an installed wheel and a bundle layout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from wizard.core import paths

ROOT = Path(__file__).resolve().parents[2]


def test_source_checkout_resolves_top_level_resources():
    paths.resources_dir.cache_clear()
    assert paths.resources_dir() == ROOT / "resources"
    assert paths.resource("providers.json").is_file()


def _run_in(site: Path, code: str) -> str:
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        # -S: no site-packages, so the editable install of the checkout cannot win.
        [sys.executable, "-I", "-S", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
        capture_output=True,
        text=True,
        env=env,
        cwd=site,
        check=True,
    )
    return result.stdout.strip()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("smtp_wizard-*.whl"))


def test_installed_wheel_carries_resources_inside_the_package(wheel, tmp_path):
    names = zipfile.ZipFile(wheel).namelist()
    assert "wizard/resources/providers.json" in names
    assert "wizard/resources/schemas/config.schema.json" in names
    assert any(n.startswith("wizard/resources/messages/") for n in names)
    assert not any(n.startswith("tests/") for n in names)
    zipfile.ZipFile(wheel).extractall(tmp_path)
    found = _run_in(tmp_path, "from wizard.core.paths import resources_dir; print(resources_dir())")
    assert Path(found) == tmp_path / "wizard" / "resources"


def test_bundle_layout_with_resources_beside_the_package(tmp_path):
    # PyInstaller collects resources/ to "resources" next to the wizard package.
    shutil.copytree(ROOT / "wizard", tmp_path / "wizard", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "resources", tmp_path / "resources")
    found = _run_in(tmp_path, "from wizard.core.paths import resources_dir; print(resources_dir())")
    assert Path(found) == tmp_path / "resources"


def test_missing_resources_is_a_clear_error(tmp_path):
    shutil.copytree(ROOT / "wizard", tmp_path / "wizard", ignore=shutil.ignore_patterns("__pycache__"))
    code = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r}); "
        "from wizard.core.paths import resources_dir; resources_dir()"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode != 0
    assert "resources folder with providers.json not found" in result.stderr
