"""Run core calls off the GUI thread (the maestral-qt pattern: QRunnable + a signals QObject).

Every network and keyring call goes through ``run_in_background``; results come back as
queued signals on the GUI thread, so the window never freezes.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class WorkerSignals(QObject):
    result = Signal(object)
    error = Signal(str)
    progress = Signal(object)
    finished = Signal()


class Worker(QRunnable):
    """Calls ``fn(progress)``; ``progress(value)`` may be called from the worker thread."""

    def __init__(self, fn: Callable[[Callable[[Any], None]], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = WorkerSignals()
        self.setAutoDelete(False)  # the owner keeps it until ``finished``

    def run(self) -> None:
        try:
            value = self.fn(self._progress)
        except Exception:  # reported to the GUI, never lost
            self._emit(self.signals.error, traceback.format_exc())
        else:
            self._emit(self.signals.result, value)
        finally:
            self._emit(self.signals.finished)

    def _progress(self, value: Any) -> None:
        self._emit(self.signals.progress, value)

    @staticmethod
    def _emit(signal, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the window was closed while we worked: nobody is listening
            pass


class BackgroundTasks(QObject):
    """Owns the workers a page started, so none is garbage-collected while running."""

    idle = Signal()  # the last running worker has finished and delivered its result

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: set[Worker] = set()

    def _guarded(self, callback: Callable[..., None]) -> Callable[..., None]:
        """Deliver only while the owner still exists: a result that arrives after the user closed
        the window must not touch deleted widgets."""

        def deliver(*args: Any) -> None:
            if shiboken6.isValid(self) and (self.parent() is None or shiboken6.isValid(self.parent())):
                callback(*args)

        return deliver

    def _finished(self, worker: Worker) -> None:
        self._running.discard(worker)
        if not self._running:
            self.idle.emit()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def start(
        self,
        fn: Callable[[Callable[[Any], None]], Any],
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
    ) -> Worker:
        worker = Worker(fn)
        for signal, callback in (
            (worker.signals.result, on_result),
            (worker.signals.error, on_error),
            (worker.signals.progress, on_progress),
        ):
            if callback:
                signal.connect(self._guarded(callback))
        worker.signals.finished.connect(self._guarded(lambda: self._finished(worker)))
        self._running.add(worker)
        QThreadPool.globalInstance().start(worker)
        return worker
