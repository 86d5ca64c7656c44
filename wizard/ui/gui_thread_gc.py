"""Run Python's cyclic garbage collector on the GUI thread only.

The collector runs on whichever thread happens to allocate when a generation's threshold is
crossed. If a worker thread (a test send, a DNS lookup) triggers it while a Qt widget sits in an
unreachable reference cycle, the widget is destroyed on that thread and Qt crashes the process
(seen as a segfault inside ``email.headerregistry`` on a worker thread). So automatic collection
is switched off and a timer on the GUI thread collects with the same thresholds, the approach of
pyqtgraph's GarbageCollector:
https://github.com/pyqtgraph/pyqtgraph/blob/master/pyqtgraph/util/garbage_collector.py
Reference counting still frees everything that is not in a cycle at once, on any thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect)
        self.timer.start(INTERVAL_MS)
        gc.disable()

    def collect(self) -> None:
        young, middle, old = gc.get_count()
        if young > self.thresholds[0]:
            gc.collect(0)
            if middle > self.thresholds[1]:
                gc.collect(1)
                if old > self.thresholds[2]:
                    gc.collect(2)


def collect_on_gui_thread() -> GuiThreadCollector | None:
    """Install the collector once per application (call on the GUI thread); idempotent.

    Kept as an attribute of the application rather than found with ``app.findChild``, which
    wraps every child of the application for Python, its QStyle among them, whose enums alone
    take ~20 ms to create before the first paint."""
    app = QCoreApplication.instance()
    if app is None:
        return None
    if getattr(app, "gui_thread_collector", None) is None:
        app.gui_thread_collector = GuiThreadCollector(app)
    return app.gui_thread_collector
