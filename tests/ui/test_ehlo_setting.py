"""The EHLO name in the settings page's advanced section (item 5): a short name is refused under
the field and blocks Next; a valid one reaches the live test; empty means automatic."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QToolButton

from tests.support.ui import next_button
from tests.ui.test_flow import WAIT_MS, fill, find, to_settings
from wizard.core.demo import DEMO_PASSWORD, DEMO_USER
from wizard.ui.pages.ids import PageId


def test_ehlo_name_in_advanced_settings(qtbot, make_wizard):
    wizard = make_wizard("en")
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    toggle = find(wizard, QToolButton, "advancedToggle")
    if not toggle.isChecked():
        qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    edit = find(wizard, QLineEdit, "ehloEdit")
    assert edit.isVisible() and "automatic" in edit.placeholderText()

    qtbot.keyClicks(edit, "vm")
    issue = find(wizard, QLabel, "ehloIssue")
    assert issue.isVisible() and "EHLO name" in issue.text() and "[10.0.0.5]" in issue.text()
    assert not next_button(wizard).isEnabled()

    edit.clear()
    qtbot.keyClicks(edit, "[127.0.0.1]")
    assert not issue.isVisible()
    qtbot.waitUntil(next_button(wizard).isEnabled, timeout=WAIT_MS)
    assert wizard.state.draft.test_request(login_only=True).ehlo == "[127.0.0.1]"

    edit.clear()  # empty: automatic again
    assert wizard.state.draft.test_request(login_only=True).ehlo is None
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.TEST
