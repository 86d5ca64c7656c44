"""Page 5: the live test. Runs the engine on a worker thread, ticks each stage as it happens,
and turns a failure into the cause, the field and (where the engine knows it) a one-click fix."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wizard.core.addresses import InputError, normalize_address
from wizard.core.engine.api import (
    CancelToken,
    Diagnosis,
    Stage,
    StageEvent,
    StageStatus,
    TestRequest,
    TestResult,
)
from wizard.ui.dialogs import TranscriptDialog
from wizard.ui.pages.base import Page
from wizard.ui.pages.ids import PageId
from wizard.ui.texts import esc
from wizard.ui.workers import BackgroundTasks

_MARKS = {
    StageStatus.RUNNING: ("…", "#1565c0"),
    StageStatus.OK: ("✓", "#2e7d32"),
    StageStatus.FAILED: ("✗", "#c62828"),
    StageStatus.SKIPPED: ("–", "#9e9e9e"),
}
STAGES = tuple(Stage)  # the engine's stages, in the order they run


# The engine's modules that pull in smtplib, ssl and email are imported where first needed
# (here: on the worker thread), which keeps them off the wizard's start-up path.
def _run_test(request: TestRequest, progress, cancel: CancelToken) -> TestResult:
    from wizard.core.engine.session import run_test

    return run_test(request, on_event=progress, cancel=cancel)


def _probe(host: str, candidates, **options):
    from wizard.core.engine.probe import probe

    return probe(host, candidates, **options)


class TestPage(Page):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Send a test mail"))
        self.tasks = BackgroundTasks(self)
        self.tasks.idle.connect(self.completeChanged.emit)
        self.cancel_token: CancelToken | None = None
        self._last_login_only = False
        self.result: TestResult | None = None
        self.setProperty("diagnosisCode", "")

        self.summary = QLabel()
        self.summary.setObjectName("testSummary")
        self.summary.setWordWrap(True)
        self.recipient = QLineEdit()
        self.recipient.setObjectName("recipientEdit")
        recipient_label = QLabel(self.tr("&Recipient:"))
        recipient_label.setBuddy(self.recipient)
        self.send_button = self._button("sendTestButton", self.tr("&Send test mail"), self.send_test)
        self.login_button = self._button("loginOnlyButton", self.tr("Check &login only"), self.check_login)
        self.cancel_button = self._button("cancelTestButton", self.tr("&Cancel test"), self.cancel)
        self.cancel_button.setEnabled(False)
        self.allow_plain = QCheckBox(self.tr("Allow sending the password &unencrypted"))
        self.allow_plain.setObjectName("allowPlaintextCheck")
        self.allow_plain.setVisible(False)

        self.checklist = QWidget()
        grid = QGridLayout(self.checklist)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.setVerticalSpacing(2)
        self.stage_rows: dict[Stage, tuple[QLabel, QLabel, QLabel]] = {}
        for row, stage in enumerate(STAGES):
            mark, name, detail = QLabel(), QLabel(), QLabel()
            mark.setFixedWidth(18)
            detail.setStyleSheet("color:#616161")
            for col, label in enumerate((mark, name, detail)):
                grid.addWidget(label, row, col)
            grid.setColumnStretch(2, 1)
            self.stage_rows[stage] = (mark, name, detail)

        self.result_label = QLabel()
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("hintLabel")
        self.hint_label.setWordWrap(True)
        self.apply_fix_button = self._button("applyFixButton", self.tr("&Apply and retry"), self.apply_fix)
        self.probe_button = self._button("probeButton", self.tr("&Detect ports"), self.run_probe)
        self.transcript_button = self._button(
            "transcriptButton", self.tr("Show &transcript"), self.show_transcript
        )
        self.trust_button = self._button(
            "trustCertButton", self.tr("Trust t&his certificate"), self.trust_cert
        )
        self.inbox_button = self._button("demoInboxButton", self.tr("Demo &inbox"), self.show_inbox)
        self.cert_label = QLabel()
        self.cert_label.setObjectName("certificateLabel")
        self.cert_label.setWordWrap(True)
        self.cert_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.probe_table = QTableWidget(0, 5)
        self.probe_table.setObjectName("probeTable")
        self.probe_table.setHorizontalHeaderLabels(
            [
                self.tr("Port"),
                self.tr("Encryption"),
                self.tr("Result"),
                self.tr("TLS"),
                self.tr("Login methods"),
            ]
        )
        self.probe_table.horizontalHeader().setStretchLastSection(True)
        self.probe_table.verticalHeader().hide()
        self.probe_table.setMaximumHeight(150)
        self.skip_check = QCheckBox(
            self.tr("Continue &without a passed test (the export is marked unverified)")
        )
        self.skip_check.setObjectName("skipTestCheck")
        self.skip_check.toggled.connect(self._skip_toggled)
        self.keyring_label = QLabel()
        self.keyring_label.setObjectName("keyringNotice")
        self.keyring_label.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(recipient_label)
        top.addWidget(self.recipient, 1)
        buttons = QHBoxLayout()
        for button in (self.send_button, self.login_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch()
        actions = QHBoxLayout()
        for button in (
            self.apply_fix_button,
            self.trust_button,
            self.probe_button,
            self.transcript_button,
            self.inbox_button,
        ):
            actions.addWidget(button)
        actions.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(top)
        layout.addWidget(self.allow_plain)
        layout.addLayout(buttons)
        layout.addWidget(self.checklist)
        layout.addWidget(self.result_label)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.cert_label)
        layout.addLayout(actions)
        layout.addWidget(self.probe_table)
        layout.addStretch()
        layout.addWidget(self.keyring_label)
        layout.addWidget(self.skip_check)

    def _button(self, name: str, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # -- page life ------------------------------------------------------------------------------
    def initializePage(self) -> None:
        settings = self.state.settings
        assert settings is not None
        smtp = settings.smtp
        self.setSubTitle(
            self.tr(
                "The wizard connects to the server, logs in and sends a real mail. "
                "Nothing is saved until you export."
            )
        )
        security = {"ssl": "SSL/TLS", "starttls": "STARTTLS", "none": self.tr("no encryption")}[smtp.security]
        self.summary.setText(
            f"<b>{esc(smtp.host_display)}</b> : {smtp.port} · {esc(security)} · "
            + esc(self.tr("account"))
            + f" <b>{esc(smtp.username)}</b>"
        )
        if not self.recipient.text():
            self.recipient.setText(smtp.sender_display)
        self.allow_plain.setVisible(smtp.security.value == "none" and bool(smtp.password))
        self.login_button.setEnabled(bool(smtp.password))
        self.inbox_button.setVisible(self.state.demo is not None)
        self._reset_stages()
        if self.state.verified is None:
            self._show_result(None)
        self.skip_check.setChecked(self.state.unverified_confirmed)

    def _reset_stages(self) -> None:
        from wizard.core.engine.messages import stage_label

        for stage, (mark, name, detail) in self.stage_rows.items():
            mark.setText("")
            name.setText(stage_label(stage.value, self.lang))
            name.setStyleSheet("color:#9e9e9e")
            detail.setText("")

    def isComplete(self) -> bool:
        if self.tasks.busy:
            return False
        return self.state.verified is not None or self.state.unverified_confirmed

    def nextId(self) -> int:
        return PageId.EXPORT

    @property
    def failed_field(self) -> str | None:
        """The field the last failed test blames (None after a pass or before any test)."""
        diagnosis = self.result.diagnosis if self.result else None
        return diagnosis.field if diagnosis and not diagnosis.ok else None

    def focus_target(self):
        return self.recipient if not self.recipient.text() else self.send_button

    def cleanupPage(self) -> None:
        self.cancel()

    # -- running ------------------------------------------------------------------------------
    def send_test(self) -> None:
        self._start(login_only=False)

    def check_login(self) -> None:
        self._start(login_only=True)

    def _start(self, *, login_only: bool) -> None:
        settings = self.state.settings
        if settings is None or self.tasks.busy:
            return
        try:
            recipient = normalize_address(self.recipient.text()) if not login_only else settings.smtp.sender
        except InputError as error:
            from wizard.core.validation import Issue

            self._show_message(Issue(error.code, "recipient").message(self.lang), "#c62828")
            return
        self._last_login_only = login_only
        request = TestRequest(
            settings=settings,
            recipient=recipient,
            login_only=login_only,
            connect_timeout=10.0,
            timeout=60.0,
            ca_file=self.state.ca_file,
            pinned_sha256=self.state.pinned_sha256,
            allow_plaintext_auth=self.allow_plain.isChecked(),
            lang=self.lang,
        )
        self.cancel_token = token = CancelToken()
        self._reset_stages()
        self._show_result(None)
        self._show_message(self.tr("Testing …"), "#1565c0")
        self._busy(True)
        self.tasks.start(
            lambda progress: _run_test(request, progress, token),
            on_result=self._finished,
            on_error=self._crashed,
            on_progress=self._stage_event,
        )

    def cancel(self) -> None:
        if self.cancel_token is not None and self.tasks.busy:
            self.cancel_token.cancel()
            self._show_message(self.tr("Cancelling …"), "#1565c0")

    def _busy(self, busy: bool) -> None:
        for button in (
            self.send_button,
            self.login_button,
            self.probe_button,
            self.apply_fix_button,
            self.trust_button,
        ):
            button.setEnabled(not busy)
        if not busy:
            self.login_button.setEnabled(bool(self.state.settings and self.state.settings.smtp.password))
        self.cancel_button.setEnabled(busy)
        self.completeChanged.emit()

    def _stage_event(self, event: StageEvent) -> None:
        if event.stage not in self.stage_rows:
            return
        mark, name, detail = self.stage_rows[event.stage]
        symbol, color = _MARKS[event.status]
        mark.setText(f"<span style='color:{color}'><b>{symbol}</b></span>")
        name.setStyleSheet("" if event.status is not StageStatus.SKIPPED else "color:#9e9e9e")
        if event.status in (StageStatus.OK, StageStatus.FAILED):
            detail.setText(f"{event.ms} ms  {event.detail}"[:120])

    def _finished(self, result: TestResult) -> None:
        self.result = result
        diagnosis = result.diagnosis
        for event in result.stages:
            self._stage_event(event)
        if diagnosis.ok and result.verified is not None:
            self.state.verified = result.verified
        self._busy(False)
        self._show_result(result)

    def _crashed(self, details: str) -> None:
        self._busy(False)
        self.smtp_wizard.show_error(details)

    # -- result -------------------------------------------------------------------------------
    def _show_message(self, text: str, color: str) -> None:
        html = esc(text).replace("\n", "<br>")
        self.result_label.setText(f"<span style='color:{color}'>{html}</span>")

    def _show_result(self, result: TestResult | None) -> None:
        diagnosis = result.diagnosis if result else None
        self.setProperty("diagnosisCode", diagnosis.code if diagnosis else "")
        self.hint_label.setText("")
        self.cert_label.hide()
        self.trust_button.hide()
        self.apply_fix_button.hide()
        self.transcript_button.setVisible(bool(result and result.transcript))
        self.probe_table.setVisible(self.probe_table.rowCount() > 0)
        if diagnosis is None:
            self.result_label.setText("")
            if self.state.verified is not None:
                self._show_message(
                    self.tr("A test mail was already delivered with these settings."), "#2e7d32"
                )
            return
        color = "#2e7d32" if diagnosis.ok else "#c62828"
        text = diagnosis.message(self.lang)
        if diagnosis.server_reply:
            text += "\n" + self.tr("Server reply:") + " " + diagnosis.server_reply
        self._show_message(text, color)
        hint = diagnosis.hint(self.lang)
        if hint and not diagnosis.ok:
            label = self.tr("What to do:")
            self.hint_label.setText(f"<b>{esc(label)}</b> {esc(hint)}")
        if diagnosis.fix:
            self.apply_fix_button.setText(
                self.tr("&Apply and retry: %1").replace("%1", self._describe(diagnosis.fix))
            )
            self.apply_fix_button.show()
        from wizard.core.engine.tls import CERT_DECISION_CODES

        if result.tls and diagnosis.code in CERT_DECISION_CODES:
            tls = result.tls
            self.cert_label.setText(
                "<b>"
                + esc(self.tr("The server's certificate"))
                + "</b><br>"
                + esc(self.tr("Subject"))
                + f": {esc(tls.subject)}<br>"
                + esc(self.tr("Issuer"))
                + f": {esc(tls.issuer)}<br>"
                + esc(self.tr("Valid until"))
                + f": {esc(tls.not_after)}<br>"
                + f"SHA-256: <code>{esc(tls.sha256)}</code>"
            )
            self.cert_label.show()
            self.trust_button.show()

    def _describe(self, fix: dict) -> str:
        parts = []
        for key, value in fix.items():
            if key == "security":
                value = {"ssl": "SSL/TLS", "starttls": "STARTTLS", "none": self.tr("no encryption")}.get(
                    value, value
                )
            parts.append(str(value))
        return ", ".join(parts)

    def apply_fix(self) -> None:
        fix = self.result.diagnosis.fix if self.result else None
        if not fix:
            return
        self.state.update(**fix)
        self.initializePage()
        self._start(login_only=self._last_login_only)

    def trust_cert(self) -> None:
        if not (self.result and self.result.tls):
            return
        tls = self.result.tls
        answer = QMessageBox.question(
            self,
            self.tr("Trust this certificate?"),
            self.tr(
                "Only trust it if the mail server's administrator confirms this fingerprint:\n\n%1\n\n"
                "The wizard will then accept exactly this certificate for this test."
            ).replace("%1", tls.sha256),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.state.pinned_sha256 = tls.sha256
            self.send_test()

    # -- probe ----------------------------------------------------------------------------------
    def run_probe(self) -> None:
        settings = self.state.settings
        if settings is None or self.tasks.busy:
            return
        from wizard.core.engine.autofix import candidates_for

        smtp = settings.smtp
        provider = self.state.provider
        candidates = candidates_for(smtp.port, smtp.security, None if provider.is_custom else provider)
        credentials = (smtp.username, smtp.password) if smtp.password else None
        token = self.cancel_token = CancelToken()
        ca_file, pin = self.state.ca_file, self.state.pinned_sha256
        self._show_message(
            self.tr("Trying %1 port and encryption combinations …").replace("%1", str(len(candidates))),
            "#1565c0",
        )
        self._busy(True)
        self.tasks.start(
            lambda _p: _probe(
                smtp.host,
                candidates,
                timeout=5.0,
                ca_file=ca_file,
                pinned_sha256=pin,
                credentials=credentials,
                cancel=token,
            ),
            on_result=self._probed,
            on_error=self._crashed,
        )

    def _probed(self, report) -> None:
        self._busy(False)
        table = self.probe_table
        table.setRowCount(0)
        for result in report.results:
            row = table.rowCount()
            table.insertRow(row)
            ok = result.code == "ok"
            values = [
                str(result.candidate.port),
                result.candidate.security.value,
                "✓" if ok else result.code,
                result.tls.version if result.tls else "",
                " ".join(result.auth_mechanisms),
            ]
            for col, value in enumerate(values):
                table.setItem(row, col, QTableWidgetItem(value))
        table.resizeColumnsToContents()
        table.show()
        best = report.recommended
        if best is None:
            self._show_message(
                self.tr("No combination worked. Check the server name and the network."), "#c62828"
            )
            return
        self._show_message(
            self.tr("Recommended: port %1 with %2.")
            .replace("%1", str(best.port))
            .replace("%2", best.security.value),
            "#2e7d32",
        )
        smtp = self.state.settings.smtp
        if (best.port, best.security) != (smtp.port, smtp.security):
            fix = {"port": best.port, "security": best.security.value}
            self.result = TestResult(Diagnosis("ok", None, fix=fix), (), ())
            self.apply_fix_button.setText(self.tr("&Apply and retry: %1").replace("%1", self._describe(fix)))
            self.apply_fix_button.show()

    # -- other ---------------------------------------------------------------------------------
    def show_transcript(self) -> None:
        if self.result:
            TranscriptDialog(self.result.transcript, self).exec()

    def show_inbox(self) -> None:
        from wizard.ui.dialogs import InboxDialog

        InboxDialog(self.state.demo, self.lang, self).exec()

    def _skip_toggled(self, checked: bool) -> None:
        if checked and not self.state.unverified_confirmed:
            answer = QMessageBox.question(
                self,
                self.tr("Continue without a test?"),
                self.tr(
                    "The settings have not been proven to work. The exported file will say it is "
                    "unverified. Continue?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.skip_check.setChecked(False)
                return
        self.state.unverified_confirmed = checked
        self.completeChanged.emit()

    def keyring_notice(self, text: str) -> None:
        self.keyring_label.setText(text)
