"""Line edits shared by pages: a field where Enter can run the page's action, and a secret
with Show/Hide."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QToolButton


class SubmitLineEdit(QLineEdit):
    """With ``submits`` set, Enter emits ``submitted`` (e.g. send the test) instead of pressing
    the wizard's default button (Next)."""

    submitted = Signal()

    def __init__(self, object_name: str, *, submits: bool = False) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.submits = submits

    def keyPressEvent(self, event) -> None:
        if self.submits and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class SecretEdit(SubmitLineEdit):
    """A password field with a Show/Hide button inside its right end.

    A button with words, not an action: a QLineEdit paints an action only by its icon, so a
    text-only action was invisible, and "click 显示 at the right of the password field" could
    not be followed on a support call."""

    def __init__(self, object_name: str, *, submits: bool = False) -> None:
        super().__init__(object_name, submits=submits)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.reveal = QAction(QCoreApplication.translate("SecretEdit", "Show"), self)
        self.reveal.setObjectName("showPasswordAction")
        self.reveal.setCheckable(True)
        self.reveal.toggled.connect(self._reveal)
        self.reveal_button = QToolButton(self)
        self.reveal_button.setObjectName("showPasswordButton")
        self.reveal_button.setDefaultAction(self.reveal)
        self.reveal_button.setAutoRaise(True)
        self.reveal_button.setCursor(Qt.CursorShape.ArrowCursor)
        self.reveal_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # one Tab stop: the field
        self._place_button()

    def _reveal(self, shown: bool) -> None:
        self.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        if shown:
            self.reveal.setText(QCoreApplication.translate("SecretEdit", "Hide"))
        else:
            self.reveal.setText(QCoreApplication.translate("SecretEdit", "Show"))
        self._place_button()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_button()

    def _place_button(self) -> None:
        """Inside the frame at the right; the text stops before it."""
        hint = self.reveal_button.sizeHint()
        height = min(hint.height(), self.height() - 2)
        width = max(hint.width(), height)
        self.reveal_button.setGeometry(self.width() - width - 1, (self.height() - height) // 2, width, height)
        self.setTextMargins(0, 0, width, 0)
