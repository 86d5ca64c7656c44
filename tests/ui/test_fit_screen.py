"""Every page fits small and scaled screens: the Back/Next/Cancel row stays on screen.

Each scale factor needs its own QApplication, so each case runs tests/ui/fit_check.py in a
fresh process on Qt's offscreen platform with a screen of the given size.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Work areas in device pixels: the screen minus a taskbar and the window's title bar,
# both of which grow with the scale factor.
SCREENS = {
    1.0: (800, 560),  # 800x600 with a 40 px taskbar; the window's title bar comes on top
    1.25: (1366, 768 - 40 - 38),
    1.5: (1366, 768 - 48 - 45),  # a 125-150 % laptop
    2.0: (1920, 1080 - 48 - 60),
    # An 800x600 screen at 150 % (533x373 logical): smaller than the usual minimum window.
    "1.5-tiny": (800, 600 - 40 - 45),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("case", list(SCREENS))
def test_button_row_stays_on_screen(tmp_path, case, lang):
    width, height = SCREENS[case]
    scale = float(str(case).removesuffix("-tiny"))
    config = tmp_path / "screen.json"
    screen = {"name": "work-area", "x": 0, "y": 0, "width": width, "height": height}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": str(scale),
    }
    run = subprocess.run(
        [sys.executable, "-m", "tests.ui.fit_check", lang],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.strip().splitlines()[-1])
    expected = [round(width / scale), round(height / scale)]
    assert abs(report["available"][2] - expected[0]) <= 1 and abs(report["available"][3] - expected[1]) <= 1
    assert report["pages"] == list(range(7))
    assert report["problems"] == []


# Real desktops: screen size in device pixels, scale, and the taskbar strip the window manager
# keeps free at the bottom (Windows' taskbar is 40 px at 100 %, 60 px at 150 %).
DESKTOPS = {
    "800x600": (800, 600, 1.0, 40),
    "800x600@1.5": (800, 600, 1.5, 60),
    "1366x768@1.5": (1366, 768, 1.5, 60),
}


@pytest.mark.window_manager
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("desktop", list(DESKTOPS))
def test_framed_window_stays_in_work_area(tmp_path, desktop, lang):
    """Under a window manager the title bar comes on top of the window's own size: the whole
    frame and the Back/Next/Cancel row stay inside the area the taskbar leaves, on every page."""
    from tests.support.wm import desktop as start_desktop

    width, height, scale, taskbar = DESKTOPS[desktop]
    with start_desktop(tmp_path, width, height, taskbar) as env:
        run = subprocess.run(
            [sys.executable, "-m", "tests.ui.fit_check", lang, "--framed"],
            cwd=ROOT,
            env={**env, "QT_SCALE_FACTOR": str(scale)},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.strip().splitlines()[-1])
    expected = [round(width / scale), round((height - taskbar) / scale)]
    assert abs(report["available"][2] - expected[0]) <= 1 and abs(report["available"][3] - expected[1]) <= 1
    assert report["pages"] == list(range(7))
    assert report["problems"] == []
