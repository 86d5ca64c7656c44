"""The CA file the tests trust besides the system's certificates (a company's own CA, PEM): a
read-only path with Choose… and Clear under the settings page's advanced section, and the same
choice behind the test page's *Choose a CA file…* after an untrusted certificate.

A file is checked at once with the core's check (``ca_file_problem``, the CLI's ``--ca-file``
check), and a refused one is explained in the same words as on the command line: the server's
own certificate instead of its CA, a DER file, a missing file. Nothing is trusted until a file
passes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from wizard.core.validation import Issue
from wizard.ui.widgets.folders import fit_next_file_dialog, last_folder, remember_folder
from wizard.ui.widgets.issue_label import IssueLabel

CA_FILE_MAX = "1024 KiB"  # what the core's reader accepts (files.read_limited), as the CLI says it


def ca_file_issue(path: str) -> Issue | None:
    """Why ``path`` cannot be trusted as a CA file, as the CLI's ``--ca-file`` says it; None: it can."""
    from wizard.core.engine.tls import ca_file_problem  # ssl and the reader: only when a file is chosen

    problem = ca_file_problem(path)
    return Issue(problem, "ca_file", params={"path": path, "max": CA_FILE_MAX}) if problem else None


def pick_ca_file(parent: QWidget) -> str | None:
    """The file dialog (PEM first); None when the user cancelled."""
    fit_next_file_dialog()
    path, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("CaFileField", "Choose the CA certificate (PEM)"),
        str(last_folder()),
        QCoreApplication.translate("CaFileField", "PEM certificates (*.pem *.crt *.cer);;All files (*)"),
    )
    if not path:
        return None
    remember_folder(Path(path))
    return path


class CaFileField(QObject):
    """``changed`` fires with the new path (None: the system's certificates only)."""

    changed = Signal(object)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.lang = ""
        self.path: str | None = None
        self.edit = QLineEdit()
        self.edit.setObjectName("caFileEdit")
        self.edit.setReadOnly(True)
        self.label = QLabel(self.tr("CA f&ile:"))
        self.label.setBuddy(self.edit)
        self.choose_button = QPushButton(self.tr("Choose…"))
        self.choose_button.setObjectName("caFileChooseButton")
        self.choose_button.clicked.connect(self.choose)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setObjectName("caFileClearButton")
        self.clear_button.clicked.connect(self.clear)
        self.issue = IssueLabel("caFileIssue")
        self.row = QWidget()
        row = QHBoxLayout(self.row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.clear_button)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.edit.setPlaceholderText(self.tr("none: only the certificates this computer trusts"))

    def show_path(self, path: str | None) -> None:
        """Show what the draft trusts now (the demo's CA, a file from before); no check, no signal."""
        self.path = path or None
        self.edit.setText(path or "")
        self.clear_button.setEnabled(bool(path))

    def choose(self) -> None:
        path = pick_ca_file(self.parent_widget)
        if path is not None:
            self.use(path)

    def use(self, path: str) -> bool:
        issue = ca_file_issue(path)
        self.issue.show_issues([issue] if issue else [], self.lang)
        if issue is not None:
            return False  # the file trusted so far stays; the message says why this one is refused
        self.show_path(path)
        self.changed.emit(path)
        return True

    def clear(self) -> None:
        self.issue.show_issues([], self.lang)
        self.show_path(None)
        self.changed.emit(None)
