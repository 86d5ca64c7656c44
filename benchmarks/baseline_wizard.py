"""The baseline: the smallest PySide6 QWizard that paints one page, then exits.

With ``--smoke`` it prints one line after the first paint, like ``smtp-wizard --smoke``.
With ``--hold SECONDS`` it stays open that long (for the memory baseline).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage


class FirstPaint(QObject):
    def __init__(self, app: QApplication, hold: float) -> None:
        super().__init__()
        self.app, self.hold, self.done = app, hold, False

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            print('{"ready": true}', flush=True)
            QTimer.singleShot(int(self.hold * 1000), self.app.quit)
        return False


def main() -> int:
    hold = float(sys.argv[sys.argv.index("--hold") + 1]) if "--hold" in sys.argv else 0.0
    app = QApplication(sys.argv[:1])
    wizard = QWizard()
    page = QWizardPage()
    page.setTitle("Baseline")
    layout = QVBoxLayout(page)
    layout.addWidget(QLabel("A minimal wizard page."))
    wizard.addPage(page)
    watcher = FirstPaint(app, hold)
    wizard.installEventFilter(watcher)
    wizard.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
