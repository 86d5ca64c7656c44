"""Small dialogs: the redacted transcript, the demo inbox, and the unexpected-error report."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
)


class TextDialog(QDialog):
    """Read-only text with Copy and Close."""

    def __init__(self, title: str, intro: str, text: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 440)
        self.text = QPlainTextEdit(text)
        self.text.setObjectName("dialogText")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton(self.tr("&Copy"))
        copy.setObjectName("copyButton")
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text.toPlainText()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)


class TranscriptDialog(TextDialog):
    def __init__(self, lines, parent=None) -> None:
        super().__init__(
            self.tr("SMTP transcript"),
            self.tr(
                "Every line sent (C:) and received (S:). The password is already removed, so you can "
                "send this to support."
            ),
            "\n".join(lines),
            parent,
        )


class ErrorDialog(TextDialog):
    def __init__(self, details: str, parent=None) -> None:
        super().__init__(
            self.tr("Unexpected error"),
            self.tr(
                "Something went wrong inside the wizard. Nothing was sent or saved by this error. "
                "Copy the details below for support; passwords are removed."
            ),
            details,
            parent,
        )


class InboxDialog(QDialog):
    """What the local demo server received, headers decoded."""

    def __init__(self, server, lang: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Demo inbox"))
        self.resize(760, 460)
        self.messages = server.messages() if server else []
        self.list = QListWidget()
        self.list.setObjectName("inboxList")
        self.list.setWordWrap(True)  # long subjects wrap instead of being cut at the splitter
        for message in self.messages:
            self.list.addItem(f"{message.subject}\n{message.from_}")
            self.list.item(self.list.count() - 1).setToolTip(f"{message.subject}\n{message.from_}")
        self.body = QPlainTextEdit()
        self.body.setObjectName("inboxBody")
        self.body.setReadOnly(True)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(self.body)
        splitter.setSizes([300, 460])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        empty = QLabel(self.tr("No messages yet: send a test mail first."))
        empty.setVisible(not self.messages)
        layout.addWidget(empty)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        if self.messages:
            self.list.setCurrentRow(len(self.messages) - 1)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.messages):
            m = self.messages[row]
            labels = (self.tr("From"), self.tr("To"), self.tr("Subject"), self.tr("Date"), "Message-ID")
            values = (m.from_, m.to, m.subject, m.date, m.message_id)
            headers = [f"{label}: {value}" for label, value in zip(labels, values, strict=True)]
            self.body.setPlainText("\n".join(headers) + "\n\n" + m.body)
