"""The wizard's *Stop waiting* against an IMAP server that never answers the connect: clicked on
the real button, it ends the confirmation within half a second (Cancel is wired before connecting)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QSpinBox

from tests.ui.test_after_pass import click, open_tab, passed_test
from tests.ui.test_flow import WAIT_MS, fill, find


def test_stop_waiting_during_the_imap_connect_ends_at_once(qtbot, make_wizard, blackhole_port, monkeypatch):
    monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", "127.0.0.1:9")
    wizard = make_wizard("en")
    panel = passed_test(qtbot, wizard)
    qtbot.waitUntil(lambda: not panel.tasks.busy, timeout=WAIT_MS)
    open_tab(qtbot, panel, 1)
    find(wizard, QLineEdit, "imapHostEdit").setText("127.0.0.1")
    find(wizard, QSpinBox, "imapPortSpin").setValue(blackhole_port)
    fill(qtbot, wizard, imapPasswordEdit="that-mailbox's-own-password")  # another host: its own secret
    click(qtbot, wizard, "confirmDeliveryButton")
    stop = find(wizard, QPushButton, "stopConfirmButton")
    qtbot.waitUntil(stop.isEnabled, timeout=WAIT_MS)
    qtbot.wait(500)  # connecting: the SYN is dropped
    clicked = time.monotonic()
    click(qtbot, wizard, "stopConfirmButton")
    label = find(wizard, QLabel, "deliveryResult")
    qtbot.waitUntil(lambda: "cancelled" in label.text() and not panel.tasks.busy, timeout=3000)
    assert time.monotonic() - clicked < 0.5 + 0.2  # half a second, and the event loop's turn


def test_the_smtp_secret_is_not_sent_to_an_imap_host_the_user_typed(qtbot, make_wizard, hostile, monkeypatch):
    monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", "127.0.0.1:9")
    peer = hostile(lambda conn, n: conn.sendall(b"* OK ready\r\n"))
    wizard = make_wizard("en")
    panel = passed_test(qtbot, wizard)
    qtbot.waitUntil(lambda: not panel.tasks.busy, timeout=WAIT_MS)
    open_tab(qtbot, panel, 1)
    password = find(wizard, QLineEdit, "imapPasswordEdit")
    assert password.text()  # prefilled: the provider's own mailbox accepts the SMTP secret
    host = find(wizard, QLineEdit, "imapHostEdit")
    qtbot.mouseClick(host, Qt.MouseButton.LeftButton)
    host.selectAll()
    qtbot.keyClicks(host, "127.0.0.1")
    find(wizard, QSpinBox, "imapPortSpin").setValue(peer.port)
    click(qtbot, wizard, "confirmDeliveryButton")
    label = find(wizard, QLabel, "deliveryResult")
    assert "IMAP password" in label.text()  # asked for, not assumed
    assert password.text() == ""
    qtbot.wait(300)
    assert peer.connections == 0
