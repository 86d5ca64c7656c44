"""Page 6: export the configuration for the on-prem admin backend (JSON, .env or a sheet)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from wizard.core import config_file
from wizard.core.config_file import Format
from wizard.core.settings import Mode
from wizard.core.times import local_display
from wizard.ui import palette
from wizard.ui.pages.base import Page
from wizard.ui.pages.ids import PageId
from wizard.ui.support_panel import SupportPanel
from wizard.ui.texts import esc, fill
from wizard.ui.widgets.folders import fit_next_file_dialog, last_folder, remember_folder
from wizard.ui.widgets.questions import confirm_risky

PASSWORD_MASK = "********"  # in the preview instead of the password

DEFAULT_NAMES = {
    Format.JSON: "smtp-settings.json",
    Format.ENV: "smtp-settings.env",
    Format.SHEET: "smtp-settings.txt",
}


class ExportPage(Page):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Export the configuration"))
        self.saved_paths: list[Path] = []  # every file saved in this run, in order
        self.copied = False
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("exportPreview")
        self.preview.setReadOnly(True)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.format = QComboBox()
        self.format.setObjectName("exportFormatCombo")
        self.format.addItem(self.tr("JSON (for import or automation)"), Format.JSON.value)
        self.format.addItem(self.tr(".env (KEY=VALUE)"), Format.ENV.value)
        self.format.addItem(self.tr("Settings sheet (to type into the admin console)"), Format.SHEET.value)
        self.include_password = QCheckBox(self.tr("Include the &password in the file"))
        self.include_password.setObjectName("includePasswordCheck")
        self.password_warning = QLabel(
            self.tr(
                "Anyone who gets this file can send mail as this account. "
                "The file is made readable by you only; delete it after use."
            )
        )
        self.password_warning.setObjectName("passwordWarning")
        self.password_warning.setWordWrap(True)
        self.password_warning.setStyleSheet(f"color:{palette.WARNING}")
        self.verified_label = QLabel()
        self.verified_label.setObjectName("verifiedLabel")
        self.verified_label.setWordWrap(True)
        self.save_button = QPushButton(self.tr("&Save as…"))
        self.save_button.setObjectName("saveButton")
        self.copy_button = QPushButton(self.tr("&Copy to clipboard"))
        self.copy_button.setObjectName("copyButton")
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)

        form = QFormLayout()
        format_label = QLabel(self.tr("&Format:"))
        format_label.setBuddy(self.format)
        form.addRow(format_label, self.format)
        form.addRow("", self.include_password)
        form.addRow("", self.password_warning)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.verified_label)
        layout.addWidget(self.preview, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.server = SupportPanel(self, with_report=False)  # the laptop's test is not the server's
        layout.addWidget(self.server)

        self.format.currentIndexChanged.connect(self._refresh)
        self.include_password.toggled.connect(self._refresh)
        self.save_button.clicked.connect(self.save)
        self.copy_button.clicked.connect(self.copy)

    @property
    def chosen_format(self) -> Format:
        return Format(self.format.currentData())

    def initializePage(self) -> None:
        self.setSubTitle(self.tr("Check the summary, then save the file or copy it."))
        settings = self.draft.settings
        smtp_mode = settings is not None and settings.mode is Mode.SMTP
        self.include_password.setVisible(smtp_mode)
        self.include_password.setEnabled(smtp_mode and bool(settings.smtp.password))
        if not smtp_mode:
            self.include_password.setChecked(False)
        stamp = self.draft.stamp
        if stamp is not None:
            v = stamp.verification
            if stamp.imported:
                text = self.tr(
                    "Verified on %1 by another run (a test mail to %2); nothing has changed since."
                )
                text = fill(text, local_display(v.time), v.recipient)
            else:
                text = self.tr("Verified: a test mail to %1 was accepted at %2.")
                text = fill(text, v.recipient, local_display(v.time))
            notes = config_file.trust_notes(settings, v, self.lang)  # what the backend will need
            self.verified_label.setText("✓ " + esc(text) + "".join(f"<br>⚠ {esc(note)}" for note in notes))
            self.verified_label.setStyleSheet(f"color:{palette.OK}")
        elif smtp_mode:
            self.verified_label.setText(
                self.tr("Not verified: no test mail has been delivered with these settings.")
            )
            self.verified_label.setStyleSheet(f"color:{palette.WARNING}")
        else:
            self.verified_label.setText("")
        self.status.setText("")
        self.server.setVisible(smtp_mode)
        self.server.refresh()
        self._refresh()

    def text(self, *, masked: bool = False) -> str:
        """The file's content; ``masked`` (the preview) shows asterisks where the password goes,
        so a shared screen never shows it."""
        settings = self.draft.settings
        assert settings is not None
        if masked and settings.smtp.password:
            settings = settings.with_password(PASSWORD_MASK)
        return config_file.render(
            settings,
            self.chosen_format,
            include_password=self.include_password.isChecked(),
            verified=self.draft.verified,
            lang=self.lang,
        )

    @property
    def exported(self) -> bool:
        """The user has the configuration somewhere outside the wizard."""
        return bool(self.saved_paths) or self.copied

    def _refresh(self) -> None:
        self.status.setText("")  # "Saved to …" was about the previous format or content
        self.password_warning.setVisible(self.include_password.isChecked())
        self.preview.setPlainText(self.text(masked=True))

    def save(self) -> None:
        fmt = self.chosen_format
        start = str(last_folder() / DEFAULT_NAMES[fmt])
        filters = {
            Format.JSON: "JSON (*.json)",
            Format.ENV: ".env (*.env)",
            Format.SHEET: self.tr("Text (*.txt)"),
        }
        fit_next_file_dialog()
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save configuration"), start, filters[fmt])
        if path:
            remember_folder(Path(path))
            self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        settings = self.draft.settings
        assert settings is not None
        try:
            warnings = config_file.save(
                path,
                settings,
                self.chosen_format,
                include_password=self.include_password.isChecked(),
                verified=self.draft.verified,
                lang=self.lang,
            )
        except config_file.ConfigError as error:
            message = "<br>".join(esc(i.message(self.lang)) for i in error.issues)
            self.status.setText(f"<span style='color:{palette.ERROR}'>{message}</span>")
            return False
        if path not in self.saved_paths:
            self.saved_paths.append(path)
        # Saved; say what changed besides the content (owner, mode, an unsynced folder).
        notes = "".join(
            f"<br><span style='color:{palette.WARNING}'>{esc(w.message(self.lang))}</span>" for w in warnings
        )
        self.status.setText(
            f"<span style='color:{palette.OK}'>✓ "
            + esc(fill(self.tr("Saved to %1"), str(path)))
            + "</span>"
            + notes
        )
        return True

    def copy(self) -> None:
        if self.include_password.isChecked() and not self._may_copy_password():
            return
        QGuiApplication.clipboard().setText(self.text())
        self.copied = True
        self.status.setText(self.tr("Copied to the clipboard."))

    def _may_copy_password(self) -> bool:
        """The clipboard is readable by every program and ends up in chats: ask first; No is the
        default, so Enter never copies the password."""
        return confirm_risky(
            self,
            "copyPasswordQuestion",
            self.tr("Copy the password?"),
            self.tr(
                "The copied text contains the password in clear text. Anyone who sees where you paste "
                "it can send mail as this account. Copy it with the password?"
            ),
        )

    def nextId(self) -> int:
        return PageId.DONE
