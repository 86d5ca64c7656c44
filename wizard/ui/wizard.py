"""The QWizard: pages with explicit ids, the shared state, and the few actions that span pages.

Pages are built on their first visit, not all seven at start: QWizard only needs a page once
it switches to it, and building the other six (and importing their modules, which pulls in
PySide's ~100 enums of the ``Qt`` namespace) took about a quarter of the start-up time
(benchmarks/startup.py). ``validateCurrentPage``, which QWizard calls on Next before it asks
for the next page, builds that page.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWizard

from wizard.ui import unfinished
from wizard.ui.gui_thread_gc import collect_on_gui_thread
from wizard.ui.pages.base import Page
from wizard.ui.pages.ids import PageId
from wizard.ui.state import WizardState
from wizard.ui.widgets.fit import fit_to_screen, make_scrollable


def new_page(page_id: PageId) -> Page:
    """The page for this id, newly built. Each module is imported here, on the page's first
    visit, to keep the other pages' imports off the start-up path."""
    if page_id is PageId.MODE:
        from wizard.ui.pages.mode import ModePage as page_class
    elif page_id is PageId.PROVIDER:
        from wizard.ui.pages.provider import ProviderPage as page_class
    elif page_id is PageId.AUTH_HELP:
        from wizard.ui.pages.auth_help import AuthHelpPage as page_class
    elif page_id is PageId.SETTINGS:
        from wizard.ui.pages.settings import SettingsPage as page_class
    elif page_id is PageId.TEST:
        from wizard.ui.pages.test import TestPage as page_class
    elif page_id is PageId.EXPORT:
        from wizard.ui.pages.export import ExportPage as page_class
    else:
        from wizard.ui.pages.done import DonePage as page_class
    return page_class()


class SmtpWizard(QWizard):
    def __init__(self, state: WizardState, parent=None) -> None:
        super().__init__(parent)
        collect_on_gui_thread()  # worker threads must never destroy a widget
        self.state = state
        self.setObjectName("smtpWizard")
        self.setWindowTitle(self.tr("Mail service setup wizard"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        # Qt's Cancel has no Alt+letter; the translation gives it one that no page uses.
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancel"))
        self.page_of(PageId.MODE)  # the start page; the others are built on their first visit
        fit_to_screen(self)
        # QWizard focuses the first control of a page after initializePage; move on from there.
        self._last_id = -1
        self.currentIdChanged.connect(self._page_changed)
        self.currentIdChanged.connect(self._focus_page)
        self._title = self.windowTitle()
        self.setStartId(PageId.MODE)

    def _page_changed(self, page_id: int) -> None:
        if page_id == -1:  # QWizard resets itself after Cancel
            return
        if page_id < self._last_id:  # Back: ids follow the flow
            self.currentPage().revisit()
        self._last_id = page_id
        unfinished.keep_draft(self)

    def _focus_page(self, _page_id: int) -> None:
        page = self.currentPage()
        target = page.focus_target() if page is not None else None
        if target is not None:
            target.setFocus()

    def reject(self) -> None:  # Esc, Cancel and the window's close button all come here
        if unfinished.may_quit(self):
            super().reject()

    def accept(self) -> None:
        unfinished.finished(self)
        super().accept()

    def show_opened_file(self, path) -> None:
        """The file's name in the title. Qt adds the application's display name at the end of a
        title that differs from it (https://doc.qt.io/qt-6/qwidget.html#windowTitle-prop), so
        with one set the title is the file name alone; without one it names the app itself."""
        from PySide6.QtGui import QGuiApplication

        if QGuiApplication.applicationDisplayName() == self._title:
            self.setWindowTitle(path.name)
        else:
            self.setWindowTitle(f"{self._title} — {path.name}")

    def page_of(self, page_id: PageId) -> Page:
        """The page with this id, built now if it was not yet (its first visit, or a caller that
        needs its widgets). To ask about a page without building it, use QWizard.page(id)."""
        page = self.page(page_id)
        if page is None:
            page = new_page(page_id)
            make_scrollable(page)
            self.setPage(page_id, page)
        return page

    def validateCurrentPage(self) -> bool:
        """Next or Finish (QWizard's hook before it moves on): the current page validates, then
        the page that comes next is built so that QWizard finds it."""
        if not super().validateCurrentPage():
            return False
        next_id = self.nextId()
        if next_id != -1:
            self.page_of(PageId(next_id))
        return True

    @property
    def exported(self) -> bool:
        """The user has the configuration outside the wizard (never true before the export page)."""
        export = self.page(PageId.EXPORT)
        return export is not None and export.exported

    def jump_to_settings(self) -> None:
        """After opening a file: walk forward to the settings page (each page accepts its prefill)."""
        for _ in range(4):
            if self.currentId() == PageId.SETTINGS or not self.currentPage().isComplete():
                return
            self.next()

    def keyring_stored(self, outcome) -> None:
        self.page_of(PageId.TEST).keyring_notice(outcome.message(self.state.lang))

    def show_error(self, details: str) -> None:
        from wizard.ui.dialogs import ErrorDialog  # only after a crash: its widgets stay off start-up

        for secret in self.state.draft.secrets:
            details = details.replace(secret, "****")
        ErrorDialog(details, self).exec()
