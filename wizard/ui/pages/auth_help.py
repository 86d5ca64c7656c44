"""Page 3: how to get the provider's authorization code / client password, step by step."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from wizard.ui import palette
from wizard.ui.pages.base import Page
from wizard.ui.pages.ids import PageId
from wizard.ui.texts import bullet, esc, fill, numbered, spaced
from wizard.ui.widgets.admin_box import AdminBox


class AuthHelpPage(Page):
    def __init__(self) -> None:
        super().__init__()
        self.admin = AdminBox()
        self.steps = QLabel()
        self.steps.setObjectName("authSteps")
        self.steps.setWordWrap(True)
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.steps.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings = QLabel()
        self.warnings.setObjectName("authWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(
            f"QLabel {{ background:{palette.WARNING_BACKGROUND}; border:1px solid {palette.WARNING_BORDER};"
            " padding:8px; }"
        )
        self.notes = QLabel()
        self.notes.setObjectName("authNotes")
        self.notes.setWordWrap(True)
        self.help_button = QPushButton(self.tr("Open the provider's &help page"))
        self.help_button.setObjectName("openHelpButton")
        self.help_button.clicked.connect(self.open_help)
        # Without a browser (a server, a locked-down desktop) the link must still reach the user.
        self.copy_link_button = QPushButton(self.tr("Cop&y the link"))
        self.copy_link_button.setObjectName("copyHelpLinkButton")
        self.copy_link_button.clicked.connect(self.copy_link)
        self.help_url = QLabel()
        self.help_url.setObjectName("helpUrl")
        self.help_url.setWordWrap(True)
        self.help_url.setTextFormat(Qt.TextFormat.PlainText)
        self.help_url.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.help_status = QLabel()
        self.help_status.setObjectName("helpStatus")
        self.help_status.setWordWrap(True)

        row = QHBoxLayout()
        row.addWidget(self.help_button)
        row.addWidget(self.copy_link_button)
        row.addStretch()
        layout = QVBoxLayout(self)  # the wizard puts every page in a scroll area
        layout.addWidget(self.admin)
        layout.addWidget(self.steps)
        layout.addWidget(self.warnings)
        layout.addWidget(self.notes)
        layout.addStretch()
        layout.addLayout(row)
        layout.addWidget(self.help_url)
        layout.addWidget(self.help_status)

    def initializePage(self) -> None:
        provider, lang = self.draft.provider, self.lang
        secret = provider.secret.name.get(lang)
        self.setTitle(spaced(fill(self.tr("Get the %1 for %2"), secret, provider.name.get(lang))))
        self.setSubTitle(
            fill(
                self.tr(
                    "Do this once in the provider's web mail, then paste the %1 into the "
                    "password field on the next page."
                ),
                secret,
            )
        )
        self.admin.show_provider(provider, lang)
        self.steps.setText(numbered(provider.steps.get(lang)))
        warnings = provider.warnings.get(lang)
        self.warnings.setText("<b>" + esc(self.tr("Note")) + "</b>" + bullet(warnings) if warnings else "")
        self.warnings.setVisible(bool(warnings))
        notes = provider.notes.get(lang)
        self.notes.setText(bullet(notes) if notes else "")
        self.notes.setVisible(bool(notes))
        for widget in (self.help_button, self.copy_link_button, self.help_url):
            widget.setVisible(bool(provider.help_url))
        self.help_url.setText(provider.help_url)
        self.help_status.setText("")

    def open_help(self) -> None:
        if not QDesktopServices.openUrl(QUrl(self.draft.provider.help_url)):
            self.help_status.setText(
                self.tr("No web browser could be opened here. Copy the link and open it on another device.")
            )

    def copy_link(self) -> None:
        QGuiApplication.clipboard().setText(self.draft.provider.help_url)
        self.help_status.setText(self.tr("Link copied to the clipboard."))

    def nextId(self) -> int:
        return PageId.SETTINGS
