"""The "ask your mail administrator first" box: what an enterprise provider's admin must switch on,
with the exact menu path, before the user can get a password that works."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from wizard.core.catalog import Provider
from wizard.ui import palette
from wizard.ui.texts import bullet, esc, fill


class AdminBox(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("adminBox")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet(
            f"QLabel {{ background:{palette.INFO_BACKGROUND}; border:1px solid {palette.INFO_BORDER};"
            " padding:8px; }"
        )

    def show_provider(self, provider: Provider, lang: str) -> None:
        admin = provider.admin
        self.setVisible(admin is not None)
        if admin is None:
            self.setText("")
            return
        text = (
            "<b>" + esc(self.tr("Ask your mail administrator first")) + "</b>" + bullet(admin.steps.get(lang))
        )
        if admin.console_url:
            text += esc(fill(self.tr("Admin console: %1"), admin.console_url))
        self.setText(text)
