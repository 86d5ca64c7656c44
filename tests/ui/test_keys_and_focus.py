"""Issue 24, keyboard and focus: Enter does what the focused control says, focus survives a
test started from the keyboard, and Tab never stops on an invisible control. Driven with real
key presses against the demo mail server."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QScrollArea, QTreeWidget, QWidget

from tests.core.dns_server import LocalDns
from tests.ui.test_after_pass import open_tab, passed_test
from tests.ui.test_flow import WAIT_MS, choose_smtp, fill, find, to_settings
from wizard.core.demo import DEMO_PASSWORD, DEMO_USER
from wizard.ui.pages.ids import PageId

RETURN = Qt.Key.Key_Return


def on_test_page(qtbot, wizard, recipient=DEMO_USER, **settings):
    to_settings(qtbot, wizard, **settings)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    wizard.next()
    assert wizard.currentId() == PageId.TEST
    page = wizard.currentPage()
    fill(qtbot, wizard, recipientEdit=recipient)
    page.setProperty("diagnosisCode", "")
    return page


def alt(qtbot, wizard, key):
    """Alt+letter as the user types it: shortcuts need the window to be the active one."""
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=2000)
    qtbot.keyClick(wizard.focusWidget(), key, Qt.KeyboardModifier.AltModifier)


def shown_with(page, when: str):
    return [w for w in page.findChildren(QWidget) if w.property("shownWith") == when]


def finished(qtbot, page):
    qtbot.waitUntil(
        lambda: page.property("diagnosisCode") not in ("", None) and not page.tasks.busy, timeout=WAIT_MS
    )
    return page.property("diagnosisCode")


def test_enter_on_the_send_button_sends_the_test(qtbot, make_wizard, monkeypatch):
    monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", "127.0.0.1:9")
    wizard = make_wizard("en")
    page = on_test_page(qtbot, wizard)
    wizard.back()
    wizard.next()  # the page opens with the recipient filled: the cursor is on 发送测试邮件
    assert wizard.focusWidget() is page.send_button
    qtbot.keyClick(page.send_button, RETURN)
    assert finished(qtbot, page) == "ok"


def test_alt_s_keeps_the_focus_on_the_page_and_a_pass_leads_to_next(qtbot, make_wizard, monkeypatch):
    monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", "127.0.0.1:9")
    wizard = make_wizard("en")
    page = on_test_page(qtbot, wizard)
    alt(qtbot, wizard, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: page.tasks.busy, timeout=2000)
    assert wizard.focusWidget() is page.cancel_button  # Esc-free way out, right under the cursor
    assert finished(qtbot, page) == "ok"
    focus = wizard.focusWidget()
    assert focus is not None and focus.isEnabled() and focus.isVisible()
    assert focus is wizard.button(wizard.WizardButton.NextButton)
    # The Alt+letter check lets the after-pass panel share letters with "noPass" controls:
    # they are never on screen together.
    assert page.after_pass.isVisible()
    assert not [w.objectName() for w in shown_with(page, "noPass") if w.isVisible()]
    qtbot.keyClick(focus, RETURN)
    assert wizard.currentId() == PageId.EXPORT


def test_a_failure_outside_the_page_focuses_its_diagnosis_not_copy_for_support(
    qtbot, make_wizard, monkeypatch
):
    with LocalDns(records={}) as dns:  # the server name does not exist
        monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", dns.address)
        wizard = make_wizard("en")
        to_settings(qtbot, wizard, search="custom", provider_id="custom")
        fill(
            qtbot,
            wizard,
            senderEdit="ops@example.com",
            passwordEdit="secret",
            hostEdit="smtp.no-such.invalid",
        )
        wizard.next()
        page = wizard.currentPage()
        fill(qtbot, wizard, recipientEdit=DEMO_USER)
        page.setProperty("diagnosisCode", "")
        alt(qtbot, wizard, Qt.Key.Key_S)
        assert finished(qtbot, page) == "dns_failure"
    assert page.failed_field == "host"  # on the settings page, not here
    focus = wizard.focusWidget()
    assert focus is not page.support.copy_button
    assert focus in (page.view.apply_fix_button, page.view.result_label)
    assert focus.isVisible()
    assert not [w.objectName() for w in shown_with(page, "pass") if w.isVisible()]


def test_enter_in_the_mailbox_fields_confirms_delivery_and_stays(qtbot, make_wizard, monkeypatch):
    monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", "127.0.0.1:9")
    wizard = make_wizard("en")
    panel = passed_test(qtbot, wizard)
    qtbot.waitUntil(lambda: not panel.tasks.busy, timeout=WAIT_MS)
    open_tab(qtbot, panel, 1)
    user = find(wizard, QLineEdit, "imapUserEdit")
    user.setFocus()
    qtbot.keyClick(user, RETURN)
    assert wizard.currentId() == PageId.TEST  # Enter did not go on through Next
    label = find(wizard, QLabel, "deliveryResult")
    qtbot.waitUntil(lambda: "inbox" in label.text() and not panel.tasks.busy, timeout=WAIT_MS)
    qtbot.keyClick(panel.imap_port, RETURN)  # the port's spin box too
    assert wizard.currentId() == PageId.TEST


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_tab_never_stops_on_a_page_scroll_area(qtbot, make_wizard, lang):
    wizard = make_wizard(lang)
    to_settings(qtbot, wizard)
    start = wizard.focusWidget()
    seen = []
    for _ in range(40):
        qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_Tab)
        seen.append(wizard.focusWidget())
        if wizard.focusWidget() is start:
            break
    assert not [w for w in seen if isinstance(w, QScrollArea)]


def test_down_and_enter_choose_the_one_provider_the_search_leaves(qtbot, make_wizard):
    wizard = make_wizard("en")
    choose_smtp(qtbot, wizard)
    search = find(wizard, QLineEdit, "providerSearch")
    tree = find(wizard, QTreeWidget, "providerList")
    page = wizard.currentPage()
    page.select("custom")  # something else chosen first: the search must replace it
    search.setFocus()
    qtbot.keyClicks(search, "sendcloud")
    visible = [item for _group, item in page._items() if not item.isHidden()]
    assert len(visible) == 1
    qtbot.keyClick(search, Qt.Key.Key_Down)
    assert tree.currentItem() is visible[0] and wizard.focusWidget() is tree
    assert wizard.state.draft.get("provider") == "sendcloud"

    page.select("custom")
    search.setFocus()
    qtbot.keyClick(search, RETURN)  # Enter in the search: the one match, not Next with another
    assert tree.currentItem() is visible[0]
    assert wizard.currentId() == PageId.PROVIDER


@pytest.fixture
def silent_imap():
    """An IMAP server that accepts and never greets."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    yield listener.getsockname()[1]
    listener.close()


