"""The test and export pages: "Copy for support", "Save report…" and "Verify from the server",
clicked through the real widgets after real tests against the demo server."""

from __future__ import annotations

import re
import shlex

import pytest
from PySide6.QtCore import Qt, QTimer, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QPlainTextEdit, QPushButton

from tests.support.ui import next_button
from tests.ui.test_flow import WAIT_MS, fill, find, run_test, to_settings
from wizard.cli.parsers import build_parser
from wizard.core.demo import DEMO_PASSWORD, DEMO_USER
from wizard.core.engine.transcript import secret_forms
from wizard.ui.pages.ids import PageId

WEB_PASSWORD = "my-web-password"


@pytest.fixture
def chinese(qapp):
    from wizard.ui.app import load_translations

    assert load_translations(qapp, "zh_CN") == ["qtbase", "smtp_wizard"]
    yield
    for translator in qapp.findChildren(QTranslator):
        qapp.removeTranslator(translator)
        translator.deleteLater()


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def status(wizard) -> str:
    return find(wizard, QLabel, "supportStatus").text()


def to_failed_test(qtbot, wizard, display_name: str = "运维中心") -> None:
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=WEB_PASSWORD, displayNameEdit=display_name)
    click(qtbot, next_button(wizard))
    assert run_test(qtbot, wizard) == "auth_code_required"


def test_copy_for_support_puts_the_last_test_on_the_clipboard(qtbot, make_wizard, chinese):
    wizard = make_wizard("zh_CN")
    to_failed_test(qtbot, wizard)
    assert "这台电脑" in find(wizard, QLabel, "testedHereNotice").text()
    assert find(wizard, QPushButton, "copyReportButton").text() == "复制给技术支持(&Y)"
    assert find(wizard, QPushButton, "serverCommandButton").text() == "在服务器上验证(&I)…"
    click(qtbot, find(wizard, QPushButton, "copyReportButton"))
    report = QGuiApplication.clipboard().text()
    assert report.startswith("# 邮件服务测试 · 技术支持报告")
    assert "auth_code_required" in report and "**出错的设置项**: 密码\n" in report  # the code and the field
    assert "## 各阶段与耗时" in report and "## SMTP 会话记录(已隐去密码)" in report
    for form in secret_forms(WEB_PASSWORD, DEMO_USER):
        assert form not in report
    assert "报告已复制到剪贴板" in status(wizard)


def test_report_describes_the_test_that_ran_not_the_edited_fields(qtbot, make_wizard, monkeypatch, tmp_path):
    wizard = make_wizard("en")
    to_failed_test(qtbot, wizard)
    wizard.back()
    fill(qtbot, wizard, displayNameEdit="Changed afterwards")  # the settings moved on; the report did not
    click(qtbot, next_button(wizard))
    out = tmp_path / "support.html"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    click(qtbot, find(wizard, QPushButton, "saveReportButton"))
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "auth_code_required" in page
    assert "运维中心" in page and "Changed afterwards" not in page
    assert WEB_PASSWORD not in page
    assert str(out) in status(wizard)


def test_save_report_to_a_missing_folder_says_so(qtbot, make_wizard, monkeypatch, tmp_path):
    wizard = make_wizard("en")
    to_failed_test(qtbot, wizard)
    out = tmp_path / "no-such-folder" / "support.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    click(qtbot, find(wizard, QPushButton, "saveReportButton"))
    assert "Could not save" in status(wizard)
    assert not out.parent.exists()


def _server_command_dialog(qtbot, page) -> str:
    """Click "Verify from the server", copy the command in the dialog, close it; return the command."""
    seen = {}

    def in_dialog():
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "serverCommandDialog":
            QTimer.singleShot(20, in_dialog)
            return
        seen["text"] = dialog.findChild(QPlainTextEdit, "serverCommandText").toPlainText()
        click(qtbot, dialog.findChild(QPushButton, "copyServerCommandButton"))
        seen["status"] = dialog.findChild(QLabel, "serverCommandStatus").text()
        dialog.reject()

    QTimer.singleShot(0, in_dialog)
    click(qtbot, page.findChild(QPushButton, "serverCommandButton"))
    qtbot.waitUntil(lambda: "status" in seen, timeout=WAIT_MS)
    assert seen["status"] == "Copied to the clipboard."
    assert QGuiApplication.clipboard().text() == seen["text"]
    return seen["text"]


def test_verify_from_the_server_on_the_test_and_export_pages(qtbot, make_wizard, demo_server):
    wizard = make_wizard("en")
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    click(qtbot, next_button(wizard))
    assert run_test(qtbot, wizard) == "ok"
    command = _server_command_dialog(qtbot, wizard.page_of(PageId.TEST))
    argv = shlex.split(command)
    assert argv[:2] == ["./smtp-wizard-cli", "test"] and "--password-stdin" in argv
    args = build_parser().parse_args(argv[1:])
    smtp = wizard.state.draft.settings.smtp  # the settings that just passed
    assert (args.host, args.port, args.security) == (smtp.host, str(smtp.port), smtp.security.value)
    assert (args.host, args.port) == ("localhost", str(demo_server.ssl_port))
    assert args.to == DEMO_USER
    assert DEMO_PASSWORD not in command

    click(qtbot, next_button(wizard))
    assert wizard.currentId() == PageId.EXPORT
    export = wizard.page_of(PageId.EXPORT)
    assert export.findChild(QPushButton, "copyReportButton").isHidden()  # the report is the test's
    assert not export.findChild(QPushButton, "serverCommandButton").isHidden()
    assert _server_command_dialog(qtbot, export) == command


def test_report_after_a_pass_says_it_in_words_with_the_domain_check_and_the_delivery(
    qtbot, make_wizard, chinese, demo_server, monkeypatch
):
    """The report a customer pastes: settings and results in the wizard's words (SSL/TLS, 自有
    SMTP 服务, 成功), and what the sender-domain check and 确认收到 found after the pass."""
    from PySide6.QtWidgets import QTextBrowser

    from tests.core.dns_server import LocalDns
    from tests.ui.test_after_pass import ZONE, open_tab, passed_test

    with LocalDns(records=ZONE) as dns:
        monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", dns.address)
        wizard = make_wizard("zh_CN")
        panel = passed_test(qtbot, wizard)
        findings = find(wizard, QTextBrowser, "domainFindings")
        qtbot.waitUntil(lambda: "DMARC" in findings.toHtml() and not panel.tasks.busy, timeout=WAIT_MS)
    open_tab(qtbot, panel, 1)
    click(qtbot, find(wizard, QPushButton, "confirmDeliveryButton"))
    delivery = find(wizard, QLabel, "deliveryResult")
    qtbot.waitUntil(lambda: "收件箱" in delivery.text() and not panel.tasks.busy, timeout=WAIT_MS)
    click(qtbot, find(wizard, QPushButton, "copyReportButton"))
    report = QGuiApplication.clipboard().text()
    security = wizard.state.draft.settings.smtp.security.value
    assert f"**加密方式**: {'SSL/TLS' if security == 'ssl' else 'STARTTLS'}\n" in report
    assert "**发送方式**: 自有 SMTP 服务\n" in report
    assert "**结果**: 测试通过" in report and "| 成功 |" in report
    for code in (f": {security}\n", "**结果**: ok", "| ok |", ": smtp\n", "true", "false"):
        assert code not in report, code
    assert "**邮件服务商**: 本机演示服务器" in report  # the provider as the list names it, not its id
    assert "## 发件域名检查:example.com" in report and re.search(r"有问题\\?\] DMARC", report)
    assert "## 确认收到" in report and "到达收件箱(INBOX)" in report
