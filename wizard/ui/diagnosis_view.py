"""The test page's result: the stage checklist, the diagnosis (cause, hint, server reply), the
certificate the server presented, and the actions a diagnosis offers (one-click fix, trust the
certificate, show the transcript)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from wizard.core.engine.api import Stage, StageEvent, StageStatus, TestResult
from wizard.ui import palette
from wizard.ui.dialogs import TranscriptDialog
from wizard.ui.texts import esc, fill

_MARKS = {
    StageStatus.RUNNING: ("…", palette.BUSY),
    StageStatus.OK: ("✓", palette.OK),
    StageStatus.FAILED: ("✗", palette.ERROR),
    StageStatus.SKIPPED: ("–", palette.DISABLED),
}
BUSY_COLOR, OK_COLOR, ERROR_COLOR = palette.BUSY, palette.OK, palette.ERROR
UNCERTAIN_COLOR = palette.UNCERTAIN  # a guess reads in amber, not in the red of a known fault


def push_button(name: str, text: str, slot) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    # Auto-default: Enter on the focused button presses it (Qt's rule for dialogs). Without it,
    # Enter on 发送测试邮件 went to the wizard's Next, which is disabled before a test.
    button.setAutoDefault(True)
    button.clicked.connect(slot)
    return button


class DiagnosisView(QWidget):
    """Shows one test run; the page places ``action_buttons`` in its own button row."""

    fix_requested = Signal(dict)  # {"port": 465, "security": "ssl"}
    trust_requested = Signal(str)  # the SHA-256 fingerprint the user chose to trust
    ca_requested = Signal()  # the user wants to name the company's CA file instead

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: TestResult | None = None
        self.lang = "zh_CN"  # of the result shown; names the fields a fix changes
        self.fix: dict | None = None
        self.checklist = QWidget()
        grid = QGridLayout(self.checklist)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.setVerticalSpacing(2)
        self.stage_rows: dict[Stage, tuple[QLabel, QLabel, QLabel]] = {}
        for row, stage in enumerate(Stage):  # the engine's stages, in the order they run
            mark, name, detail = QLabel(), QLabel(), QLabel()
            mark.setFixedWidth(18)
            detail.setObjectName(f"stageDetail_{stage.value}")
            detail.setStyleSheet(f"color:{palette.MUTED}")
            detail.setTextFormat(Qt.TextFormat.PlainText)  # a server's reply is text, never markup
            detail.setWordWrap(True)  # long replies wrap; the tooltip has the whole line too
            for col, label in enumerate((mark, name, detail)):
                grid.addWidget(label, row, col)
            grid.setColumnStretch(2, 1)
            self.stage_rows[stage] = (mark, name, detail)
        # A guess (stage or code class only) is marked as one before its text is read.
        self.uncertain_label = self._label("uncertainLabel")
        self.uncertain_label.setText(self.tr("Cause not certain: the server did not say why"))
        self.uncertain_label.setStyleSheet(
            f"color:{UNCERTAIN_COLOR}; background:{palette.WARNING_BACKGROUND};"
            f" border:1px solid {palette.WARNING_BORDER};"
            " border-radius:3px; padding:3px 6px; font-weight:bold"
        )
        self.uncertain_label.hide()
        self.result_label = self._label("resultLabel", selectable=True)
        # Focusable (keyboard selection), so a failure can put the cursor on its diagnosis.
        self.result_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.hint_label = self._label("hintLabel")
        self.cert_label = self._label("certificateLabel", selectable=True)
        self.apply_fix_button = push_button("applyFixButton", self.tr("&Apply and retry"), self._apply_fix)
        self.trust_button = push_button("trustCertButton", self.tr("&Trust this certificate"), self._trust)
        self.ca_button = push_button(
            "chooseCaFileButton", self.tr("Choose a CA &file…"), lambda: self.ca_requested.emit()
        )
        self.transcript_button = push_button(
            "transcriptButton", self.tr("Show transcript"), self.show_transcript
        )
        self.action_buttons = (
            self.apply_fix_button,
            self.trust_button,
            self.ca_button,
            self.transcript_button,
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.checklist,
            self.uncertain_label,
            self.result_label,
            self.hint_label,
            self.cert_label,
        ):
            layout.addWidget(widget)

    @staticmethod
    def _label(name: str, *, selectable: bool = False) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        if selectable:
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # -- stages --------------------------------------------------------------------------------
    def reset_stages(self, lang: str) -> None:
        from wizard.core.engine.messages import stage_label  # pulls in smtplib: not at start-up

        for stage, (mark, name, detail) in self.stage_rows.items():
            mark.setText("")
            name.setText(stage_label(stage.value, lang))
            name.setStyleSheet(f"color:{palette.DISABLED}")
            detail.setText("")

    def stage_event(self, event: StageEvent) -> None:
        if event.stage not in self.stage_rows:
            return
        mark, name, detail = self.stage_rows[event.stage]
        symbol, color = _MARKS[event.status]
        mark.setText(f"<span style='color:{color}'><b>{symbol}</b></span>")
        name.setStyleSheet("" if event.status is not StageStatus.SKIPPED else f"color:{palette.DISABLED}")
        if event.status in (StageStatus.OK, StageStatus.FAILED):
            detail.setText(f"{event.ms} ms  {event.detail}")
            detail.setToolTip(event.detail)

    def _mark_cancelled(self) -> None:
        """The stage that was running when the user cancelled did not fail: say so in grey."""
        for event in self.result.stages if self.result else ():
            if event.status is StageStatus.FAILED:
                mark = self.stage_rows[event.stage][0]
                mark.setText(f"<span style='color:{palette.DISABLED}'><b>–</b></span>")

    # -- result --------------------------------------------------------------------------------
    def show_message(self, text: str, color: str) -> None:
        html = esc(text).replace("\n", "<br>")
        self.result_label.setText(f"<span style='color:{color}'>{html}</span>")

    def clear(self) -> None:
        self.show_result(None, "")

    def show_result(self, result: TestResult | None, lang: str) -> None:
        self.result = result
        self.lang = lang or self.lang
        diagnosis = result.diagnosis if result else None
        self.hint_label.setText("")
        self.result_label.setText("")
        self.cert_label.hide()
        self.uncertain_label.hide()
        self.trust_button.hide()
        self.ca_button.hide()
        self.show_fix(None)
        self.transcript_button.setVisible(bool(result and result.transcript))
        if result is None or diagnosis is None:
            return
        for event in result.stages:
            self.stage_event(event)
        if diagnosis.code == "cancelled":
            self._mark_cancelled()
        text = diagnosis.message(lang)
        if diagnosis.server_reply and not diagnosis.uncertain:  # a guess quotes the reply itself
            text += "\n" + self.tr("Server reply:") + " " + diagnosis.server_reply
        color = OK_COLOR if diagnosis.ok else UNCERTAIN_COLOR if diagnosis.uncertain else ERROR_COLOR
        self.uncertain_label.setVisible(diagnosis.uncertain)
        self.show_message(text, color)
        hint = diagnosis.hint(lang)
        if hint and not diagnosis.ok:
            label = self.tr("What to do:")
            self.hint_label.setText(f"<b>{esc(label)}</b> {esc(hint)}")
        self.show_fix(diagnosis.fix)
        from wizard.core.engine.tls import CERT_DECISION_CODES

        if result.tls and diagnosis.code in CERT_DECISION_CODES:
            self._show_certificate(result)

    def _show_certificate(self, result: TestResult) -> None:
        from wizard.core.times import local_display

        tls = result.tls
        assert tls is not None
        self.cert_label.setText(
            "<b>"
            + esc(self.tr("The server's certificate"))
            + "</b><br>"
            + esc(self.tr("Subject"))
            + f": {esc(tls.subject)}<br>"
            + esc(self.tr("Issuer"))
            + f": {esc(tls.issuer)}<br>"
            + esc(self.tr("Valid until"))
            + f": {esc(local_display(tls.not_after))}<br>"
            + f"SHA-256: <code>{esc(tls.sha256)}</code>"
        )
        self.cert_label.show()
        self.trust_button.show()
        self.ca_button.show()  # the other way: the company's CA, which the backend can import too

    def show_fix(self, fix: dict | None) -> None:
        """Offer a one-click change (from the diagnosis or from the probe's recommendation)."""
        self.fix = fix or None
        self.apply_fix_button.setVisible(self.fix is not None)
        if self.fix:
            self.apply_fix_button.setText(fill(self.tr("&Apply and retry: %1"), self.describe(self.fix)))

    def security_name(self, security: str) -> str:
        names = {"ssl": "SSL/TLS", "starttls": "STARTTLS", "none": self.tr("no encryption")}
        return names.get(security, security)

    def describe(self, fix: dict) -> str:
        """Which field becomes what: 发件人邮箱改为 demo@example.com, not the bare value."""
        from wizard.ui.texts import core

        changes = []
        for key, value in fix.items():
            shown = self.security_name(value) if key == "security" else str(value)
            field = core(f"field.{key}", self.lang)
            changes.append(fill(self.tr("%1 to %2"), field, shown))
        return ", ".join(changes)

    # -- actions -------------------------------------------------------------------------------
    def _apply_fix(self) -> None:
        if self.fix:
            self.fix_requested.emit(dict(self.fix))

    def _trust(self) -> None:
        if self.result and self.result.tls:
            self.trust_requested.emit(self.result.tls.sha256)

    def show_transcript(self) -> None:
        if self.result:
            TranscriptDialog(self.result.transcript, self).exec()
