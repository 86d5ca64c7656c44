"""The test page after a pass: sender-domain findings and 确认收到 / Confirm delivery, driven
through the real widgets against the demo mail server, its IMAP side and a loopback DNS."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QSpinBox, QTextBrowser

from tests.core.dns_server import LocalDns
from tests.ui.test_flow import WAIT_MS, fill, find, run_test, to_settings
from wizard.core.demo import DEMO_PASSWORD, DEMO_USER, JUNK_RECIPIENT
from wizard.ui.pages.ids import PageId

ZONE = {
    ("example.com", "TXT"): ['"v=spf1 ip4:198.51.100.0/24 -all"'],
    ("_dmarc.example.com", "TXT"): ['"v=DMARC1; p=reject"'],
    ("example.com", "MX"): ["10 mx.example.com."],
}


def passed_test(qtbot, wizard, recipient=DEMO_USER):
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    wizard.next()
    assert wizard.currentId() == PageId.TEST
    fill(qtbot, wizard, recipientEdit=recipient)
    assert run_test(qtbot, wizard) == "ok"
    return wizard.page_of(PageId.TEST).after_pass


def click(qtbot, wizard, name):
    qtbot.mouseClick(find(wizard, QPushButton, name), Qt.MouseButton.LeftButton)


def open_tab(qtbot, panel, index):
    bar = panel.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert panel.tabs.currentIndex() == index


def test_domain_findings_appear_after_a_pass(qtbot, make_wizard, monkeypatch):
    with LocalDns(records=ZONE) as dns:
        monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", dns.address)
        wizard = make_wizard("en")
        panel = passed_test(qtbot, wizard)
        assert panel.isVisible()
        findings = find(wizard, QTextBrowser, "domainFindings")
        qtbot.waitUntil(lambda: "DMARC" in findings.toHtml() and not panel.tasks.busy, timeout=WAIT_MS)
    text = findings.toHtml()
    # the demo relay answered on 127.0.0.1, which example.com's SPF does not list
    assert "does not allow localhost (127.0.0.1) to send" in text
    assert "ip4:127.0.0.1 -all" in text
    assert "[problem]" in text and "refused" in text  # p=reject, nothing aligned


def test_domain_check_without_dns_says_could_not_check(qtbot, make_wizard, monkeypatch):
    with LocalDns(silent=["example.com", "_dmarc.example.com"]) as dns:
        monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", dns.address)
        wizard = make_wizard("zh_CN")
        panel = passed_test(qtbot, wizard)
        findings = find(wizard, QTextBrowser, "domainFindings")
        qtbot.waitUntil(lambda: "无法检查" in findings.toHtml() and not panel.tasks.busy, timeout=WAIT_MS)
        assert "[有问题]" not in findings.toHtml()


def test_confirm_delivery_finds_the_mail_in_the_inbox(qtbot, make_wizard, demo_server, monkeypatch):
    monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", "127.0.0.1:9")  # nothing answers: no waiting on DNS
    wizard = make_wizard("en")
    panel = passed_test(qtbot, wizard)
    qtbot.waitUntil(lambda: not panel.tasks.busy, timeout=WAIT_MS)
    open_tab(qtbot, panel, 1)
    assert find(wizard, QLineEdit, "imapHostEdit").text() == "localhost"
    assert find(wizard, QSpinBox, "imapPortSpin").value() == demo_server.imap_port
    assert find(wizard, QLineEdit, "imapPasswordEdit").text() == DEMO_PASSWORD  # same mailbox as the sender
    click(qtbot, wizard, "confirmDeliveryButton")
    label = find(wizard, QLabel, "deliveryResult")
    qtbot.waitUntil(lambda: "arrived" in label.text() and not panel.tasks.busy, timeout=WAIT_MS)
    assert "arrived in the inbox (INBOX)" in label.text()


def test_confirm_delivery_reports_junk(qtbot, make_wizard, monkeypatch):
    monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", "127.0.0.1:9")
    wizard = make_wizard("zh_CN")
    panel = passed_test(qtbot, wizard, recipient=JUNK_RECIPIENT)
    qtbot.waitUntil(lambda: not panel.tasks.busy, timeout=WAIT_MS)
    open_tab(qtbot, panel, 1)
    password = find(wizard, QLineEdit, "imapPasswordEdit")
    assert password.text() == ""  # another mailbox: its secret is asked for, not assumed
    click(qtbot, wizard, "confirmDeliveryButton")
    label = find(wizard, QLabel, "deliveryResult")
    assert "IMAP 密码" in label.text()  # named field, nothing started
    fill(qtbot, wizard, imapPasswordEdit=DEMO_PASSWORD)
    click(qtbot, wizard, "confirmDeliveryButton")
    qtbot.waitUntil(lambda: "垃圾邮件" in label.text() and not panel.tasks.busy, timeout=WAIT_MS)
    assert "垃圾邮件文件夹「垃圾邮件」" in label.text()


def test_stop_waiting_for_a_mail_that_never_comes(qtbot, make_wizard, monkeypatch):
    monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", "127.0.0.1:9")
    wizard = make_wizard("en")
    panel = passed_test(qtbot, wizard)
    qtbot.waitUntil(lambda: not panel.tasks.busy, timeout=WAIT_MS)
    panel.result = type(panel.result)(**{**vars(panel.result), "message_id": "<never-sent@example.com>"})
    open_tab(qtbot, panel, 1)
    click(qtbot, wizard, "confirmDeliveryButton")
    stop = find(wizard, QPushButton, "stopConfirmButton")
    qtbot.waitUntil(stop.isEnabled, timeout=WAIT_MS)
    qtbot.wait(300)
    click(qtbot, wizard, "stopConfirmButton")
    label = find(wizard, QLabel, "deliveryResult")
    qtbot.waitUntil(lambda: "cancelled" in label.text() and not panel.tasks.busy, timeout=3000)


def test_the_panel_hides_when_a_new_test_starts(qtbot, make_wizard, monkeypatch):
    monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", "127.0.0.1:9")
    wizard = make_wizard("en")
    panel = passed_test(qtbot, wizard)
    qtbot.waitUntil(lambda: not panel.tasks.busy, timeout=WAIT_MS)
    click(qtbot, wizard, "checkDomainButton")  # re-check on request
    qtbot.waitUntil(lambda: not panel.tasks.busy, timeout=WAIT_MS)
    assert run_test(qtbot, wizard, "loginOnlyButton") == "ok"
    assert not panel.isVisible()  # a login-only check delivers nothing to look for


def test_a_mailbox_the_user_types_is_the_one_asked(qtbot, make_wizard, monkeypatch):
    monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", "127.0.0.1:9")
    wizard = make_wizard("en")
    panel = passed_test(qtbot, wizard)
    qtbot.waitUntil(lambda: not panel.tasks.busy, timeout=WAIT_MS)
    open_tab(qtbot, panel, 1)
    fill(qtbot, wizard, imapHostEdit="127.0.0.1", imapUserEdit="someone@example.com")
    fill(qtbot, wizard, imapPasswordEdit=DEMO_PASSWORD)  # another host: its password is asked for (issue 21)
    port = find(wizard, QSpinBox, "imapPortSpin")
    port.setValue(9)  # nothing listens there
    click(qtbot, wizard, "confirmDeliveryButton")
    label = find(wizard, QLabel, "deliveryResult")
    qtbot.waitUntil(lambda: "Could not connect" in label.text() and not panel.tasks.busy, timeout=WAIT_MS)
    port.setValue(panel.draft.catalog.find("demo").imap.port)
    click(qtbot, wizard, "confirmDeliveryButton")  # 127.0.0.1 is in the demo certificate too
    qtbot.waitUntil(lambda: "inbox" in label.text() and not panel.tasks.busy, timeout=WAIT_MS)


def _every_outcome_shown(qtbot, wizard, panel):
    """After a pass: the domain findings, the delivery result and the probe table are filled."""
    page = wizard.page_of(PageId.TEST)
    findings = find(wizard, QTextBrowser, "domainFindings")
    qtbot.waitUntil(lambda: "DMARC" in findings.toHtml() and not panel.tasks.busy, timeout=WAIT_MS)
    open_tab(qtbot, panel, 1)
    click(qtbot, wizard, "confirmDeliveryButton")
    delivery = find(wizard, QLabel, "deliveryResult")
    qtbot.waitUntil(lambda: "INBOX" in delivery.text() and not panel.tasks.busy, timeout=WAIT_MS)
    click(qtbot, wizard, "probeButton")
    qtbot.waitUntil(lambda: page.probe.table.rowCount() > 0 and not page.tasks.busy, timeout=WAIT_MS)
    marks = [mark.text() for mark, _name, _detail in page.view.stage_rows.values()]
    assert sum("✓" in mark for mark in marks) >= 4 and page.probe.table.isVisible()


def _edit_the_password(qtbot, wizard):
    qtbot.keyClicks(wizard.page_of(PageId.TEST).fields.password, "x")  # a typo after the pass


def _edit_the_recipient(qtbot, wizard):
    qtbot.keyClicks(find(wizard, QLineEdit, "recipientEdit"), "m")  # ….com -> ….comm


def _edit_the_port(qtbot, wizard):
    port = wizard.page_of(PageId.TEST).fields.port
    port.setFocus()
    qtbot.keyClick(port, Qt.Key.Key_Up)  # the spin box's own arrow key: one port higher


def _edit_on_the_settings_page(qtbot, wizard):
    from PySide6.QtWidgets import QWizard

    qtbot.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.SETTINGS
    fill(qtbot, wizard, displayNameEdit="Ops")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.TEST


@pytest.mark.parametrize(
    "edit", [_edit_the_password, _edit_the_recipient, _edit_the_port, _edit_on_the_settings_page]
)
def test_no_outcome_of_the_previous_settings_stays_on_the_test_page(
    qtbot, make_wizard, monkeypatch, ui_language, edit
):
    """Issue 19 item 5: after any edit every outcome panel is cleared and the page says 请重新测试."""
    ui_language("zh_CN")
    with LocalDns(records=ZONE) as dns:
        monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", dns.address)
        wizard = make_wizard("zh_CN")
        panel = passed_test(qtbot, wizard)
        _every_outcome_shown(qtbot, wizard, panel)
        edit(qtbot, wizard)
    page = wizard.page_of(PageId.TEST)
    result = find(wizard, QLabel, "resultLabel").text()
    assert "请重新测试" in result and "测试通过" not in result, result
    assert find(wizard, QLabel, "hintLabel").text() == ""
    assert all(
        mark.text() == "" and detail.text() == "" for mark, _n, detail in page.view.stage_rows.values()
    )
    if edit in (_edit_the_recipient, _edit_the_port):  # the probe logs in on every port: still true
        assert page.probe.table.isVisible() and page.probe.table.rowCount() > 0
    else:
        assert page.probe.table.rowCount() == 0 and not page.probe.table.isVisible()
    assert not find(wizard, QPushButton, "applyFixButton").isVisible()
    assert not panel.isVisible() and find(wizard, QTextBrowser, "domainFindings").toPlainText() == ""
    assert find(wizard, QLabel, "deliveryResult").text() == ""
    assert page.failed_field is None and not wizard.button(wizard.WizardButton.NextButton).isEnabled()


def test_an_edit_undone_shows_the_pass_that_holds_again_and_keeps_what_still_holds(
    qtbot, make_wizard, monkeypatch
):
    """Derived from the draft: the probe (login only) still holds after a recipient edit, and
    undoing the edit brings back the verified state, not the stale note."""
    monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", "127.0.0.1:9")  # nothing answers: no waiting on DNS
    wizard = make_wizard("en")
    panel = passed_test(qtbot, wizard)
    page = wizard.page_of(PageId.TEST)
    qtbot.waitUntil(lambda: not panel.tasks.busy, timeout=WAIT_MS)
    click(qtbot, wizard, "probeButton")
    qtbot.waitUntil(lambda: page.probe.table.rowCount() > 0 and not page.tasks.busy, timeout=WAIT_MS)
    recipient = find(wizard, QLineEdit, "recipientEdit")
    qtbot.keyClicks(recipient, "m")
    assert "Test again" in find(wizard, QLabel, "resultLabel").text() and not panel.isVisible()
    assert page.probe.table.isVisible() and page.probe.table.rowCount() > 0  # login-only: still true
    qtbot.keyClick(recipient, Qt.Key.Key_Backspace)  # back to exactly what was tested
    assert "already delivered with these settings" in find(wizard, QLabel, "resultLabel").text()
    assert wizard.button(wizard.WizardButton.NextButton).isEnabled()


def test_a_domain_check_still_running_when_the_settings_change_never_shows(qtbot, make_wizard, monkeypatch):
    """Its late answer belongs to settings that are gone; the next pass gets its own check."""
    with LocalDns(records=ZONE, delay=0.7) as dns:
        monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", dns.address)
        wizard = make_wizard("en")
        panel = passed_test(qtbot, wizard)
        assert panel.tasks.busy  # DNS answers slowly
        page = wizard.page_of(PageId.TEST)
        qtbot.keyClicks(page.fields.password, "x")
        qtbot.waitUntil(lambda: not panel.tasks.busy, timeout=WAIT_MS)
        findings = find(wizard, QTextBrowser, "domainFindings")
        assert findings.toPlainText() == "" and not panel.isVisible()
        qtbot.keyClick(page.fields.password, Qt.Key.Key_Backspace)
        assert run_test(qtbot, wizard) == "ok"
        qtbot.waitUntil(lambda: "DMARC" in findings.toHtml() and not panel.tasks.busy, timeout=WAIT_MS)
