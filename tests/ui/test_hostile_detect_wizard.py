"""The provider page says in words when a detected server is not under the address's domain
(服务器不在 … 域名下), before anyone types a password for it. Real DNS on loopback."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit

from tests.core.dns_server import LocalDns
from tests.ui.test_flow import choose_smtp, find


def test_a_server_outside_the_domain_is_said_in_words(qtbot, make_wizard, monkeypatch):
    # 123mail.dk is in the bundled ISPDB table with smtp.jubii.dk: another domain's server
    with LocalDns({"123mail.dk": [(1, "mta.example")]}, nxdomain={"autoconfig.123mail.dk"}) as dns:
        monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", dns.address)
        wizard = make_wizard("zh_CN")
        choose_smtp(qtbot, wizard)
        qtbot.keyClicks(find(wizard, QLineEdit, "detectAddressEdit"), "hr@123mail.dk")
        status = find(wizard, QLabel, "detectStatus")
        qtbot.waitUntil(lambda: "smtp.jubii.dk" in status.text(), timeout=10000)
    assert "服务器不在 123mail.dk 域名下" in status.text()
