"""Page 1: how mail is sent — the platform's service (display name only) or our own SMTP.

Also the way back in: open an exported configuration to re-test or change it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from wizard.core.validation import Issue
from wizard.ui.pages.base import Page
from wizard.ui.pages.ids import PageId
from wizard.ui.texts import esc, fill
from wizard.ui.widgets.issue_label import IssueLabel


class ModePage(Page):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("How should notification mail be sent?"))
        self.setSubTitle(
            self.tr(
                "Most installs keep the platform's mail service. Choose your own SMTP "
                "service when the customer wants mail to come from their own mailbox."
            )
        )
        self.platform_radio = QRadioButton(
            self.tr("&Platform mail service (default: only the sender's display name can be set)")
        )
        self.platform_radio.setObjectName("modePlatformRadio")
        self.smtp_radio = QRadioButton(
            self.tr("&Own SMTP service (QQ, Tencent Exmail, 163, Aliyun, SendCloud …)")
        )
        self.smtp_radio.setObjectName("modeSmtpRadio")
        group = QButtonGroup(self)
        group.addButton(self.platform_radio)
        group.addButton(self.smtp_radio)
        self.platform_radio.setChecked(True)

        self.platform_box = QWidget()
        form = QFormLayout(self.platform_box)
        form.setContentsMargins(24, 0, 0, 0)
        self.platform_name = QLineEdit()
        self.platform_name.setObjectName("platformDisplayNameEdit")
        self.platform_name.setPlaceholderText(self.tr("e.g. 简道云通知"))
        name_label = QLabel(self.tr("Sender &display name:"))
        name_label.setBuddy(self.platform_name)
        form.addRow(name_label, self.platform_name)
        self.platform_issue = IssueLabel("platformDisplayNameIssue")
        # Hidden when the SMTP radio is chosen, but its room stays: the radio under the mouse
        # moved up by the hint's height (about 36 px) as it was clicked. A box layout keeps the
        # room of a hidden widget that asks for it; the form layout did not.
        policy = self.platform_issue.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.platform_issue.setSizePolicy(policy)
        issue_row = QHBoxLayout()
        issue_row.setContentsMargins(24, 0, 0, 0)
        issue_row.addWidget(self.platform_issue)

        self.open_button = QPushButton(self.tr("Open an e&xported configuration…"))
        self.open_button.setObjectName("openConfigButton")
        self.open_status = QLabel()
        self.open_status.setObjectName("openConfigStatus")
        self.open_status.setWordWrap(True)
        open_row = QHBoxLayout()
        open_row.addWidget(self.open_button)
        open_row.addStretch()

        layout = QVBoxLayout(self)
        layout.addWidget(self.platform_radio)
        layout.addWidget(self.platform_box)
        layout.addLayout(issue_row)
        layout.addSpacing(8)
        layout.addWidget(self.smtp_radio)
        layout.addStretch()
        layout.addWidget(QLabel(self.tr("Already have a configuration file from this tool?")))
        layout.addLayout(open_row)
        layout.addWidget(self.open_status)

        self.platform_radio.toggled.connect(self._mode_changed)
        self.platform_name.textChanged.connect(self._name_changed)
        self.open_button.clicked.connect(self.open_config)

    def initializePage(self) -> None:
        smtp = self.draft.get("mode") == "smtp"
        self.smtp_radio.setChecked(smtp)
        self.platform_radio.setChecked(not smtp)
        self.platform_name.setText(str(self.draft.get("display_name")))
        self._mode_changed()

    def _mode_changed(self) -> None:
        platform = self.platform_radio.isChecked()
        self.platform_box.setEnabled(platform)
        self.draft.set_mode("platform" if platform else "smtp")
        self._refresh()

    def _name_changed(self, text: str) -> None:
        self.draft.set("display_name", text)
        self._refresh()

    def _refresh(self) -> None:
        if self.platform_radio.isChecked():
            issues = self.draft.validation().for_field("display_name")
            if not self.platform_name.text() and issues and issues[0].code == "required":
                # Not an error yet, but say why Next is disabled.
                self.platform_issue.setText(self.tr("Enter the display name to continue (it is required)."))
                self.platform_issue.setProperty("severity", "hint")
                self.platform_issue.show()
            else:
                self.platform_issue.show_issues(issues, self.lang)
        else:
            self.platform_issue.hide()  # its text stays, and with it its room (see __init__)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self.smtp_radio.isChecked():
            return True
        return not self.draft.validation().for_field("display_name")

    def focus_target(self):
        return self.platform_name if self.platform_radio.isChecked() else None

    def nextId(self) -> int:
        return PageId.PROVIDER if self.smtp_radio.isChecked() else PageId.EXPORT

    def open_config(self) -> None:
        # Imported on use: the file dialog's classes cost ~6 ms before the first page is painted.
        from PySide6.QtWidgets import QFileDialog

        from wizard.ui.widgets.folders import fit_next_file_dialog, last_folder, remember_folder

        fit_next_file_dialog()
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open configuration"),
            str(last_folder()),
            self.tr("Configuration (*.json *.env);;All files (*)"),
        )
        if path:
            remember_folder(Path(path))
            self.load_config(Path(path))

    def load_config(self, path: Path) -> bool:
        """Read an exported file into the wizard; problems are shown, nothing is half-applied."""
        from wizard.core import config_file  # file support: ~5 ms not spent before the first paint

        try:
            loaded = self.draft.load_file(path)
        except config_file.ConfigError as error:
            text = "<br>".join(esc(i.message(self.lang)) for i in error.issues)
            QMessageBox.warning(self, self.tr("Cannot open the file"), text)
            return False
        self.initializePage()
        self.smtp_wizard.show_opened_file(path)
        message = fill(self.tr("Opened %1. Check the settings and run the test again."), str(path))
        if not loaded.ok:
            message += " " + self.tr("Some values need fixing; they are marked on the settings page.")
        if self.draft.claim_dropped:
            message += " " + Issue("verification_mismatch", "file").message(self.lang)
        self.open_status.setText(message)
        if self.draft.get("mode") == "smtp":
            self.smtp_wizard.jump_to_settings()
        return True
