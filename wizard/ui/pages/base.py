"""Common page plumbing: access to the shared state and field error labels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget, QWizardPage

from wizard.core.validation import Issue, Severity
from wizard.ui.texts import esc

if TYPE_CHECKING:
    from wizard.core.draft import Draft
    from wizard.ui.state import WizardState
    from wizard.ui.wizard import SmtpWizard

_COLORS = {Severity.ERROR: "#c62828", Severity.WARNING: "#b26a00", Severity.NOTICE: "#2e7d32"}


class Page(QWizardPage):
    @property
    def smtp_wizard(self) -> SmtpWizard:
        return self.wizard()  # type: ignore[return-value]

    @property
    def state(self) -> WizardState:
        return self.smtp_wizard.state

    @property
    def draft(self) -> Draft:
        return self.state.draft

    @property
    def alive(self) -> bool:
        """False while Qt tears the wizard down (late signals must then do nothing)."""
        return hasattr(self.wizard(), "state")

    @property
    def lang(self) -> str:
        return self.state.lang

    def revisit(self) -> None:
        """Shown again after Back: show what later pages changed in the draft meanwhile."""

    def focus_target(self) -> QWidget | None:
        """Where typing should start when the page opens (None: Qt's choice)."""
        return None


def first_to_fill(fields: list[QLineEdit], problems: set[QLineEdit] = frozenset()) -> QLineEdit | None:
    """The first field that is editable and still empty or wrong."""
    for field in fields:
        if field.isVisibleTo(field.window()) and not field.isReadOnly():
            if not field.text().strip() or field in problems:
                return field
    return None


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