def test_stop_waiting_on_a_server_that_never_greets_says_stopping_and_ends_at_once(
    qtbot, make_wizard, monkeypatch, silent_imap
):
    import time

    monkeypatch.setenv("SMTP_WIZARD_NAMESERVER", "127.0.0.1:9")
    wizard = make_wizard("en")
    panel = passed_test(qtbot, wizard)
    qtbot.waitUntil(lambda: not panel.tasks.busy, timeout=WAIT_MS)
    open_tab(qtbot, panel, 1)
    fill(qtbot, wizard, imapHostEdit="127.0.0.1", imapPasswordEdit="secret")
    panel.imap_port.setValue(silent_imap)
    qtbot.mouseClick(find(wizard, QPushButton, "confirmDeliveryButton"), Qt.MouseButton.LeftButton)
    stop = find(wizard, QPushButton, "stopConfirmButton")
    qtbot.waitUntil(stop.isEnabled, timeout=2000)
    qtbot.wait(300)  # connected, waiting for the greeting
    label = find(wizard, QLabel, "deliveryResult")
    started = time.monotonic()
    qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    if panel.tasks.busy:  # still on its way out: said, and not pressed twice
        assert "Stopping" in label.text()
        assert not stop.isEnabled()
    qtbot.waitUntil(lambda: not panel.tasks.busy, timeout=3000)
    assert time.monotonic() - started < 0.5
    assert "cancelled" in label.text().lower() or "stopped" in label.text().lower()
    assert not stop.isEnabled() and find(wizard, QPushButton, "confirmDeliveryButton").isEnabled()
