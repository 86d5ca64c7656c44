"""Detect ports (探测端口): which port and encryption pairs the server answers on, shown as a
table, with the most secure working pair recommended."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem

from wizard.core.draft import Draft
from wizard.core.engine.api import CancelToken, ProbeReport, TestRequest
from wizard.ui.diagnosis_view import push_button
from wizard.ui.texts import core
from wizard.ui.workers import BackgroundTasks

PROBE_TIMEOUT = 5.0  # seconds per pair; the pairs are tried in parallel


def _probe(host: str, candidates, **options) -> ProbeReport:
    from wizard.core.engine.probe import probe  # pulls in smtplib: on the worker, not at start-up

    return probe(host, candidates, **options)


class ProbePanel(QObject):
    """The Detect ports button and the result table; the page places both."""

    started = Signal(int)  # how many pairs are tried
    finished = Signal(object)  # the ProbeReport
    failed = Signal(str)  # an unexpected error's details

    def __init__(self, tasks: BackgroundTasks, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.button = push_button("probeButton", self.tr("&Detect ports"), lambda: None)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("probeTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)  # a result, not a form
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Port"),
                self.tr("Encryption"),
                self.tr("Result"),
                self.tr("TLS"),
                self.tr("Login methods"),
            ]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setMaximumHeight(150)
        self.table.hide()
        self.basis: TestRequest | None = None  # what the table's rows were found with
        self.lang = "zh_CN"  # the page sets the wizard's language before a probe

    def clear(self) -> None:
        """The rows describe other settings (another host, port, account or certificate)."""
        self.basis = None
        self.table.setRowCount(0)
        self.table.hide()

    def start(self, draft: Draft, ca_file: str | None) -> CancelToken | None:
        """Probe the draft's host on a worker thread; returns the token that cancels it."""
        settings = draft.settings
        if settings is None or self.tasks.busy:
            return None
        from wizard.core.engine.autofix import candidates_for

        smtp, provider = settings.smtp, draft.provider
        candidates = candidates_for(smtp.port, smtp.security, None if provider.is_custom else provider)
        credentials = (smtp.username, smtp.password) if smtp.password else None
        self.clear()
        basis = draft.test_request(login_only=True, ca_file=ca_file)
        token = CancelToken()
        options = {
            "timeout": PROBE_TIMEOUT,
            "ca_file": ca_file,
            "pinned_sha256": draft.pinned_sha256,
            "credentials": credentials,
            "cancel": token,
        }
        self.started.emit(len(candidates))
        self.tasks.start(
            lambda _progress: _probe(smtp.host, candidates, **options),
            on_result=lambda report: self._show(report, basis),
            on_error=self.failed.emit,
        )
        return token

    def _show(self, report: ProbeReport, basis: TestRequest) -> None:
        from wizard.core.engine.messages import outcome_label

        self.basis = basis
        table = self.table
        table.setRowCount(0)
        for result in report.results:
            row = table.rowCount()
            table.insertRow(row)
            values = [
                str(result.candidate.port),
                core(f"security.{result.candidate.security.value}", self.lang),
                ("✓ " if result.code == "ok" else "") + outcome_label(result.code, self.lang),
                result.tls.version if result.tls else "",
                " ".join(result.auth_mechanisms),
            ]
            for col, value in enumerate(values):
                table.setItem(row, col, QTableWidgetItem(value))
        table.resizeColumnsToContents()
        table.show()
        self.finished.emit(report)
