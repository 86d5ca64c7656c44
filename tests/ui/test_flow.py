"""The whole wizard, driven through its real widgets against the real demo mail server."""

from __future__ import annotations

import json
import socket
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QToolButton,
    QTreeWidget,
)

from tests.support.ui import next_button
from wizard.core.demo import DEMO_PASSWORD, DEMO_USER
from wizard.ui.pages.ids import PageId

WAIT_MS = 15000


def find(wizard, kind, name):
    widget = wizard.findChild(kind, name)
    assert widget is not None, name
    return widget


def choose_smtp(qtbot, wizard):
    qtbot.mouseClick(find(wizard, QRadioButton, "modeSmtpRadio"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.PROVIDER


def pick_provider(qtbot, wizard, search: str, provider_id: str):
    qtbot.keyClicks(find(wizard, QLineEdit, "providerSearch"), search)
    tree = find(wizard, QTreeWidget, "providerList")
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        for j in range(group.childCount()):
            item = group.child(j)
            if not item.isHidden() and item.data(0, Qt.ItemDataRole.UserRole) == provider_id:
                tree.setCurrentItem(item)
                return
    raise AssertionError(f"{provider_id} not listed for {search!r}")


def to_settings(qtbot, wizard, search="demo", provider_id="demo"):
    choose_smtp(qtbot, wizard)
    pick_provider(qtbot, wizard, search, provider_id)
    while wizard.currentId() != PageId.SETTINGS:
        qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)


def fill(qtbot, wizard, **values):
    for name, value in values.items():
        edit = find(wizard, QLineEdit, name)
        edit.clear()
        if value.isascii():
            qtbot.keyClicks(edit, value)
        else:  # QTest can only type ASCII; insert() is what an input method does
            edit.insert(value)


def run_test(qtbot, wizard, button="sendTestButton"):
    page = wizard.page_of(PageId.TEST)
    page.setProperty("diagnosisCode", "")
    qtbot.mouseClick(find(wizard, QPushButton, button), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.property("diagnosisCode") not in ("", None) and not page.tasks.busy, timeout=WAIT_MS
    )
    return page.property("diagnosisCode")


def test_qq_like_code_failure_then_success(qtbot, make_wizard, demo_server):
    wizard = make_wizard("en")
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit="my-web-password", displayNameEdit="运维中心")
    assert find(wizard, QLineEdit, "usernameEdit").text() == DEMO_USER  # follows the sender
    assert next_button(wizard).isEnabled()
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.TEST
    assert find(wizard, QLineEdit, "recipientEdit").text() == DEMO_USER

    assert run_test(qtbot, wizard) == "auth_code_required"
    result = find(wizard, QLabel, "resultLabel").text()
    assert "authorization code" in result.lower()
    assert "my-web-password" not in result
    assert not next_button(wizard).isEnabled()

    wizard.back()
    fill(qtbot, wizard, passwordEdit=DEMO_PASSWORD)
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    before = len(demo_server.messages())
    assert run_test(qtbot, wizard) == "ok"
    assert next_button(wizard).isEnabled()
    received = demo_server.messages()[before:]
    assert len(received) == 1 and "运维中心" in received[0].from_
    assert "恭喜!您的邮件服务已经配置成功" in received[0].body


def test_fix_is_applied_with_one_click(qtbot, make_wizard, demo_server):
    wizard = make_wizard("en")
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    find(wizard, QToolButton, "advancedToggle").setChecked(True)
    security = find(wizard, QComboBox, "securityCombo")
    security.setCurrentIndex(security.findData("ssl"))
    find(wizard, QSpinBox, "portSpin").setValue(demo_server.starttls_port)  # SSL on a STARTTLS port
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert run_test(qtbot, wizard) == "tls_on_plain_port"
    fix_button = find(wizard, QPushButton, "applyFixButton")
    assert fix_button.isVisible() and "STARTTLS" in fix_button.text()
    page = wizard.page_of(PageId.TEST)
    page.setProperty("diagnosisCode", "")
    qtbot.mouseClick(fix_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.property("diagnosisCode") == "ok", timeout=WAIT_MS)
    assert wizard.state.draft.settings.smtp.security.value == "starttls"


