"""Child process for the memory and responsiveness benchmarks: the real wizard, one test send.

    python -m benchmarks._drive_wizard PORT CA_FILE [--watch-gaps]

Prints one JSON line: the diagnosis code and, with --watch-gaps, the largest gap (ms) between
ticks of a 1 ms GUI timer while the test ran.
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from benchmarks._login import PASSWORD, USER  # not _servers: no server code in the measured process
from wizard.core.catalog import load_catalog
from wizard.ui.app import create_wizard
from wizard.ui.pages.ids import PageId
from wizard.ui.state import WizardState


def main() -> int:
    port, ca_file = int(sys.argv[1]), sys.argv[2]
    watch = "--watch-gaps" in sys.argv
    app = QApplication(sys.argv[:1])
    state = WizardState(lang="zh_CN", catalog=load_catalog())
    state.ca_file = ca_file
    state.draft.choose_provider("custom")
    for name, value in (
        ("mode", "smtp"),
        ("host", "localhost"),
        ("security", "starttls"),
        ("port", port),
        ("sender", USER),
        ("password", PASSWORD),
        ("display_name", "运维中心"),
    ):
        state.draft.set(name, value)
    wizard = create_wizard(state)
    wizard.show()
    for page_id in (PageId.PROVIDER, PageId.SETTINGS, PageId.TEST):
        while wizard.currentId() != page_id:
            wizard.next()
            app.processEvents()
    page = wizard.page_of(PageId.TEST)
    gaps: list[float] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setInterval(1)

    def tick() -> None:
        gaps.append(clock.nsecsElapsed() / 1e6)
        clock.restart()

    if watch:
        ticker.timeout.connect(tick)
        clock.start()
        ticker.start()
    page.send_test()
    deadline = time.monotonic() + 60
    while (page.tasks.busy or not page.property("diagnosisCode")) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.0005)
    ticker.stop()
    print(
        json.dumps({"code": page.property("diagnosisCode"), "max_gap_ms": max(gaps[1:], default=0.0)}),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
