"""Page 5: the live test. Runs the engine on a worker thread, ticks each stage as it happens
(DiagnosisView), turns a failure into the cause, the field and a one-click fix, and probes the
ports on request (ProbePanel). The draft records every outcome: only a passed test with
exactly the current settings lets the user go on as verified. The secret, port and encryption
are on the page too (RetryFields), so a failure is corrected and retried in place; wiring these
parts together (and the DNS-server retry) takes a little over 300 lines."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QMessageBox, QVBoxLayout

from wizard.core.addresses import InputError
from wizard.core.engine.api import CancelToken, ProbeReport, TestRequest, TestResult
from wizard.core.settings import Security
from wizard.core.times import local_display
from wizard.core.validation import Issue
from wizard.ui import palette
from wizard.ui.after_pass_panel import AfterPassPanel
from wizard.ui.diagnosis_view import BUSY_COLOR, ERROR_COLOR, OK_COLOR, DiagnosisView, push_button
from wizard.ui.pages.base import Page
from wizard.ui.pages.ids import PageId
from wizard.ui.probe_panel import ProbePanel
from wizard.ui.support_panel import SupportPanel
from wizard.ui.texts import esc, fill
from wizard.ui.widgets.dns_choice import DnsServerField
from wizard.ui.widgets.inputs import SubmitLineEdit
from wizard.ui.widgets.questions import confirm_risky
from wizard.ui.widgets.retry_fields import RetryFields
from wizard.ui.workers import BackgroundTasks

STALE_COLOR = palette.WARNING  # an outcome that belonged to the previous settings: test again


def _run_test(request: TestRequest, progress, cancel: CancelToken, provider, on_probe) -> TestResult:
    # On the worker (smtplib stays off start-up); a connect silent for 2 s probes other ports.
    from wizard.core.engine.fallback import run_test_with_fallback as run

    return run(request, on_event=progress, cancel=cancel, provider=provider, on_probe=on_probe)


class TestPage(Page):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Send a test mail"))
        self.tasks = BackgroundTasks(self)
        self.tasks.idle.connect(self._idle)
        self._next_after_idle = False  # a pass was focused: Next takes the cursor once enabled
        self.cancel_token: CancelToken | None = None
        self._last_login_only = False
        self._shown: TestRequest | None = None  # the test whose outcome the page shows
        self._stale_note = False  # the page says "test again" (until a result or the stamp holds)
        self.setProperty("diagnosisCode", "")

        self.summary = QLabel()
        self.summary.setObjectName("testSummary")
        self.summary.setWordWrap(True)
        self.fields = RetryFields()  # secret, port, encryption: retry without leaving the page
        self.fields.changed.connect(self._settings_changed)
        self.fields.password.submitted.connect(self.send_test)
        self.recipient = SubmitLineEdit("recipientEdit", submits=True)  # Enter sends the test
        self.recipient.textChanged.connect(self._recipient_changed)
        self.recipient.submitted.connect(self.send_test)
        recipient_label = QLabel(self.tr("&Recipient:"))
        recipient_label.setBuddy(self.recipient)
        self.send_button = push_button("sendTestButton", self.tr("&Send test mail"), self.send_test)
        self.login_button = push_button("loginOnlyButton", self.tr("Check &login only"), self.check_login)
        self.cancel_button = push_button("cancelTestButton", self.tr("&Cancel test"), self.cancel)
        self.cancel_button.setEnabled(False)
        self.allow_plain = QCheckBox(self.tr("Allow sending the password &unencrypted"))
        self.allow_plain.setObjectName("allowPlaintextCheck")
        self.allow_plain.setVisible(False)

        self.view = DiagnosisView()
        self.view.fix_requested.connect(self.apply_fix)
        self.view.trust_requested.connect(self.trust_cert)
        self.view.ca_requested.connect(self.choose_ca_file)
        self.probe = ProbePanel(self.tasks, self)
        self.probe.button.clicked.connect(self.run_probe)
        self.probe.started.connect(self._probe_started)
        self.probe.finished.connect(self._probed)
        self.probe.failed.connect(self._crashed)
        self.inbox_button = push_button("demoInboxButton", self.tr("Demo inbox"), self.show_inbox)
        self.dns_choice = DnsServerField("testDnsServerEdit")  # when this computer cannot resolve names
        self.dns_choice.hide()
        self.dns_choice.chosen.connect(lambda _server: self.send_test())
        self.skip_check = QCheckBox(
            self.tr("Continue wit&hout a passed test (the export is marked unverified)")
        )
        self.skip_check.setObjectName("skipTestCheck")
        self.skip_check.toggled.connect(self._skip_toggled)
        self.after_pass = AfterPassPanel()
        # Controls never shown together may share an Alt+letter (Qt fires only a visible one):
        # the after-pass panel needs a pass; these need a failure or no pass.
        self.after_pass.setProperty("shownWith", "pass")
        for widget in (self.view.trust_button, self.view.ca_button, self.dns_choice, self.skip_check):
            widget.setProperty("shownWith", "noPass")
        self.support = SupportPanel(self)
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
        fix, trust, ca, transcript = self.view.action_buttons
        for button in (fix, trust, ca, self.probe.button, transcript, self.inbox_button):
            actions.addWidget(button)
        actions.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.fields)
        layout.addLayout(top)
        layout.addWidget(self.allow_plain)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        layout.addWidget(self.dns_choice)
        layout.addLayout(actions)
        layout.addWidget(self.probe.table)
        layout.addWidget(self.after_pass)
        layout.addWidget(self.support)
        layout.addStretch()
        layout.addWidget(self.keyring_label)
        layout.addWidget(self.skip_check)

    # -- page life ------------------------------------------------------------------------------
    def initializePage(self) -> None:
        self.setSubTitle(
            self.tr(
                "The wizard connects to the server, logs in and sends a real mail. "
                "Nothing is saved until you export."
            )
        )
        self.fields.load(self.draft, self.lang)
        self.recipient.setText(self.draft.recipient)
        self.inbox_button.setVisible(self.state.demo is not None)
        if self._shown is None:
            self.view.reset_stages(self.lang)
            self._show_result(None)
        self._settings_changed()  # an outcome for settings changed on the settings page goes

    def _settings_changed(self) -> None:
        """After the page's own fields (or a fix) changed the draft: the summary, what may run,
        and no outcome that belongs to the previous settings."""
        self._drop_stale()
        settings = self.draft.settings
        smtp = settings.smtp if settings is not None else None
        if smtp is not None:
            security = self.view.security_name(smtp.security.value)
            self.summary.setText(
                f"<b>{esc(smtp.host_display)}</b> : {smtp.port} · {esc(security)} · "
                + esc(self.tr("account"))
                + f" <b>{esc(smtp.username)}</b>"
            )
        self.allow_plain.setVisible(bool(smtp and smtp.security is Security.NONE and smtp.password))
        self.login_button.setEnabled(bool(smtp and smtp.password) and not self.tasks.busy)
        self.skip_check.setChecked(self.draft.unverified_confirmed)
        self.skip_check.setVisible(self.draft.verified is None)  # moot once a test passed
        self.support.refresh()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self.tasks.busy:
            return False
        return self.draft.verified is not None or self.draft.unverified_confirmed

    def nextId(self) -> int:
        return PageId.EXPORT

    @property
    def failed_field(self) -> str | None:
        """The field the last failed test blames (None after a pass or before any test)."""
        result = self.view.result
        diagnosis = result.diagnosis if result else None
        return diagnosis.field if diagnosis and not diagnosis.ok else None

    def focus_target(self):
        return self.recipient if not self.recipient.text() else self.send_button

    def cleanupPage(self) -> None:
        self.cancel()
        self.after_pass.stop()

    def _recipient_changed(self, text: str) -> None:
        if not self.alive:
            return
        self.draft.set_recipient(text)
        self._drop_stale()
        self.skip_check.setChecked(self.draft.unverified_confirmed)
        self.completeChanged.emit()

    def _holds(self, request: TestRequest, apart_from: tuple[str, ...] = ()) -> bool:
        # The CA file is not compared: choosing one starts a new test at once, replacing every outcome.
        return self.draft.still_holds(request, apart_from=apart_from)

    def _drop_stale(self) -> None:
        """Every outcome on the page (stages, diagnosis, probe table, domain check, delivery)
        describes the settings it ran with. Once the draft no longer holds them, the outcome goes
        and the page says to test again: derived from the draft, never from a flag."""
        stale = False
        # The probe tried every port and encryption on the host with this login and certificate:
        # applying its recommendation (or any other port) leaves its table true.
        if self.probe.basis is not None and not self._holds(self.probe.basis, ("port", "security", "sender")):
            self.probe.clear()
            stale = True
        if self._shown is not None and not self._holds(self._shown):
            self._shown = None
            self.view.reset_stages(self.lang)
            stale = True
        if self._stale_note and self.draft.stamp is not None and not self.tasks.busy:
            self._show_result(None)  # an edit undone: the delivered test holds again, say so
        if not stale or self._shown is not None:
            return
        self._show_result(None)  # the diagnosis, the probe's advice, the domain check, the delivery
        if self.draft.stamp is None:
            self.view.show_message(
                self.tr(
                    "The settings have changed, so the results shown before no longer apply. Test again."
                ),
                STALE_COLOR,
            )
            self._stale_note = True

    # -- running ------------------------------------------------------------------------------
    def send_test(self) -> None:
        self._start(login_only=False)

    def check_login(self) -> None:
        self._start(login_only=True)

    def _start(self, *, login_only: bool) -> None:
        if self.tasks.busy:
            return
        try:
            request = self.draft.test_request(
                login_only=login_only,
                allow_plaintext_auth=self.allow_plain.isChecked(),
                lang=self.lang,
            )
        except InputError as error:
            self.view.show_message(Issue(error.code, "recipient").message(self.lang), ERROR_COLOR)
            return
        self._last_login_only = login_only
        self.support.status.clear()  # "the report is on the clipboard" was about the last test
        self.cancel_token = token = CancelToken()
        provider, probed = self.draft.provider, []  # probed: the fallback's report, if it ran
        self._shown = None
        self.view.reset_stages(self.lang)
        self._show_result(None)
        self.view.show_message(self.tr("Testing …"), BUSY_COLOR)
        self._busy(True)
        self.tasks.start(
            lambda progress: _run_test(request, progress, token, provider, probed.append),
            on_result=lambda result: self._finished(request, result, probed),
            on_error=lambda details: self._crashed(details, request),
            on_progress=self.view.stage_event,
        )

    def cancel(self) -> None:
        if self.cancel_token is not None and self.tasks.busy:
            self.cancel_token.cancel()
            self.view.show_message(self.tr("Cancelling …"), BUSY_COLOR)

    def _busy(self, busy: bool) -> None:
        focus = self.focusWidget()
        if busy and focus is not None and self.isAncestorOf(focus):
            # The focused control (发送测试邮件 after Alt+S) is about to be disabled, and Qt would
            # then leave the focus nowhere: Cancel test, enabled first, takes it.
            self.cancel_button.setEnabled(True)
            self.cancel_button.setFocus()
        for button in (
            self.send_button,
            self.login_button,
            self.probe.button,
            self.view.apply_fix_button,
            self.view.trust_button,
            self.view.ca_button,
            self.fields,
        ):
            button.setEnabled(not busy)
        if not busy:
            settings = self.draft.settings
            self.login_button.setEnabled(bool(settings and settings.smtp.password))
        self.cancel_button.setEnabled(busy)
        self.completeChanged.emit()
        if not busy and (focus is self.cancel_button or focus is None or not focus.isEnabled()):
            self.send_button.setFocus()  # a sensible place; _finished may choose a better one

    def _finished(self, request: TestRequest, result: TestResult, probed: list | None = None) -> None:
        self.draft.record_test(request, result)
        self.support.record(request, result)
        if probed:
            self.support.record_probe(probed[-1])
        focus = self.focusWidget()
        lost = focus is None or focus is self.cancel_button or not focus.isEnabled()
        self._busy(False)
        self._shown = request
        self._show_result(result)
        self._drop_stale()  # e.g. the recipient was edited while the test ran
        self._focus_outcome(lost)

    def _focus_outcome(self, lost: bool) -> None:
        """After a test: the field to correct when it is on this page; else, when the cursor
        was on the controls the test disabled, the one-click fix or the diagnosis itself (never
        an unrelated button such as 复制给技术支持), and Next after a pass."""
        field = self.fields.field_widget(self.failed_field)
        if self.failed_field == "recipient":
            field = self.recipient
        result = self.view.result
        if field is not None:
            target = field
        elif not lost or result is None:
            return  # the user is elsewhere (typing the recipient, say): leave the cursor there
        elif self.view.apply_fix_button.isVisibleTo(self):
            target = self.view.apply_fix_button
        elif not result.ok:
            target = self.view.result_label
        else:
            target = self.send_button  # Next is enabled once the worker is done (_idle)
            self._next_after_idle = True
        target.setFocus()

    def _idle(self) -> None:
        self.completeChanged.emit()
        if self._next_after_idle:
            self._next_after_idle = False
            next_button = self.wizard().button(self.wizard().WizardButton.NextButton)
            if next_button.isEnabled() and self.focusWidget() is self.send_button:
                next_button.setFocus()

    def _crashed(self, details: str, request: TestRequest | None = None) -> None:
        if request is not None:
            self.draft.record_test(request, None)
        self._busy(False)
        self._shown = None
        self._show_result(None)
        self.smtp_wizard.show_error(details)

    def _show_result(self, result: TestResult | None) -> None:
        self._stale_note = False
        self.skip_check.setVisible(self.draft.verified is None)  # moot once a test passed
        self.setProperty("diagnosisCode", result.diagnosis.code if result else "")
        self.view.show_result(result, self.lang)
        self.after_pass.show_for(self.draft, self.state.catalog, result, self.lang, self.state.ca_file)
        diagnosis = result.diagnosis if result else None
        if diagnosis and diagnosis.code == "dns_failure" and diagnosis.params.get("variant"):
            self.dns_choice.offer(self.lang)  # offline or no answer from DNS: another DNS server may help
        else:
            self.dns_choice.hide()
        self.probe.table.setVisible(self.probe.table.rowCount() > 0)
        stamp = self.draft.stamp
        if result is None and stamp is not None:
            if stamp.imported:
                text = self.tr("Verified on %1 by another run; nothing has changed since.").replace(
                    "%1", local_display(stamp.verification.time)
                )
            else:
                text = self.tr("A test mail was already delivered with these settings.")
            self.view.show_message(text, OK_COLOR)
        elif result is None and self.draft.claim_dropped:
            notice = Issue("verification_mismatch", "file").message(self.lang)
            self.view.show_message(notice, palette.WARNING)

    def apply_fix(self, fix: dict) -> None:
        self.draft.apply_fix(fix)
        self.initializePage()
        self._start(login_only=self._last_login_only)

    def trust_cert(self, sha256: str) -> None:
        """Trust exactly this certificate, only after the user compared its fingerprint with the
        administrator over another channel; No is the default, so Enter never trusts."""
        if confirm_risky(
            self,
            "trustCertificateBox",
            self.tr("Trust this certificate?"),
            fill(
                self.tr(
                    "This computer does not trust the mail server's certificate. Trust it only if the mail "
                    "server's administrator confirms its SHA-256 fingerprint by phone or another channel "
                    "(not by mail through this server), reading it out pair by pair:\n\nSHA-256: %1\n\n"
                    "The wizard then accepts exactly this certificate, and the export says so: the admin "
                    "backend will need the same trust (the CA that issued it, or this fingerprint)."
                ),
                sha256,
            ),
        ):
            self.draft.pinned_sha256 = sha256
            self.send_test()

    def choose_ca_file(self) -> None:
        """The company's CA instead of one pinned certificate: checked as --ca-file is, then retried."""
        from wizard.ui.widgets.ca_file_field import ca_file_issue, pick_ca_file

        path = pick_ca_file(self)
        if path is None:
            return
        issue = ca_file_issue(path)
        if issue is not None:
            self.view.show_message(issue.message(self.lang), ERROR_COLOR)
            return
        self.draft.ca_file = path
        self.send_test()

    # -- probe ----------------------------------------------------------------------------------
    def run_probe(self) -> None:
        self.probe.lang = self.lang
        token = self.probe.start(self.draft, self.state.ca_file)
        if token is not None:
            self.cancel_token = token

    def _probe_started(self, count: int) -> None:
        self.view.show_message(
            fill(self.tr("Trying %1 port and encryption combinations …"), str(count)), BUSY_COLOR
        )
        self._busy(True)

    def _probed(self, report: ProbeReport) -> None:
        from wizard.core.engine.fixes import probe_fix

        self._busy(False)
        self.support.record_probe(report)
        best = report.recommended
        if best is None:
            self.view.show_message(
                self.tr("No combination worked. Check the server name and the network."), ERROR_COLOR
            )
            return
        text = fill(
            self.tr("Recommended: port %1 with %2."),
            str(best.port),
            self.view.security_name(best.security.value),
        )
        color = OK_COLOR
        if report.trust_problem:  # TLS works there; only its certificate needs the user's decision
            text += "\n" + self.tr(
                "Its certificate is not trusted yet: apply the recommendation, then check the certificate "
                "and trust it, or choose your company's CA file."
            )
        if report.insecure:
            text = fill(
                self.tr(
                    "Only an unencrypted connection works (port %1): the password would cross the network in "
                    'clear text. Use it only on a trusted internal network, by choosing "None" yourself.'
                ),
                str(best.port),
            )
            color = ERROR_COLOR
        self.view.show_message(text, color)
        settings = self.draft.settings
        if settings is not None:
            self.view.show_fix(probe_fix(best, settings.smtp))

    # -- other ---------------------------------------------------------------------------------
    def show_inbox(self) -> None:
        from wizard.ui.dialogs import InboxDialog

        InboxDialog(self.state.demo, self.lang, self).exec()

    def _skip_toggled(self, checked: bool) -> None:
        if checked and not self.draft.unverified_confirmed:
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
        self.draft.confirm_unverified(checked)
        self.completeChanged.emit()

    def keyring_notice(self, text: str) -> None:
        self.keyring_label.setText(text)
