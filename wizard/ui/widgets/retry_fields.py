"""The test page's own copy of the fields a failed test most often blames: the secret, the
port and the encryption. They edit the same draft as the settings page, so a wrong code is
fixed and retried without two page changes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QSpinBox, QWidget

from wizard.core.draft import Draft
from wizard.core.settings import Security
from wizard.ui.texts import core, password_label
from wizard.ui.widgets.inputs import SecretEdit


class RetryFields(QWidget):
    changed = Signal()  # after the draft took a new value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft: Draft | None = None
        self._loading = False
        self.password = SecretEdit("retryPasswordEdit", submits=True)
        self.port = QSpinBox()
        self.port.setObjectName("retryPortSpin")
        self.port.setRange(1, 65535)
        self.security = QComboBox()
        self.security.setObjectName("retrySecurityCombo")
        for value in Security:
            self.security.addItem(value.value, value.value)
        self.password_label = QLabel()
        self.password_label.setBuddy(self.password)
        port_label = QLabel(self.tr("P&ort:"))
        port_label.setBuddy(self.port)
        security_label = QLabel(self.tr("&Encryption:"))
        security_label.setBuddy(self.security)
        # The secret has a row of its own: in one row with the port and the encryption it was
        # squeezed to a few characters on a small screen (English at 800x600, 150 %).
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.password_label, 0, 0)
        grid.addWidget(self.password, 0, 1, 1, 4)
        grid.addWidget(port_label, 1, 0)
        grid.addWidget(self.port, 1, 1)
        grid.addWidget(security_label, 1, 2)
        grid.addWidget(self.security, 1, 3)
        grid.setColumnStretch(4, 1)
        self.password.textEdited.connect(lambda text: self._set("password", text))
        self.port.valueChanged.connect(lambda value: self._set("port", value))
        self.security.currentIndexChanged.connect(
            lambda _i: self._set("security", self.security.currentData())
        )

    def load(self, draft: Draft, lang: str) -> None:
        """Show the draft's current values (after the settings page or a one-click fix)."""
        self.draft = draft
        self.password_label.setText(password_label(draft.provider, lang))
        for i, value in enumerate(Security):
            self.security.setItemText(i, core(f"security.{value.value}", lang))
        self._reload()

    def _set(self, name: str, value) -> None:
        if self._loading or self.draft is None:
            return
        self.draft.set(name, value)
        self._reload()
        self.changed.emit()

    def _reload(self) -> None:
        """The draft may have changed more than the field (a code's spaces, a preset's port)."""
        assert self.draft is not None
        self._loading = True
        password = str(self.draft.get("password"))
        if self.password.text() != password:
            self.password.setText(password)
        self.port.setValue(int(self.draft.get("port") or 465))
        self.security.setCurrentIndex(
            max(0, self.security.findData(str(self.draft.get("security") or "ssl")))
        )
        self._loading = False

    def field_widget(self, field: str | None) -> QWidget | None:
        return {"password": self.password, "port": self.port, "security": self.security}.get(field or "")