@pytest.fixture
def silent_port():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    yield listener.getsockname()[1]
    listener.close()


def test_cancel_mid_test(qtbot, make_wizard, silent_port):
    wizard = make_wizard("en")
    to_settings(qtbot, wizard, search="custom", provider_id="custom")
    fill(qtbot, wizard, senderEdit="ops@example.com", passwordEdit="secret", hostEdit="127.0.0.1")
    security = find(wizard, QComboBox, "securityCombo")
    security.setCurrentIndex(security.findData("starttls"))
    find(wizard, QSpinBox, "portSpin").setValue(silent_port)  # accepts, never greets
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    page = wizard.page_of(PageId.TEST)
    qtbot.mouseClick(find(wizard, QPushButton, "sendTestButton"), Qt.MouseButton.LeftButton)
    cancel = find(wizard, QPushButton, "cancelTestButton")
    qtbot.waitUntil(cancel.isEnabled, timeout=2000)
    qtbot.wait(300)
    started = time.monotonic()
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.property("diagnosisCode") == "cancelled", timeout=3000)
    assert time.monotonic() - started < 1.0
    assert find(wizard, QPushButton, "sendTestButton").isEnabled()
    assert not next_button(wizard).isEnabled()


def test_continue_without_a_test_needs_confirmation(qtbot, make_wizard, monkeypatch, tmp_path):
    wizard = make_wizard("en")
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    skip = find(wizard, QCheckBox, "skipTestCheck")
    skip.click()
    assert not skip.isChecked() and not next_button(wizard).isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    skip.click()
    assert next_button(wizard).isEnabled()
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    out = tmp_path / "unverified.json"
    assert wizard.page_of(PageId.EXPORT).save_to(out)
    assert "verified" not in json.loads(out.read_text())


def test_inline_validation_blocks_next_and_names_the_field(qtbot, make_wizard):
    wizard = make_wizard("en")
    to_settings(qtbot, wizard, search="custom", provider_id="custom")
    fill(qtbot, wizard, senderEdit="ops@example.com", hostEdit="smtp://mail.example.com")
    find(wizard, QLineEdit, "hostEdit").editingFinished.emit()
    assert not next_button(wizard).isEnabled()
    issue = find(wizard, QLabel, "hostIssue")
    assert issue.isVisible() and "without a prefix such as smtp://" in issue.text()
    fill(qtbot, wizard, hostEdit="mail.example.com")
    assert next_button(wizard).isEnabled()
    assert not issue.isVisible()


def test_pasted_code_is_cleaned_with_a_notice(qtbot, make_wizard):
    wizard = make_wizard("en")
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER)
    password = find(wizard, QLineEdit, "passwordEdit")
    password.setFocus()
    QGuiApplication.clipboard().setText("demo-code -2026")
    password.paste()
    assert password.text() == "demo-code-2026"
    assert "removed" in find(wizard, QLabel, "passwordIssue").text()


def test_platform_branch_exports_the_display_name(qtbot, make_wizard, monkeypatch, tmp_path):
    wizard = make_wizard("en")
    assert find(wizard, QRadioButton, "modePlatformRadio").isChecked()
    assert not next_button(wizard).isEnabled()  # the display name is required
    find(wizard, QLineEdit, "platformDisplayNameEdit").insert("简道云通知")
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.EXPORT
    assert not find(wizard, QCheckBox, "includePasswordCheck").isVisible()
    out = tmp_path / "platform.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(find(wizard, QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert (document["mode"], document["display_name"]) == ("platform", "简道云通知")
    assert "smtp" not in document


def passed_wizard(qtbot, make_wizard, lang="en"):
    wizard = make_wizard(lang)
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD, displayNameEdit="运维中心")
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert run_test(qtbot, wizard) == "ok"
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.EXPORT
    return wizard


