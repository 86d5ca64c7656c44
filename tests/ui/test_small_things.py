"""Issue 24, small things a customer sees: the window title, quitting a demo, stale status
lines, the password in the export preview and on the clipboard, what a fix changes, the
advanced section after opening a file, and a mode page that holds still under the mouse."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QToolButton,
)

from tests.support.ui import next_button
from tests.ui.test_flow import fill, find, passed_wizard, run_test, to_settings
from wizard.core import config_file
from wizard.core.demo import DEMO_PASSWORD, DEMO_USER
from wizard.core.settings import MailSettings, Mode, Security, SmtpSettings
from wizard.ui.app import load_translations
from wizard.ui.pages.ids import PageId


@pytest.fixture
def chinese(qapp):
    load_translations(qapp, "zh_CN")
    yield
    for translator in qapp.findChildren(QTranslator):
        qapp.removeTranslator(translator)
        translator.deleteLater()


def on_next_box(handle) -> None:
    """Run ``handle(box)`` on the next modal message box, once it is open."""

    def look():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, look)
            return
        handle(box)

    QTimer.singleShot(0, look)


def click_button(box: QMessageBox, label: str) -> None:
    for button in box.buttons():
        if label in button.text().replace("&", ""):
            button.click()
            return
    raise AssertionError(f"no {label!r} in {[b.text() for b in box.buttons()]}")


def test_the_title_names_the_app_once_after_a_file_is_opened(qtbot, make_wizard, monkeypatch, tmp_path, qapp):
    wizard = passed_wizard(qtbot, make_wizard)
    out = tmp_path / "customer-acme.json"
    assert wizard.page_of(PageId.EXPORT).save_to(out)
    again = make_wizard("en")
    app_name = again.windowTitle()
    previous = qapp.applicationDisplayName()
    qapp.setApplicationDisplayName(app_name)  # as app.py does
    try:
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
        qtbot.mouseClick(find(again, QPushButton, "openConfigButton"), Qt.MouseButton.LeftButton)
        title = again.windowTitle()
    finally:
        qapp.setApplicationDisplayName(previous)
    # What the title bar shows: Qt appends the display name to a title that differs from it
    # (https://doc.qt.io/qt-6/qwidget.html#windowTitle-prop).
    shown = title if title == app_name else f"{title} — {app_name}"
    assert "customer-acme.json" in shown
    assert shown.count(app_name) == 1, shown


def test_quitting_a_demo_does_not_offer_a_draft_it_cannot_keep(qtbot, make_wizard, _private_config_folder):
    wizard = make_wizard("en")
    to_settings(qtbot, wizard)  # the demo server's settings
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    seen = {}

    def answer(box):
        seen["buttons"] = [b.text().replace("&", "") for b in box.buttons()]
        seen["text"] = box.text()
        click_button(box, "Continue setup")

    on_next_box(answer)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert "Keep a draft and quit" not in seen["buttons"]
    assert "Discard and quit" in seen["buttons"] and "demo" in seen["text"]
    assert wizard.isVisible()
    assert not list(_private_config_folder.rglob("unfinished-setup.json"))


def test_copied_report_notice_goes_when_a_new_test_starts(qtbot, make_wizard, monkeypatch):
    monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", "127.0.0.1:9")
    wizard = make_wizard("en")
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    wizard.next()
    fill(qtbot, wizard, recipientEdit=DEMO_USER)
    assert run_test(qtbot, wizard) == "ok"
    qtbot.mouseClick(find(wizard, QPushButton, "copyReportButton"), Qt.MouseButton.LeftButton)
    status = find(wizard, QLabel, "supportStatus")
    assert "clipboard" in status.text()
    assert run_test(qtbot, wizard, "loginOnlyButton") == "ok"
    assert status.text() == ""


def test_the_preview_masks_the_password_and_copying_it_asks(qtbot, make_wizard):
    wizard = passed_wizard(qtbot, make_wizard)
    include = find(wizard, QCheckBox, "includePasswordCheck")
    qtbot.mouseClick(include, Qt.MouseButton.LeftButton, pos=QPoint(8, include.height() // 2))  # its box
    assert include.isChecked()
    preview = find(wizard, QPlainTextEdit, "exportPreview").toPlainText()
    assert DEMO_PASSWORD not in preview and "********" in preview
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("before")
    copy = find(wizard, QPushButton, "copyButton")
    on_next_box(lambda box: click_button(box, "No"))
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert clipboard.text() == "before" and not wizard.exported
    on_next_box(lambda box: click_button(box, "Yes"))
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert DEMO_PASSWORD in clipboard.text() and wizard.exported


def test_apply_and_retry_says_which_field_changes(qtbot, make_wizard, demo_server, chinese):
    wizard = make_wizard("zh_CN")
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    find(wizard, QToolButton, "advancedToggle").setChecked(True)
    security = find(wizard, QComboBox, "securityCombo")
    security.setCurrentIndex(security.findData("ssl"))
    find(wizard, QSpinBox, "portSpin").setValue(demo_server.starttls_port)  # SSL on a STARTTLS port
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert run_test(qtbot, wizard) == "tls_on_plain_port"
    assert "加密方式改为 STARTTLS" in find(wizard, QPushButton, "applyFixButton").text()


def test_a_file_with_another_server_opens_the_advanced_section(qtbot, make_wizard, monkeypatch, tmp_path):
    out = tmp_path / "qq-587.json"
    settings = MailSettings(
        mode=Mode.SMTP,
        display_name="运维中心",
        smtp=SmtpSettings(
            provider="qq",
            host="smtp.qq.com",
            port=587,
            security=Security.STARTTLS,
            username="zhangsan@qq.com",
            sender="zhangsan@qq.com",
        ),
    )
    config_file.save(out, settings, config_file.Format.JSON)
    wizard = make_wizard("en")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(find(wizard, QPushButton, "openConfigButton"), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.SETTINGS
    assert find(wizard, QToolButton, "advancedToggle").isChecked()
    assert find(wizard, QSpinBox, "portSpin").isVisible()


def test_the_mode_radio_stays_under_the_mouse(qtbot, make_wizard):
    wizard = make_wizard("en")
    smtp = find(wizard, QRadioButton, "modeSmtpRadio")
    assert find(wizard, QLabel, "platformDisplayNameIssue").isVisible()  # the hint for the empty name
    qtbot.wait(50)  # laid out
    before = smtp.mapTo(wizard, QPoint(0, 0))
    qtbot.mouseClick(smtp, Qt.MouseButton.LeftButton)
    assert smtp.isChecked()
    qtbot.wait(50)  # the layout is redone on the next turn of the event loop
    assert smtp.mapTo(wizard, QPoint(0, 0)) == before
