"""The label under a field that shows that field's issues, in the field's own words."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from wizard.core.validation import Issue, Severity
from wizard.ui import palette
from wizard.ui.texts import esc

_COLORS = {Severity.ERROR: palette.ERROR, Severity.WARNING: palette.WARNING, Severity.NOTICE: palette.OK}


class IssueLabel(QLabel):
    """Shows the issues of one field under it, in the field's own words."""

    def __init__(self, object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.hide()

    def show_issues(self, issues: list[Issue], lang: str) -> None:
        if not issues:
            self.clear()
            self.hide()
            return
        worst = min(issues, key=lambda i: list(Severity).index(i.severity))
        lines = "<br>".join(esc(i.message(lang)) for i in issues)
        self.setText(f"<span style='color:{_COLORS[worst.severity]}'>{lines}</span>")
        self.setProperty("severity", worst.severity.value)
        self.show()
