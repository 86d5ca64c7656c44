"""A DNS server to ask instead of this computer's, offered where DNS could not be asked
(provider detection, a test that could not resolve the mail server)."""

from __future__ import annotations

import os

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from wizard.core.engine.resolver import NAMESERVER_ENV


class DnsServerField(QWidget):
    """Label and field; ``chosen`` fires when the user leaves the field with a new value."""

    chosen = Signal(str)

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setObjectName(object_name)
        self.edit.setPlaceholderText(self.tr("e.g. 223.5.5.5 (leave empty for this computer's)"))
        self.label = QLabel(self.tr("DNS ser&ver:"))
        self.label.setBuddy(self.edit)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.edit, 1)
        self.edit.editingFinished.connect(self._finished)
        self._last = ""

    @property
    def value(self) -> str:
        return self.edit.text().strip()

    def offer(self) -> None:
        """Show the field, with the server this run already asks (if any)."""
        if not self.edit.text():
            self.edit.setText(os.environ.get(NAMESERVER_ENV, ""))
        self._last = self.value
        self.show()

    def _finished(self) -> None:
        if self.value == self._last:
            return
        self._last = self.value
        # For this run: detection and the test's own lookup of the mail server both ask it.
        os.environ[NAMESERVER_ENV] = self.value
        self.chosen.emit(self.value)
