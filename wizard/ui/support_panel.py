"""What the test and export pages offer beyond this computer: a support report (copy or save)
and the command that repeats the test from the customer's server.

The report describes the last test with the settings that test used (not whatever the fields
say now); the server command is built from the current settings. Both come from the core
(``wizard.core.report``, ``wizard.core.server_command``); this module only shows them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from wizard.core.engine.api import ProbeReport, TestRequest, TestResult
from wizard.ui import palette
from wizard.ui.diagnosis_view import push_button
from wizard.ui.texts import esc, fill

OK_STYLE, ERROR_STYLE = f"color:{palette.OK}", f"color:{palette.ERROR}"


class ServerCommandDialog(QDialog):
    """The command for the current settings, ready to copy, and where to get the server build."""

    def __init__(
        self,
        command: str,
        parent: QWidget | None = None,
        *,
        scheduled: bool = False,
        ca_file: str | None = None,
        pin: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("serverCommandDialog")
        self.setWindowTitle(
            self.tr("Check regularly on the server") if scheduled else self.tr("Verify from the server")
        )
        intro = QLabel(
            self.tr(
                "Run this on the server with the one-file smtp-wizard-cli. It installs a systemd timer "
                "that checks every hour (connect, certificate, login; no mail sent) and reports what "
                "broke and since when. The password is not part of the command: it prints how to put it "
                "into a file only you can read, which the timer loads with LoadCredential=."
            )
            if scheduled
            else self.tr(
                "The test above ran from this computer. The server that will send the mail may see "
                "another network (blocked ports, a proxy, another DNS). Copy the one-file command line "
                "smtp-wizard-cli (Linux x86_64, from the same release as this wizard) to the server, "
                "then run this command there. It asks for the password (authorization code) without "
                "showing it; the password is not part of the command."
            )
        )
        intro.setWordWrap(True)
        trust = []  # what the command relies on besides the settings, said where it must be copied
        if ca_file:
            trust.append(
                fill(
                    self.tr("Copy the CA file %1 into the same folder on the server: the command trusts it."),
                    Path(ca_file).name,
                )
            )
        if pin:
            trust.append(
                fill(
                    self.tr(
                        "The command trusts exactly the certificate you trusted by hand (SHA-256 %1), as the "
                        "wizard's test did."
                    ),
                    pin,
                )
            )
        self.trust_note = QLabel("\n".join(trust))
        self.trust_note.setObjectName("serverCommandTrust")
        self.trust_note.setWordWrap(True)
        self.trust_note.setVisible(bool(trust))
        self.command = QPlainTextEdit(command)
        self.command.setObjectName("serverCommandText")
        self.command.setReadOnly(True)
        self.command.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.copy_button = push_button("copyServerCommandButton", self.tr("&Copy command"), self.copy)
        self.status = QLabel()
        self.status.setObjectName("serverCommandStatus")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.trust_note)
        layout.addWidget(self.command)
        layout.addLayout(row)
        layout.addWidget(close)
        self.resize(640, 320)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.command.toPlainText())
        self.status.setText(self.tr("Copied to the clipboard."))


class SupportPanel(QWidget):
    """ "This test ran from this computer" with Copy for support, Save report… and Verify from
    the server; ``with_report=False`` (the export page) leaves out the two report buttons."""

    def __init__(self, page, *, with_report: bool = True) -> None:
        super().__init__()
        self.page = page  # a wizard Page: its draft, language and wizard state
        self.request: TestRequest | None = None
        self.result: TestResult | None = None
        self.probe: ProbeReport | None = None
        self.where = QLabel(
            self.tr(
                "This test runs from this computer; the server that will send the mail may be on "
                "another network."
            )
        )
        self.where.setObjectName("testedHereNotice")
        self.where.setWordWrap(True)
        self.copy_button = push_button("copyReportButton", self.tr("Cop&y for support"), self.copy_report)
        self.save_button = push_button("saveReportButton", self.tr("Save report…"), self.save_report)
        self.server_button = push_button(
            "serverCommandButton", self.tr("Ver&ify from the server…"), self.show_server_command
        )
        # Only on the export page, where the settings are final (its mnemonic is free there).
        self.check_button = (
            None
            if with_report
            else push_button(
                "scheduledCheckButton", self.tr("Check re&gularly on the server…"), self.show_check_command
            )
        )
        self.status = QLabel()
        self.status.setObjectName("supportStatus")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        for button in (self.copy_button, self.save_button, self.server_button, self.check_button):
            if button is not None:
                row.addWidget(button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.where)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.copy_button.setVisible(with_report)
        self.save_button.setVisible(with_report)

    # -- what the page tells us -----------------------------------------------------------------
    def record(self, request: TestRequest, result: TestResult | None) -> None:
        self.request, self.result = request, result

    def record_probe(self, report: ProbeReport) -> None:
        self.probe = report

    def refresh(self) -> None:
        settings = self.page.draft.settings
        self.server_button.setEnabled(settings is not None and settings.mode.value == "smtp")
        if self.check_button is not None:
            self.check_button.setEnabled(self.server_button.isEnabled())
        self.status.setText("")

    # -- report ----------------------------------------------------------------------------------
    def report_sections(self):
        from wizard.core.report import facts
        from wizard.core.report.sections import build_sections, server_address

        # The last test's own settings; before any test, the current ones (with "not tested").
        settings = self.request.settings if self.request else self.page.draft.settings
        environment = facts.collect(server_address(self.result))
        after = getattr(self.page, "after_pass", None)  # the domain check and delivery, if asked
        shown = after is not None and after.result is self.result and self.result is not None
        return build_sections(
            self.result,
            settings,
            environment,
            probe=self.probe,
            domain=after.domain_report if shown else None,
            delivery=after.delivery if shown else None,
            provider=self.page.draft.provider,
            lang=self.page.lang,
        )

    def copy_report(self) -> None:
        from wizard.core.report.render import to_markdown

        QGuiApplication.clipboard().setText(to_markdown(self.report_sections()))
        self._say(self.tr("The report is on the clipboard: paste it into the support chat."), OK_STYLE)

    def save_report(self) -> None:
        start = str(Path.home() / "smtp-support-report.html")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save report"), start, self.tr("Web page (*.html);;Markdown (*.md)")
        )
        if path:
            self.save_report_to(Path(path))

    def save_report_to(self, path: Path) -> bool:
        from wizard.core.report.render import report_format, write_report

        if report_format(path) is None:  # typed without .html or .md: the dialog's default
            path = path.with_name(path.name + ".html")
        try:
            write_report(path, self.report_sections(), self.page.lang)
        except OSError as error:
            reason = error.strerror or str(error)
            text = fill(self.tr("Could not save %1: %2"), str(path), reason)
            self._say(text, ERROR_STYLE)
            return False
        self._say("✓ " + fill(self.tr("Report saved to %1"), str(path)), OK_STYLE)
        return True

    # -- server ----------------------------------------------------------------------------------
    def command_options(self):
        """What the wizard's test uses besides the settings: the server must test the same."""
        from wizard.core.engine.api import TestRequest
        from wizard.core.server_command import CommandOptions

        draft = self.page.draft
        allow_plain = getattr(self.page, "allow_plain", None)  # the test page's check box
        pin, ca_file = draft.trust
        return CommandOptions(
            ehlo=draft.ehlo,
            pinned_sha256=pin,
            ca_file=ca_file,
            connect_timeout=TestRequest.connect_timeout,
            timeout=TestRequest.timeout,
            allow_plaintext_auth=bool(allow_plain and allow_plain.isChecked()),
        )

    def server_command(self) -> str:
        from wizard.core.server_command import server_test_command

        draft = self.page.draft
        return server_test_command(draft.settings, draft.recipient, options=self.command_options())

    def show_server_command(self) -> None:
        if self.page.draft.settings is None:
            return
        options = self.command_options()
        ServerCommandDialog(
            self.server_command(), self, ca_file=options.ca_file, pin=options.pinned_sha256
        ).exec()

    def check_command(self) -> str:
        from wizard.core.server_command import server_check_command

        return server_check_command(self.page.draft.settings, options=self.command_options())

    def show_check_command(self) -> None:
        if self.page.draft.settings is None:
            return
        options = self.command_options()
        ServerCommandDialog(
            self.check_command(), self, scheduled=True, ca_file=options.ca_file, pin=options.pinned_sha256
        ).exec()

    def _say(self, text: str, style: str) -> None:
        self.status.setText(f"<span style='{style}'>{esc(text)}</span>")
