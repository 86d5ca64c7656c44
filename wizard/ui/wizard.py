"""The QWizard: pages with explicit ids, the shared state, and the few actions that span pages."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWizard

from wizard.ui.dialogs import ErrorDialog
from wizard.ui.gui_thread_gc import collect_on_gui_thread
from wizard.ui.pages.auth_help import AuthHelpPage
from wizard.ui.pages.done import DonePage
from wizard.ui.pages.export import ExportPage
from wizard.ui.pages.ids import PageId
from wizard.ui.pages.mode import ModePage
from wizard.ui.pages.provider import ProviderPage
from wizard.ui.pages.settings import SettingsPage
from wizard.ui.pages.test import TestPage
from wizard.ui.state import WizardState


class SmtpWizard(QWizard):
    def __init__(self, state: WizardState, parent=None) -> None:
        super().__init__(parent)
        collect_on_gui_thread()  # worker threads must never destroy a widget
        self.state = state
        self.setObjectName("smtpWizard")
        self.setWindowTitle(self.tr("Mail service setup wizard"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(QSize(720, 600))
        self.pages = {
            PageId.MODE: ModePage(),
            PageId.PROVIDER: ProviderPage(),
            PageId.AUTH_HELP: AuthHelpPage(),
            PageId.SETTINGS: SettingsPage(),
            PageId.TEST: TestPage(),
            PageId.EXPORT: ExportPage(),
            PageId.DONE: DonePage(),
        }
        for page_id, page in self.pages.items():
            self.setPage(page_id, page)
        self.setStartId(PageId.MODE)

    def page_of(self, page_id: PageId):
        return self.pages[page_id]

    def jump_to_settings(self) -> None:
        """After opening a file: walk forward to the settings page (each page accepts its prefill)."""
        for _ in range(4):
            if self.currentId() == PageId.SETTINGS or not self.currentPage().isComplete():
                return
            self.next()

    def keyring_stored(self, outcome) -> None:
        self.pages[PageId.TEST].keyring_notice(outcome.message(self.state.lang))

    def show_error(self, details: str) -> None:
        for secret in self.state.draft.secrets:
            details = details.replace(secret, "****")
        ErrorDialog(details, self).exec()
