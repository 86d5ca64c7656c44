"""A virtual X display with a real window manager (Openbox from Debian): title bars, borders and a
work area smaller than the screen, as on a customer's desktop with a taskbar.

Qt's offscreen platform has no window frame, so a window sized to the whole work area looks fine
there and still ends under the taskbar on a real desktop; only a window manager shows that.
Openbox's <margins> reserve a strip of the screen the way a panel's strut does, and it publishes
the smaller area as _NET_WORKAREA, which Qt reads as the screen's available geometry.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.ci_skips import require

# Debian packages that provide these programs (scripts/_setup.sh installs them for the tests).
PROGRAMS = {"Xvfb": "xvfb", "openbox": "openbox", "xprop": "x11-utils"}

OPENBOX_RC = """<?xml version="1.0" encoding="UTF-8"?>
<openbox_config xmlns="http://openbox.org/3.4/rc">
  <margins><top>0</top><bottom>{bottom}</bottom><left>0</left><right>0</right></margins>
  <theme><name>Clearlooks</name><titleLayout>NLIMC</titleLayout></theme>
</openbox_config>
"""


def missing_programs() -> list[str]:
    return [package for program, package in PROGRAMS.items() if shutil.which(program) is None]


def require_window_manager() -> None:
    """Skip on a developer machine without the packages; under CI=true that is a failure."""
    missing = missing_programs()
    reason = f"a window-manager test needs the Debian packages {' '.join(missing)} (scripts/_setup.sh)"
    require("window_manager", reason if missing else None)


def _wait_for(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise RuntimeError(f"timed out waiting for {what}")


@contextmanager
def desktop(tmp_path: Path, width: int, height: int, taskbar: int) -> Iterator[dict[str, str]]:
    """Start Xvfb (width x height) and Openbox reserving `taskbar` device pixels at the bottom;
    yield the environment for a Qt program on that display (xcb platform)."""
    require_window_manager()
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    processes = [xvfb]
    try:
        with os.fdopen(read_fd) as pipe:  # Xvfb writes the display number it chose, then a newline
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        env = {**os.environ, "DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb"}
        env.pop("WAYLAND_DISPLAY", None)
        config = tmp_path / "xdg"
        (config / "openbox").mkdir(parents=True)
        (config / "openbox" / "rc.xml").write_text(OPENBOX_RC.format(bottom=taskbar))
        processes.append(
            subprocess.Popen(
                ["openbox", "--config-file", str(config / "openbox" / "rc.xml")],
                env={**env, "XDG_CONFIG_HOME": str(config)},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        expected = f"0, 0, {width}, {height - taskbar}"

        def work_area_set() -> bool:
            run = subprocess.run(["xprop", "-root", "_NET_WORKAREA"], env=env, capture_output=True, text=True)
            return expected in run.stdout

        _wait_for(work_area_set, 10, "Openbox to publish the work area")
        yield env
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
