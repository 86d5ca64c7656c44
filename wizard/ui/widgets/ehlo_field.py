"""The EHLO name under the settings page's advanced section: empty means automatic (this
machine's fully qualified name, else its address literal); anything typed must be a fully
qualified name or an address literal, checked at once, in the field's own words."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QLineEdit

from wizard.core.addresses import InputError, normalize_ehlo
from wizard.core.validation import Issue
from wizard.ui.widgets.issue_label import IssueLabel


class EhloField(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setObjectName("ehloEdit")
        self.label = QLabel(self.tr("E&HLO name:"))
        self.label.setBuddy(self.edit)
        self.issue = IssueLabel("ehloIssue")
        self.value: str | None = None  # normalized; None: automatic
        self.valid = True
        self.lang = ""
        self.edit.textChanged.connect(self._check)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.edit.setPlaceholderText(self.tr("automatic: this computer's full name or [IP address]"))
        self._check(self.edit.text())

    def _check(self, text: str) -> None:
        try:
            self.value = normalize_ehlo(text) if text.strip() else None
            self.valid, issues = True, []
        except InputError as error:
            self.value, self.valid, issues = None, False, [Issue(error.code, "ehlo")]
        self.issue.show_issues(issues, self.lang)
        self.changed.emit()
