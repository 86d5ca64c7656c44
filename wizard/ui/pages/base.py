"""Common page plumbing: access to the shared state and field error labels."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QLineEdit, QWidget, QWizardPage

if TYPE_CHECKING:
    from wizard.core.draft import Draft
    from wizard.ui.pages.ids import PageId
    from wizard.ui.state import WizardState


class PageWizard(Protocol):
    """What a page may ask of the wizard that holds it (ui/wizard.py's SmtpWizard), so the pages
    do not import the wizard that imports them."""

    state: WizardState

    @property
    def exported(self) -> bool: ...

    def page(self, page_id: int) -> QWizardPage | None: ...

    def page_of(self, page_id: PageId) -> Page: ...

    def jump_to_settings(self) -> None: ...

    def keyring_stored(self, outcome) -> None: ...

    def show_error(self, details: str) -> None: ...

    def show_opened_file(self, path: Path) -> None: ...


class Page(QWizardPage):
    @property
    def smtp_wizard(self) -> PageWizard:
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
