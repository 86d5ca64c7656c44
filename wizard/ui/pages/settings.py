"""Page 4: the settings themselves, prefilled from the preset and validated as you type.

Each problem appears under its own field in the user's language; Next stays disabled until
there is no error. Warnings (sender differs from login, no encryption) show but never block.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wizard.core import credentials
from wizard.core.settings import SERVER_FIELDS, Security
from wizard.core.validation import Severity
from wizard.ui.pages.base import Page, first_to_fill
from wizard.ui.pages.ids import PageId
from wizard.ui.texts import core, fill, password_label
from wizard.ui.widgets.ca_file_field import CaFileField
from wizard.ui.widgets.ehlo_field import EhloField
from wizard.ui.widgets.inputs import SecretEdit
from wizard.ui.widgets.issue_label import IssueLabel
from wizard.ui.workers import BackgroundTasks

LINE_EDITS = ("sender", "username", "password", "display_name", "host")
FIELDS = (*LINE_EDITS, "port", "security")  # the fields this page shows, each with its issues


class SettingsPage(Page):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Mail settings"))
        self.tasks = BackgroundTasks(self)
        self._loading = False
        self._touched: set[str] = set()

        self.sender = self._line("senderEdit", "name@company.com")
        self.username = self._line("usernameEdit")
        self.password = SecretEdit("passwordEdit")
        self.display_name = self._line("displayNameEdit", self.tr("e.g. 运维中心"))
        self.host = self._line("hostEdit", "smtp.example.com")
        self.port = QSpinBox()
        self.port.setObjectName("portSpin")
        self.port.setRange(0, 65535)
        self.port.setSpecialValueText(" ")  # 0 is no port: empty, with the error under it
        self.port.setValue(465)
        self.security = QComboBox()
        self.security.setObjectName("securityCombo")
        for value in Security:
            self.security.addItem(value.value, value.value)  # labels set in initializePage
        self.issues = {name: IssueLabel(f"{name}Issue") for name in FIELDS}
        self.issues["provider"] = IssueLabel("settingsProviderIssue")  # e.g. OAuth2 only
        self.issues["file"] = IssueLabel("settingsFileIssue")  # an opened file's claim that did not hold

        self.username_label = QLabel()
        self.password_label = QLabel()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Where a label and its field do not fit side by side (English at 800x600, 150 %), the
        # field goes under its label instead of the page scrolling sideways.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for label, widget, name in (
            (QLabel(), self.sender, "sender"),
            (self.username_label, self.username, "username"),
            (self.password_label, self.password, "password"),
            (QLabel(), self.display_name, "display_name"),
        ):
            label.setBuddy(widget)
            form.addRow(label, widget)
            form.addRow("", self.issues[name])
        self._labels = {
            "sender": form.labelForField(self.sender),
            "display_name": form.labelForField(self.display_name),
        }

        self.remember = QCheckBox(self.tr("&Remember the password in this computer's keyring"))
        self.remember.setObjectName("rememberPasswordCheck")
        self.keyring_status = QLabel()
        self.keyring_status.setObjectName("keyringStatus")
        self.keyring_status.setWordWrap(True)
        form.addRow("", self.remember)
        form.addRow("", self.keyring_status)

        self.advanced_toggle = QToolButton()
        self.advanced_toggle.setObjectName("advancedToggle")
        self.advanced_toggle.setText(self.tr("Server, port and encryption (&advanced)"))
        self.advanced_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setCheckable(True)
        self.advanced_toggle.toggled.connect(self._show_advanced)
        self.advanced = QWidget()
        advanced_form = QFormLayout(self.advanced)
        advanced_form.setContentsMargins(0, 0, 0, 0)
        advanced_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        advanced_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._form_labels = [form.labelForField(w) for w in (self.sender, self.username, self.password)]
        self._form_labels.append(form.labelForField(self.display_name))
        for text, widget, name in (
            (self.tr("Mail &server:"), self.host, "host"),
            (self.tr("P&ort:"), self.port, "port"),
            (self.tr("&Encryption:"), self.security, "security"),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            self._form_labels.append(label)
            advanced_form.addRow(label, widget)
            advanced_form.addRow("", self.issues[name])
        self.ehlo = EhloField(self)  # a test option, not an exported setting: kept on the draft
        self.ehlo.changed.connect(self._ehlo_changed)
        advanced_form.addRow(self.ehlo.label, self.ehlo.edit)
        advanced_form.addRow("", self.ehlo.issue)
        self.ca_file = CaFileField(self)  # a test option too: what the tests trust besides the system
        self.ca_file.changed.connect(self._ca_file_changed)
        advanced_form.addRow(self.ca_file.label, self.ca_file.row)
        advanced_form.addRow("", self.ca_file.issue)

        layout = QVBoxLayout(self)
        layout.addWidget(self.issues["file"])
        layout.addWidget(self.issues["provider"])
        layout.addLayout(form)
        layout.addWidget(self.advanced_toggle)
        layout.addWidget(self.advanced)
        layout.addStretch()

        for name in LINE_EDITS:
            edit: QLineEdit = getattr(self, name)
            edit.textChanged.connect(lambda text, name=name: self._changed(name, text))
            edit.editingFinished.connect(lambda name=name: self._touch(name))
        self.port.valueChanged.connect(lambda value: self._changed("port", value))
        self.security.currentIndexChanged.connect(
            lambda _index: self._changed("security", self.security.currentData())
        )

    def _line(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    # -- filling -------------------------------------------------------------------------------
    def initializePage(self) -> None:
        provider, lang = self.draft.provider, self.lang
        self.setSubTitle(
            fill(
                self.tr("%1: check the prefilled values and enter the %2."),
                provider.name.get(lang),
                provider.secret.name.get(lang),
            )
        )
        self._labels["sender"].setText(self.tr("Sender a&ddress:"))
        self._labels["display_name"].setText(self.tr("Display na&me:"))
        if self.ehlo.valid and self.ehlo.value != self.draft.ehlo:  # e.g. from an opened file's test
            self.ehlo.edit.setText(self.draft.ehlo or "")  # first: retranslate re-checks what it shows
        self.ehlo.retranslate(self.lang)
        self.ca_file.retranslate(self.lang)
        self.ca_file.show_path(self.draft.ca_file)
        # The admin console says 账号 and 密码; the provider's own words go in brackets and hints.
        self.username_label.setText(self.tr("Acco&unt:"))
        self.username.setPlaceholderText(provider.login.label.get(lang))
        self.password_label.setText(password_label(provider, lang))
        self.password.setPlaceholderText(provider.secret.name.get(lang))
        for i, value in enumerate(Security):
            self.security.setItemText(i, core(f"security.{value.value}", lang))
        draft = self.draft
        self._show_draft()
        for name, value in (("security", self.security.currentData()), ("port", self.port.value())):
            if draft.get(name) == "":  # nothing chosen yet: what the page shows is the value
                draft.set(name, value)
        self.username.setReadOnly(provider.login.rule == "fixed")
        # Two forms, one column: the advanced fields line up with the ones above.
        width = max(label.sizeHint().width() for label in self._form_labels)
        for label in self._form_labels:
            label.setMinimumWidth(width)
        self.advanced_toggle.setChecked(provider.is_custom or self._differs_from_preset())
        self._show_advanced(self.advanced_toggle.isChecked())
        self._touched = {name for name in FIELDS if draft.get(name) not in ("", None)}
        self._show_issues()
        self.completeChanged.emit()
        self._check_keyring()

    def _differs_from_preset(self) -> bool:
        """Whether a value in the advanced section is not the preset's (an opened file, say):
        then the section opens, so the server in use is seen, not hidden behind the toggle."""
        provider, draft = self.draft.provider, self.draft
        if provider.host and not provider.is_template and draft.get("host") != provider.host:
            return True
        if provider.endpoints:
            preset = provider.default_endpoint
            if (draft.get("port"), draft.get("security")) != (preset.port, preset.security.value):
                return True
        return bool(draft.ehlo or draft.ca_file)

    def _show_draft(self) -> None:
        """Show the draft's values (a preset's port, the login that follows the sender, a cleaned
        code) without feeding them back as edits."""
        draft = self.draft
        self._loading = True
        for name in LINE_EDITS:
            edit: QLineEdit = getattr(self, name)
            if edit.text() != str(draft.get(name)):
                edit.setText(str(draft.get(name)))
        port = draft.get("port")
        self.port.setValue(port if isinstance(port, int) else 465)  # 0 from a file shows as empty
        self.security.setCurrentIndex(max(0, self.security.findData(str(draft.get("security") or "ssl"))))
        self._loading = False

    def revisit(self) -> None:
        self._show_draft()  # e.g. a code corrected on the test page
        self._show_issues()
        self.completeChanged.emit()

    def _show_advanced(self, shown: bool) -> None:
        self.advanced.setVisible(shown)
        self.advanced_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    # -- editing -------------------------------------------------------------------------------
    def _touch(self, name: str) -> None:
        if not self.alive:
            return
        self._touched.add(name)
        if self.draft.tidy(name) != getattr(self, name).text():
            self._show_draft()  # e.g. zhangsan＠qq．com now reads zhangsan@qq.com
        self._show_issues()

    def _changed(self, name: str, value) -> None:
        if self._loading or not self.alive:
            return
        self.draft.set(name, value)
        self._show_draft()
        self._show_issues()
        self.completeChanged.emit()

    def _show_issues(self) -> None:
        validation = self.draft.validation()
        for name, label in self.issues.items():
            issues = validation.for_field(name)
            if name not in self._touched:  # no errors before the user has had a go at the field
                issues = [i for i in issues if i.severity is not Severity.ERROR]
            label.show_issues(issues, self.lang)
        if any(i.field in SERVER_FIELDS for i in validation.errors):
            self.advanced_toggle.setChecked(True)

    def isComplete(self) -> bool:
        return self.draft.validation().ok and self.ehlo.valid

    def _ca_file_changed(self, path: str | None) -> None:
        if self.alive:
            self.draft.ca_file = path

    def _ehlo_changed(self) -> None:
        if self.alive:
            self.draft.ehlo = self.ehlo.value
            self.completeChanged.emit()

    # -- keyring -------------------------------------------------------------------------------
    def _check_keyring(self) -> None:
        settings = self.draft.settings
        lookup = None
        if settings is not None and not self.password.text():
            lookup = (settings.smtp.host, settings.smtp.port, settings.smtp.username)

        def work(_progress):
            status = credentials.backend_status()
            found = credentials.load(*lookup) if lookup and status.available else (None, None)
            return status, found

        self.remember.setEnabled(False)
        self.keyring_status.setText(self.tr("Checking the keyring …"))
        self.tasks.start(
            work, on_result=self._keyring_checked, on_error=lambda _e: self._keyring_checked(None)
        )

    def _keyring_checked(self, outcome) -> None:
        if outcome is None:
            self.keyring_status.setText(
                self.tr("The keyring could not be checked; the password will not be stored.")
            )
            return
        status, (password, load_outcome) = outcome
        self.remember.setEnabled(status.available)
        self.remember.setChecked(status.available and self.state.remember_password)
        self.keyring_status.setText(status.message(self.lang))
        self.keyring_status.setProperty("available", status.available)
        if password and not self.password.text():
            self.password.setText(password)
            self.keyring_status.setText(load_outcome.message(self.lang))

    def validatePage(self) -> bool:
        self.state.remember_password = self.remember.isChecked()
        settings = self.draft.settings
        if self.remember.isChecked() and settings is not None and settings.smtp.password:
            smtp = settings.smtp
            args = (smtp.host, smtp.port, smtp.username, smtp.password)
            self.tasks.start(lambda _p: credentials.store(*args), on_result=self.smtp_wizard.keyring_stored)
        return True

    def focus_target(self):
        validation = self.draft.validation()
        test = self.smtp_wizard.page(PageId.TEST)  # not built before the first test
        failed = test.failed_field if test is not None else None  # e.g. the password after a 535
        fields = [self.sender, self.username, self.password, self.display_name, self.host]
        wrong = {
            edit
            for edit, name in zip(fields, FIELDS, strict=False)
            if name == failed or any(i.severity is Severity.ERROR for i in validation.for_field(name))
        }
        return first_to_fill(fields, wrong) or self.sender

    def nextId(self) -> int:
        return PageId.TEST