@pytest.mark.parametrize("fmt, suffix", [("json", ".json"), ("env", ".env"), ("sheet", ".txt")])
@pytest.mark.parametrize("with_password", [False, True])
def test_export_each_format(qtbot, make_wizard, monkeypatch, tmp_path, fmt, suffix, with_password):
    wizard = passed_wizard(qtbot, make_wizard)
    combo = find(wizard, QComboBox, "exportFormatCombo")
    combo.setCurrentIndex(combo.findData(fmt))
    include = find(wizard, QCheckBox, "includePasswordCheck")
    if with_password:
        include.setFocus()
        qtbot.keyClick(include, Qt.Key.Key_Space)  # keyboard use: Tab to the box, Space to tick it
        assert include.isChecked() and find(wizard, QLabel, "passwordWarning").isVisible()
    out = tmp_path / f"settings{suffix}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(find(wizard, QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    text = out.read_text(encoding="utf-8")
    assert (DEMO_PASSWORD in text) is with_password
    assert (out.stat().st_mode & 0o777 == 0o600) is with_password
    if fmt == "json":
        document = json.loads(text)
        assert document["smtp"]["username"] == DEMO_USER and document["verified"]["recipient"] == DEMO_USER
    elif fmt == "env":
        assert f"SMTP_USERNAME={DEMO_USER}" in text and "MAIL_VERIFIED_AT=" in text
    else:
        assert "邮件服务器" in text and "Verified" in text


def test_copy_to_clipboard_never_has_the_password_unless_asked(qtbot, make_wizard):
    from PySide6.QtGui import QGuiApplication

    wizard = passed_wizard(qtbot, make_wizard)
    qtbot.mouseClick(find(wizard, QPushButton, "copyButton"), Qt.MouseButton.LeftButton)
    assert DEMO_USER in QGuiApplication.clipboard().text()
    assert DEMO_PASSWORD not in QGuiApplication.clipboard().text()


def test_reopen_an_exported_file(qtbot, make_wizard, monkeypatch, tmp_path):
    wizard = passed_wizard(qtbot, make_wizard)
    out = tmp_path / "reopen.json"
    assert wizard.page_of(PageId.EXPORT).save_to(out)

    again = make_wizard("en")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(find(again, QPushButton, "openConfigButton"), Qt.MouseButton.LeftButton)
    assert again.currentId() == PageId.SETTINGS
    assert find(again, QLineEdit, "senderEdit").text() == DEMO_USER
    assert find(again, QLineEdit, "displayNameEdit").text() == "运维中心"
    assert again.state.draft.verified is not None  # unchanged settings keep their verification


def test_opening_a_foreign_file_says_why(qtbot, make_wizard, monkeypatch, tmp_path):
    wizard = make_wizard("en")
    bad = tmp_path / "other.json"
    bad.write_text('{"format": "something-else"}')
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    qtbot.mouseClick(find(wizard, QPushButton, "openConfigButton"), Qt.MouseButton.LeftButton)
    assert shown and "not a configuration file exported by this tool" in shown[0]
    assert wizard.currentId() == PageId.MODE


def test_company_domain_is_detected_by_mx_in_the_background(qtbot, make_wizard, monkeypatch):
    from tests.core.dns_server import LocalDns

    with LocalDns({"acme.cn": [(5, "mxbiz1.qq.com")]}) as dns:
        monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", dns.address)
        wizard = make_wizard("en")
        choose_smtp(qtbot, wizard)
        address = find(wizard, QLineEdit, "detectAddressEdit")
        qtbot.keyClicks(address, "hr@acme.cn")
        status = find(wizard, QLabel, "detectStatus")
        assert "Detecting" in status.text()  # shown at once; typing never waits for DNS
        qtbot.waitUntil(lambda: "MX" in status.text(), timeout=5000)
    tree = find(wizard, QTreeWidget, "providerList")
    assert tree.currentItem().data(0, Qt.ItemDataRole.UserRole) == "exmail"
    assert "Tencent Exmail" in status.text()
