"""Line edits shared by pages: a field where Enter can run the page's action, and a secret
with Show/Hide."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit


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
    """A password field with a Show/Hide action at its end."""

    def __init__(self, object_name: str, *, submits: bool = False) -> None:
        super().__init__(object_name, submits=submits)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.reveal = QAction(QCoreApplication.translate("SecretEdit", "Show"), self)
        self.reveal.setObjectName("showPasswordAction")
        self.reveal.setCheckable(True)
        self.addAction(self.reveal, QLineEdit.ActionPosition.TrailingPosition)
        self.reveal.toggled.connect(self._reveal)

    def _reveal(self, shown: bool) -> None:
        self.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        if shown:
            self.reveal.setText(QCoreApplication.translate("SecretEdit", "Hide"))
        else:
            self.reveal.setText(QCoreApplication.translate("SecretEdit", "Show"))
