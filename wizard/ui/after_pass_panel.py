"""After a passed test (test page): will it land in the inbox? The sender-domain findings (run at
once, DNS on a worker thread) and 确认收到 / Confirm delivery over IMAP (on request, cancellable)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from wizard.core.engine.api import CancelToken, TestResult
from wizard.core.evidence_words import evidence_text
from wizard.ui import palette
from wizard.ui.diagnosis_view import BUSY_COLOR, ERROR_COLOR, OK_COLOR, push_button
from wizard.ui.texts import core, esc
from wizard.ui.workers import BackgroundTasks

STATUS_COLORS = {
    "pass": OK_COLOR,
    "warning": palette.WARNING,
    "problem": ERROR_COLOR,
    "not_checked": palette.MUTED,
    "skipped": palette.MUTED,
}
DELIVERY_COLORS = {"inbox": OK_COLOR, "junk": palette.WARNING, "not_found": ERROR_COLOR}


def _check(draft, catalog, result: TestResult):
    from wizard.core.domain_check import check_domain  # dnspython/pyspf: on the worker, not at start-up

    smtp = draft.settings.smtp
    return check_domain(
        smtp.sender,
        relay=smtp.host,
        provider=draft.provider,
        relay_address=result.peer_address,
        recipient=draft.recipient or None,
        catalog=catalog,
    )


def _confirm(request, cancel: CancelToken):
    from wizard.core.delivery import confirm_delivery

    return confirm_delivery(request, cancel)


class AfterPassPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("afterPassPanel")
        self.tasks = BackgroundTasks(self)
        self.lang = "zh_CN"
        self.draft = self.catalog = self.result = None
        self.domain_report = self.delivery = None  # the last answers for the shown pass
        self.ca_file: str | None = None
        self.cancel_token: CancelToken | None = None
        self._checking: TestResult | None = None  # the pass whose domain check is running

        # Two tabs, so the section fits under the checklist on small screens; findings scroll.
        self.tabs = QTabWidget()
        self.tabs.setObjectName("afterPassTabs")
        self.domain_box = QWidget()
        self.domain_label = QTextBrowser()
        self.domain_label.setObjectName("domainFindings")
        self.domain_label.setMinimumHeight(120)
        self.check_button = push_button("checkDomainButton", self.tr("Chec&k sender domain"), self.check)
        domain_layout = QVBoxLayout(self.domain_box)
        domain_layout.addWidget(self.domain_label, 1)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addStretch()
        domain_layout.addLayout(check_row)
        self.tabs.addTab(self.domain_box, self.tr("Sender domain (SPF, DMARC, DKIM)"))

        self.confirm_box = QWidget()
        self.imap_host = QLineEdit()
        self.imap_host.setObjectName("imapHostEdit")
        self.imap_port = QSpinBox()
        self.imap_port.setObjectName("imapPortSpin")
        self.imap_port.setRange(1, 65535)
        self.imap_port.setValue(993)
        self.imap_user = QLineEdit()
        self.imap_user.setObjectName("imapUserEdit")
        self.imap_password = QLineEdit()
        self.imap_password.setObjectName("imapPasswordEdit")
        self.imap_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.guess = None
        self.reused_secret = False  # the field holds the SMTP secret, put there for the guessed mailbox
        self.imap_password.textEdited.connect(lambda _text: setattr(self, "reused_secret", False))
        form = QGridLayout()
        for index, (text, field) in enumerate(
            (
                (self.tr("I&MAP server:"), self.imap_host),
                (self.tr("Por&t:"), self.imap_port),
                (self.tr("Mailbo&x account:"), self.imap_user),
                (self.tr("Pass&word:"), self.imap_password),
            )
        ):
            label = QLabel(text)
            label.setBuddy(field)
            row, col = divmod(index, 2)
            form.addWidget(label, row, col * 2)
            form.addWidget(field, row, col * 2 + 1)
        for field in (self.imap_host, self.imap_port, self.imap_user, self.imap_password):
            field.installEventFilter(self)  # Enter confirms (see eventFilter)
        form.setColumnStretch(1, 2)
        form.setColumnStretch(3, 1)
        self.confirm_button = push_button("confirmDeliveryButton", self.tr("Con&firm delivery"), self.confirm)
        self.stop_button = push_button("stopConfirmButton", self.tr("Stop waitin&g"), self.stop)
        self.stop_button.setEnabled(False)
        self.delivery_label = QLabel()
        self.delivery_label.setObjectName("deliveryResult")
        self.delivery_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch()
        confirm_layout = QVBoxLayout(self.confirm_box)
        confirm_layout.addLayout(form)
        confirm_layout.addLayout(buttons)
        confirm_layout.addWidget(self.delivery_label)
        confirm_layout.addStretch()
        self.tabs.addTab(self.confirm_box, self.tr("Confirm delivery"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.hide()

    # -- showing -----------------------------------------------------------------------------
    def show_for(self, draft, catalog, result: TestResult | None, lang: str, ca_file: str | None) -> None:
        """After a test that delivered a mail: prefill the mailbox and check the domain at once."""
        self.stop()
        self.draft, self.catalog, self.result, self.lang, self.ca_file = draft, catalog, result, lang, ca_file
        passed = result is not None and result.ok and bool(result.message_id)
        self.setVisible(passed)
        self.domain_label.clear()
        self.delivery_label.clear()
        self.domain_report = self.delivery = None  # what the support report includes
        if not passed:
            return
        from wizard.core.delivery import guess_mailbox

        guess = guess_mailbox(draft.settings, draft.recipient, catalog)
        self.imap_host.setText(guess.host if guess else "")
        self.imap_port.setValue(guess.port if guess else 993)
        self.imap_user.setText(draft.recipient)
        self.guess, self.reused_secret = guess, bool(guess and guess.reuse_smtp_secret)
        self.imap_password.setText(draft.settings.smtp.password if self.reused_secret else "")
        self.check()

    def check(self) -> None:
        if self.result is None or self._checking is self.result:
            return
        self._note(self.domain_label, self.tr("Checking the DNS records of the sender domain …"), BUSY_COLOR)
        draft, catalog, result = self.draft, self.catalog, self.result
        self._checking = result
        self._busy(True)
        self.tasks.start(
            lambda _progress: _check(draft, catalog, result),
            on_result=lambda report: self._checked(report, result),
            on_error=lambda details: self._failed(self.domain_label, details, result),
        )

    def _current(self, result: TestResult) -> bool:
        """Whether an answer that arrives now belongs to the pass shown (not to settings since
        changed, whose outcome the test page has cleared)."""
        if self._checking is result:
            self._checking = None
        self._busy(False)
        return result is self.result

    def _checked(self, report, result: TestResult) -> None:
        if not self._current(result):
            return
        self.domain_report = report
        rows = []
        for finding in report.findings:
            color = STATUS_COLORS.get(finding.status, palette.MUTED)
            status = core(f"domain.status.{finding.status}", self.lang)
            name = core(f"domain.check.{finding.check}", self.lang)
            row = f"<b style='color:{color}'>[{esc(status)}]</b> <b>{esc(name)}</b>: "
            row += esc(finding.message(self.lang))
            fix = finding.fix(self.lang)
            if fix and finding.status != "pass":
                row += f"<br>→ {esc(fix)}"
            if finding.evidence:
                row += (
                    f"<br><span style='color:{palette.MUTED}'>"
                    + "<br>".join(esc(evidence_text(e, self.lang)) for e in finding.evidence)
                    + "</span>"
                )
            rows.append(row)
        self.domain_label.setHtml("<br><br>".join(rows))

    # -- confirm delivery ----------------------------------------------------------------------
    def confirm(self) -> None:
        if self.result is None or self.tasks.busy:
            return
        from wizard.core.delivery import ImapRequest, may_reuse_smtp_secret
        from wizard.core.settings import Security

        host, password = self.imap_host.text().strip(), self.imap_password.text()
        if self.reused_secret and not may_reuse_smtp_secret(self.guess, host, self.imap_port.value()):
            self.imap_password.clear()  # another server: the SMTP secret is not sent there, its own is asked
            self.reused_secret, password = False, ""
        if not host or not password:
            field = "imap_host" if not host else "imap_password"
            message = core("issue.required", self.lang, field=core(f"field.{field}", self.lang))
            self._note(self.delivery_label, message, ERROR_COLOR)
            return
        port = self.imap_port.value()
        request = ImapRequest(
            host=host,
            port=port,
            security=Security.STARTTLS if port == 143 else Security.SSL,
            username=self.imap_user.text().strip(),
            password=password,
            message_id=self.result.message_id or "",
            ca_file=self.ca_file,
        )
        self.cancel_token = token = CancelToken()
        self._note(
            self.delivery_label, core("delivery.waiting", self.lang, host=host, seconds=120), BUSY_COLOR
        )
        self._busy(True)
        result = self.result
        self.tasks.start(
            lambda _progress: _confirm(request, token),
            on_result=lambda delivery: self._confirmed(delivery, result),
            on_error=lambda details: self._failed(self.delivery_label, details, result),
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the mailbox fields starts the confirmation; without this it went on to the
        wizard's Next and left the page."""
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm()
            return True
        return super().eventFilter(watched, event)

    def stop(self) -> None:
        """Cancel wakes the confirmation's socket at once (imap_wire.Guard); until the worker
        has returned, say so and let the button be pressed only once."""
        token = self.cancel_token
        if token is None or token.cancelled:
            return
        token.cancel()
        if self.tasks.busy:
            self.stop_button.setEnabled(False)
            self._note(self.delivery_label, self.tr("Stopping …"), BUSY_COLOR)

    def _confirmed(self, delivery, result: TestResult) -> None:
        if not self._current(result):
            return
        self.cancel_token = None
        self.delivery = delivery
        color = DELIVERY_COLORS.get(delivery.where or "", ERROR_COLOR)
        text = delivery.message(self.lang)
        if delivery.detail:
            text += f"\n{delivery.detail}"
        self._note(self.delivery_label, text, color)

    # -- helpers -------------------------------------------------------------------------------
    def _busy(self, busy: bool) -> None:
        self.check_button.setEnabled(not busy)
        self.confirm_button.setEnabled(not busy)
        running = self.cancel_token is not None and not self.cancel_token.cancelled
        self.stop_button.setEnabled(busy and running)

    def _failed(self, label, details: str, result: TestResult) -> None:
        if self._current(result):
            self._note(label, details.strip().splitlines()[-1], ERROR_COLOR)

    @staticmethod
    def _note(label, text: str, color: str) -> None:  # a QLabel or the findings' QTextBrowser
        label.setText(f"<span style='color:{color}'>{esc(text).replace(chr(10), '<br>')}</span>")
