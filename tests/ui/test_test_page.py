"""The test page as a support call uses it: stage details in words, cancel shown as cancelled,
and retrying in place (secret, port and encryption on the page, bound to the same draft)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QSpinBox

from tests.support.ui import next_button
from tests.ui.test_flow import fill, find, run_test, to_settings
from wizard.ui.pages.ids import PageId

CLASS_NAME = re.compile(r"[A-Z][a-zA-Z]+(Error|Exception|EOF)\b|Errno")


def custom_server(qtbot, wizard, port: int, security: str) -> None:
    to_settings(qtbot, wizard, search="custom", provider_id="custom")
    fill(qtbot, wizard, senderEdit="ops@example.com", passwordEdit="secret", hostEdit="127.0.0.1")
    combo = find(wizard, QComboBox, "securityCombo")
    combo.setCurrentIndex(combo.findData(security))
    find(wizard, QSpinBox, "portSpin").setValue(port)
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.TEST


def test_refused_stage_detail_is_a_sentence_with_a_tooltip(qtbot, make_wizard, closed_port):
    wizard = make_wizard("en")
    custom_server(qtbot, wizard, closed_port, "ssl")
    assert run_test(qtbot, wizard) == "connection_refused"
    detail = find(wizard, QLabel, "stageDetail_connect")
    assert "connection refused" in detail.text() and not CLASS_NAME.search(detail.text())
    assert detail.toolTip().startswith("connection refused") and detail.wordWrap()


def test_cancelled_stage_says_cancelled_not_a_tls_error(qtbot, make_wizard, silent_port):
    wizard = make_wizard("en")
    custom_server(qtbot, wizard, silent_port, "ssl")  # TLS handshake hangs
    page = wizard.page_of(PageId.TEST)
    qtbot.mouseClick(find(wizard, QPushButton, "sendTestButton"), Qt.MouseButton.LeftButton)
    cancel = find(wizard, QPushButton, "cancelTestButton")
    qtbot.waitUntil(cancel.isEnabled, timeout=2000)
    qtbot.wait(300)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.property("diagnosisCode") == "cancelled", timeout=3000)
    details = [row[2].text() for row in page.view.stage_rows.values()]
    assert any(text.endswith("cancelled") for text in details), details
    assert not any(CLASS_NAME.search(text) for text in details), details
    marks = [row[0].text() for row in page.view.stage_rows.values()]
    assert not any("✗" in mark for mark in marks)


def test_wrong_code_is_fixed_and_retried_in_place(qtbot, make_wizard):
    from wizard.core.demo import DEMO_PASSWORD, DEMO_USER

    wizard = make_wizard("en")
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit="my-web-password")
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    page = wizard.page_of(PageId.TEST)
    assert run_test(qtbot, wizard) == "auth_code_required"
    secret = page.fields.password
    assert wizard.focusWidget() is secret  # the field the diagnosis names, on this page
    assert secret.echoMode() == secret.EchoMode.Password
    qtbot.mouseClick(secret.reveal_button, Qt.MouseButton.LeftButton)  # the visible 显示/Show
    assert secret.echoMode() == secret.EchoMode.Normal
    secret.selectAll()
    qtbot.keyClicks(secret, DEMO_PASSWORD)
    page.setProperty("diagnosisCode", "")
    qtbot.keyClick(page.recipient, Qt.Key.Key_Return)  # Enter in the recipient sends the test
    qtbot.waitUntil(lambda: page.property("diagnosisCode") == "ok" and not page.tasks.busy, timeout=15000)
    assert wizard.currentId() == PageId.TEST  # Enter did not press Next as well
    assert wizard.state.draft.verified is not None and next_button(wizard).isEnabled()
    wizard.back()
    assert wizard.page_of(PageId.SETTINGS).password.text() == DEMO_PASSWORD  # the same draft


def test_port_and_encryption_on_the_test_page_edit_the_draft(qtbot, make_wizard):
    from wizard.core.demo import DEMO_PASSWORD, DEMO_USER

    wizard = make_wizard("en")
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    page = wizard.page_of(PageId.TEST)
    combo = page.fields.security
    combo.setCurrentIndex(combo.findData("starttls"))
    smtp = wizard.state.draft.settings.smtp
    starttls_port = next(
        e.port for e in wizard.state.draft.provider.endpoints if e.security.value == "starttls"
    )
    assert (smtp.security.value, smtp.port) == ("starttls", starttls_port)  # the preset's port follows
    assert page.fields.port.value() == starttls_port
    assert "STARTTLS" in page.summary.text()
    assert run_test(qtbot, wizard) == "ok"
    wizard.back()
    settings = wizard.page_of(PageId.SETTINGS)
    assert (settings.security.currentData(), settings.port.value()) == ("starttls", starttls_port)


def test_another_dns_server_can_be_tried_from_the_test_page(qtbot, make_wizard, monkeypatch, scripted):
    from PySide6.QtWidgets import QLineEdit

    from tests.core.dns_server import LocalDns

    server = scripted({})
    name = "mail.acme-intranet.test"
    with LocalDns({}, silent={name}) as broken, LocalDns({}, records={(name, "A"): ["127.0.0.1"]}) as good:
        monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", broken.address)  # DNS that does not answer
        wizard = make_wizard("en")
        to_settings(qtbot, wizard, search="custom", provider_id="custom")
        fill(qtbot, wizard, senderEdit="ops@example.com", hostEdit=name)
        combo = find(wizard, QComboBox, "securityCombo")
        combo.setCurrentIndex(combo.findData("none"))
        find(wizard, QSpinBox, "portSpin").setValue(server.port)
        qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
        assert run_test(qtbot, wizard) == "dns_failure"
        field = find(wizard, QLineEdit, "testDnsServerEdit")
        assert field.isVisible() and field.text() == broken.address
        page = wizard.page_of(PageId.TEST)
        page.setProperty("diagnosisCode", "")
        field.setText("dns.alidns.com")  # a host name: refused under the field, no test through it
        field.editingFinished.emit()
        assert find(wizard, QLabel, "testDnsServerEditIssue").isVisible() and not page.tasks.busy
        assert page.property("diagnosisCode") == ""
        field.setText(good.address)
        field.editingFinished.emit()  # leaving the field retries through that server
        qtbot.waitUntil(lambda: page.property("diagnosisCode") == "ok" and not page.tasks.busy, timeout=15000)
        assert not field.isVisible()


def test_apply_and_retry_starttls_keeps_a_custom_servers_own_port(qtbot, make_wizard, demo_server):
    """Issue 19 item 8: the fix changes the encryption only; 加密方式 by hand keeps the port too."""
    from wizard.core.demo import DEMO_PASSWORD, DEMO_USER

    port = demo_server.starttls_port  # a correct, non-standard STARTTLS port
    wizard = make_wizard("en")
    to_settings(qtbot, wizard, search="custom", provider_id="custom")
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD, hostEdit="localhost")
    find(wizard, QSpinBox, "portSpin").setValue(port)
    combo = find(wizard, QComboBox, "securityCombo")
    combo.setCurrentIndex(combo.findData("none"))  # 加密方式 changed on the settings page
    combo.setCurrentIndex(combo.findData("ssl"))
    assert find(wizard, QSpinBox, "portSpin").value() == port
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    page = wizard.page_of(PageId.TEST)
    assert run_test(qtbot, wizard) != "ok"  # SSL/TLS on a port that speaks STARTTLS
    fix = find(wizard, QPushButton, "applyFixButton")
    assert fix.isVisible() and "STARTTLS" in fix.text() and str(port) not in fix.text()
    page.setProperty("diagnosisCode", "")
    qtbot.mouseClick(fix, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.property("diagnosisCode") == "ok" and not page.tasks.busy, timeout=15000)
    smtp = wizard.state.draft.settings.smtp
    assert (smtp.port, smtp.security.value) == (port, "starttls") and page.fields.port.value() == port
