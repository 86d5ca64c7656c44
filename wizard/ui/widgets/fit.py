"""Keep the wizard usable on small and scaled screens (800x600, 1366x768 at 150 %).

Each page's content goes into a scroll area, so a long page scrolls instead of pushing the
wizard's Back/Next/Cancel row off the screen, and the window never starts larger than the
screen's available area (the part not taken by a taskbar).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget, QWizardPage

# Small enough for an 800x560 work area at scale 1 and a 1366x768 screen at 150 % with a
# taskbar and a title bar (about 910x450 logical pixels).
MINIMUM_SIZE = QSize(600, 400)
PREFERRED_SIZE = QSize(820, 660)


def make_scrollable(page: QWizardPage) -> QScrollArea:
    """Move the page's layout (and with it every widget) into a scroll area on the page.

    QWidget.setLayout takes a layout away from the widget that had it and reparents its
    widgets (https://doc.qt.io/qt-6/qwidget.html#setLayout), so pages stay plain
    QWizardPages that build their own layout.
    """
    content = QWidget()
    content.setObjectName("pageContent")
    content.setLayout(page.layout())
    area = QScrollArea()
    area.setObjectName("pageScrollArea")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # No Tab stop of its own: it showed no focus and swallowed one Tab on every page. It still
    # scrolls to the focused field (QScrollArea follows focus changes inside it).
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(content)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(area)
    return area


def fit_to_screen(window: QWidget) -> None:
    """Start at the preferred size, but never larger than the screen's free area, even where
    that is below the usual minimum (800x600 at 150 %: 533x400 logical pixels); pages scroll.

    On X11 the window manager adds the title bar and borders only after the window is mapped:
    before that the frame is measured as 0, and a window sized to the whole work area ends with
    its button row under the taskbar. So the fit is made again when the frame first arrives."""
    _fit(window)
    if not _has_frame(window):
        window.installEventFilter(_RefitWhenFramed(window))


def _has_frame(window: QWidget) -> bool:
    return window.frameGeometry().size() != window.geometry().size()


def _fit(window: QWidget) -> None:
    screen = window.screen()
    if screen is None:
        window.setMinimumSize(MINIMUM_SIZE)
        window.resize(PREFERRED_SIZE)
        return
    available = screen.availableGeometry()
    frame = window.frameGeometry().size() - window.geometry().size()  # title bar, borders
    room = available.size() - frame
    window.setMinimumSize(MINIMUM_SIZE.boundedTo(room))
    window.resize(PREFERRED_SIZE.boundedTo(room).expandedTo(window.minimumSize()))
    left = available.x() + max(0, (available.width() - window.frameGeometry().width()) // 2)
    top = available.y() + max(0, (available.height() - window.frameGeometry().height()) // 2)
    window.move(left, top)  # move() places the frame's top-left corner


class _RefitWhenFramed(QObject):
    """Fits the window once more on the first move that brings the window manager's frame
    (Qt reports the frame with the move that follows reparenting), then removes itself: later
    moves are the user's."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Move and _has_frame(self._window):
            self._window.removeEventFilter(self)
            if not self._window.screen().availableGeometry().contains(self._window.frameGeometry()):
                _fit(self._window)
            self.deleteLater()
        return False
