"""The DNS-server field (provider page) and SMTP_WIZARD_NAMESERVER: only an IP address is asked,
anything else is an error under the field, and detection never spins on (issue 19 item 7)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from tests.core.dns_server import LocalDns
from tests.ui.test_flow import choose_smtp, find
from wizard.ui.pages.ids import PageId


@pytest.mark.parametrize("typed", ["abc", "dns.alidns.com"])
def test_a_dns_server_field_value_that_is_no_address_is_an_error_under_the_field(
    qtbot, make_wizard, monkeypatch, typed
):
    """Issue 19 item 7: no spinner, no test through it, no traceback; the field says why."""
    import os

    monkeypatch.setattr("wizard.ui.pages.provider.DETECT_SECONDS", 1.0)
    with LocalDns(deny_all=True) as broken:
        monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", broken.address)
        wizard = make_wizard("en")
        choose_smtp(qtbot, wizard)
        page = wizard.page_of(PageId.PROVIDER)
        dns_edit = find(wizard, QLineEdit, "dnsServerEdit")
        status = find(wizard, QLabel, "detectStatus")
        qtbot.keyClicks(find(wizard, QLineEdit, "detectAddressEdit"), "hr@acme.cn")
        qtbot.waitUntil(lambda: dns_edit.isVisible() and not page.tasks.busy, timeout=8000)
        dns_edit.selectAll()
        qtbot.keyClicks(dns_edit, typed)
        qtbot.keyClick(dns_edit, Qt.Key.Key_Return)  # leaves the value: editingFinished
        issue = find(wizard, QLabel, "dnsServerEditIssue")
        assert issue.isVisible() and "must be an IP address" in issue.text()
        assert os.environ["SMTP_WIZARD_NAMESERVER"] == broken.address  # nothing asks "abc"
        assert not page.tasks.busy and "Detecting" not in status.text()
        dns_edit.selectAll()
        qtbot.keyClicks(dns_edit, "223.5.5.5:99999")
        qtbot.keyClick(dns_edit, Qt.Key.Key_Return)
        assert "1 to 65535" in issue.text() and not page.tasks.busy


def test_a_dns_server_variable_that_is_no_address_ends_detection_with_the_reason(
    qtbot, make_wizard, monkeypatch
):
    """SMTP_WIZARD_NAMESERVER=dns.alidns.com (support's advice, mistyped): no endless 正在识别…"""
    monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", "dns.alidns.com")
    wizard = make_wizard("zh_CN")
    choose_smtp(qtbot, wizard)
    status = find(wizard, QLabel, "detectStatus")
    qtbot.keyClicks(find(wizard, QLineEdit, "detectAddressEdit"), "hr@acme.cn")
    qtbot.waitUntil(lambda: "Detection did not finish" in status.text(), timeout=5000)
    issue = find(wizard, QLabel, "dnsServerEditIssue")
    assert find(wizard, QLineEdit, "dnsServerEdit").text() == "dns.alidns.com" and issue.isVisible()
    assert "IP 地址" in issue.text()


def test_no_detecting_spinner_outlives_the_detection_budget(qtbot, make_wizard, monkeypatch):
    """Whatever holds the worker up (here a lookup that ignores its deadline), the page stops
    saying 正在识别… two seconds after the budget and offers another DNS server."""
    import time

    import wizard.core.detect as detection

    def stuck(*_args, **_kwargs):
        time.sleep(6)  # far past the budget below
        raise AssertionError("the page must have given up on this answer")

    monkeypatch.setattr("wizard.ui.pages.provider.DETECT_SECONDS", 0.5)
    monkeypatch.setattr(detection, "detect", stuck)
    wizard = make_wizard("en")
    choose_smtp(qtbot, wizard)
    status = find(wizard, QLabel, "detectStatus")
    qtbot.keyClicks(find(wizard, QLineEdit, "detectAddressEdit"), "hr@acme.cn")
    qtbot.waitUntil(lambda: "Detecting" in status.text(), timeout=2000)
    started = time.monotonic()
    qtbot.waitUntil(lambda: "Detection did not finish" in status.text(), timeout=5000)
    assert time.monotonic() - started < 0.5 + 0.6 + 2 + 1  # debounce, budget, grace, a loaded machine
    assert find(wizard, QLineEdit, "dnsServerEdit").isVisible()
    qtbot.waitUntil(lambda: not wizard.page_of(PageId.PROVIDER).tasks.busy, timeout=5000)
    assert "Detection did not finish" in status.text()  # the late failure changes nothing
