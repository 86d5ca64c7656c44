"""Cyclic garbage is collected on the GUI thread, never on a worker thread (where freeing a Qt
object crashes the process)."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject

COLLECTED_ON: list[str] = []  # the thread each Cycle was freed on


class Cycle(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.me = self  # unreachable once dropped: only the cyclic collector frees it

    def __del__(self) -> None:
        COLLECTED_ON.append(threading.current_thread().name)


def test_a_worker_that_allocates_a_lot_does_not_collect_gui_garbage(qtbot, make_wizard):
    make_wizard()
    assert not gc.isenabled()
    COLLECTED_ON.clear()
    ref = weakref.ref(Cycle())
    assert ref() is not None

    kept: list[object] = []

    def allocate() -> None:  # containers kept alive: far beyond generation 0's threshold
        kept.extend([[], {}] for _ in range(20_000))

    worker = threading.Thread(target=allocate, name="busy-worker")
    worker.start()
    worker.join()
    assert ref() is not None  # the worker did not collect it
    qtbot.waitUntil(lambda: ref() is None, timeout=3000)  # the GUI thread's timer did
    assert COLLECTED_ON == [threading.main_thread().name]
