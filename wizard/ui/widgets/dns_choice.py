"""A DNS server to ask instead of this computer's, offered where DNS could not be asked
(provider detection, a test that could not resolve the mail server). Only an IP address is
taken (a host name would need the DNS that does not work): anything else is an error under the
field, and nothing is asked through it."""

from __future__ import annotations

import os

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from wizard.core.addresses import InputError
from wizard.core.nameserver import NAMESERVER_ENV, parse_nameserver
from wizard.core.validation import Issue
from wizard.ui.widgets.issue_label import IssueLabel


def _problem(server: str) -> Issue | None:
    try:
        parse_nameserver(server)
    except InputError as error:
        return Issue(error.code, "nameserver")
    return None


class DnsServerField(QWidget):
    """Label, field and its error; ``chosen`` fires when the user leaves the field with a new,
    valid value."""

    chosen = Signal(str)

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = "zh_CN"
        self.edit = QLineEdit()
        self.edit.setObjectName(object_name)
        self.edit.setPlaceholderText(self.tr("e.g. 223.5.5.5 (leave empty for this computer's)"))
        self.label = QLabel(self.tr("DNS ser&ver:"))
        self.label.setBuddy(self.edit)
        self.issue = IssueLabel(f"{object_name}Issue")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.edit, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.issue)
        self.edit.editingFinished.connect(self._finished)
        self._last = ""  # the server in use (valid or empty): what detection and tests ask

    @property
    def value(self) -> str:
        """The DNS server in use: the last valid value the user left the field with."""
        return self._last

    def offer(self, lang: str) -> None:
        """Show the field, with the server this run already asks (if any)."""
        self.lang = lang
        if not self.edit.text():
            self.edit.setText(os.environ.get(NAMESERVER_ENV, ""))
        text = self.edit.text().strip()
        problem = _problem(text) if text else None
        self._last = "" if problem else text
        self.issue.show_issues([problem] if problem else [], lang)
        self.show()

    def _finished(self) -> None:
        text = self.edit.text().strip()
        problem = _problem(text) if text else None
        self.issue.show_issues([problem] if problem else [], self.lang)
        if problem is not None or text == self._last:
            return
        self._last = text
        # For this run: detection and the test's own lookup of the mail server both ask it.
        os.environ[NAMESERVER_ENV] = text
        self.chosen.emit(text)
