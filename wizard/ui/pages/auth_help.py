"""Page 3: how to get the provider's authorization code / client password, step by step."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from wizard.ui.pages.base import Page
from wizard.ui.pages.ids import PageId
from wizard.ui.texts import bullet, esc, numbered


class AuthHelpPage(Page):
    def __init__(self) -> None:
        super().__init__()
        self.steps = QLabel()
        self.steps.setObjectName("authSteps")
        self.steps.setWordWrap(True)
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.steps.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings = QLabel()
        self.warnings.setObjectName("authWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("QLabel { background:#fff4e5; border:1px solid #ffb74d; padding:8px; }")
        self.notes = QLabel()
        self.notes.setObjectName("authNotes")
        self.notes.setWordWrap(True)
        self.help_button = QPushButton(self.tr("Open the provider's &help page"))
        self.help_button.setObjectName("openHelpButton")
        self.help_button.clicked.connect(self.open_help)

        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addWidget(self.steps)
        inner.addWidget(self.warnings)
        inner.addWidget(self.notes)
        inner.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        row = QHBoxLayout()
        row.addWidget(self.help_button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(row)

    def initializePage(self) -> None:
        provider, lang = self.draft.provider, self.lang
        secret = provider.secret.name.get(lang)
        self.setTitle(
            self.tr("Get the %1 for %2").replace("%1", secret).replace("%2", provider.name.get(lang))
        )
        self.setSubTitle(
            self.tr(
                "Do this once in the provider's web mail, then paste the %1 into the "
                "password field on the next page."
            ).replace("%1", secret)
        )
        self.steps.setText(numbered(provider.steps.get(lang)))
        warnings = provider.warnings.get(lang)
        self.warnings.setText("<b>" + esc(self.tr("Note")) + "</b>" + bullet(warnings) if warnings else "")
        self.warnings.setVisible(bool(warnings))
        notes = provider.notes.get(lang)
        self.notes.setText(bullet(notes) if notes else "")
        self.notes.setVisible(bool(notes))
        self.help_button.setVisible(bool(provider.help_url))

    def open_help(self) -> None:
        QDesktopServices.openUrl(QUrl(self.draft.provider.help_url))

    def nextId(self) -> int:
        return PageId.SETTINGS
