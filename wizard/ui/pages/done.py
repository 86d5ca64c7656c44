"""Last page: what to do with the file in the admin backend."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QVBoxLayout

from wizard.core.settings import Mode
from wizard.ui.pages.base import Page
from wizard.ui.pages.ids import PageId
from wizard.ui.texts import esc


class DonePage(Page):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Finish in the admin backend"))
        self.text = QLabel()
        self.text.setObjectName("doneText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addStretch()

    def initializePage(self) -> None:
        settings = self.draft.settings
        if settings is not None and settings.mode is Mode.PLATFORM:
            steps = [
                self.tr(
                    "Sign in to the on-prem admin backend and open 邮件服务集成 (mail service integration)."
                ),
                self.tr("Keep the platform mail service and enter the display name: %1.").replace(
                    "%1", settings.display_name
                ),
                self.tr("Click 保存 (Save)."),
            ]
        else:
            steps = [
                self.tr(
                    "Sign in to the on-prem admin backend and open 邮件服务集成 (mail service integration)."
                ),
                self.tr(
                    "Enter 邮件服务器, 端口, 加密方式, 发件人邮箱, 密码, 显示姓名 and 账号 exactly as in the "
                    "exported file (the settings sheet lists them in that order)."
                ),
                self.tr("Click 发送测试邮件 (send test mail) there once and check that it arrives."),
                self.tr("Click 保存 (Save). Delete any exported file that contains the password."),
            ]
            if settings is not None:  # the test trusted more than the system's certificates
                from wizard.core.config_file import trust_notes

                steps[1:1] = trust_notes(settings, self.draft.verified, self.lang)
        rows = "".join(f"<li style='margin-bottom:6px'>{esc(step)}</li>" for step in steps)
        saved = self.smtp_wizard.page_of(PageId.EXPORT).saved_paths
        where = ""
        if saved:
            files = "".join(f"<li>{esc(path)}</li>" for path in saved)
            where = "<p>" + esc(self.tr("Files saved in this run:")) + f"</p><ul>{files}</ul>"
        self.text.setText(f"{where}<ol>{rows}</ol>")

    def validatePage(self) -> bool:
        """Finish: ask first when the configuration was neither saved nor copied."""
        if self.smtp_wizard.exported:
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Finish without the configuration?"),
            self.tr("The configuration was neither saved nor copied, so it will be lost. Finish anyway?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
