"""Without a display the wizard says so, in the user's language, instead of Qt's hint about a
missing xcb-cursor0 library (issue 24): exit 1, no traceback, and how to go on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wizard.ui.app import missing_display

ROOT = Path(__file__).resolve().parents[2]


def run_wizard(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    clean.pop("LC_ALL", None)
    full = {**clean, "PYTHONPATH": str(ROOT), **env}
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args],
        capture_output=True,
        text=True,
        env=full,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("args", [("--smoke",), ("--demo",)])
def test_no_display_is_said_plainly_in_chinese_and_english(args):
    chinese = run_wizard(*args, LANG="zh_CN.UTF-8")
    assert chinese.returncode == 1
    assert "没有可用的图形显示" in chinese.stderr and "QT_QPA_PLATFORM=offscreen" in chinese.stderr
    assert "smtp-wizard providers" in chinese.stderr
    english = run_wizard(*args, "--lang", "en", LANG="zh_CN.UTF-8")
    assert english.returncode == 1
    assert "No graphical display is available" in english.stderr and "command line" in english.stderr
    for result in (chinese, english):
        assert "Traceback" not in result.stderr and "xcb-cursor0" not in result.stderr
        assert result.stdout == ""


def test_an_explicit_display_less_platform_still_starts():
    result = run_wizard("--smoke", "--lang", "en", QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8")
    assert result.returncode == 0, result.stderr
    assert '"language": "en"' in result.stdout


@pytest.mark.parametrize(
    ("env", "platform", "missing"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "minimal"}, "linux", False),
        ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, "linux", False),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":1"}, "linux", False),
        ({}, "win32", False),
        ({}, "darwin", False),
    ],
)
def test_which_environments_have_no_display(env, platform, missing):
    assert missing_display(env, platform) is missing
