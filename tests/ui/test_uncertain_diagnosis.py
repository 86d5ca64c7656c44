"""An uncertain diagnosis looks different from a certain one on the test page: a "cause not
certain" banner, amber instead of red, the server's words and two likely causes, no one-click fix.
Driven through the real wizard against the demo mail server."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from tests.support.ui import next_button
from tests.ui.test_flow import fill, find, run_test, to_settings
from wizard.core.demo import DEMO_PASSWORD, DEMO_USER, REFUSED_RECIPIENT, UNKNOWN_RECIPIENT
from wizard.ui.diagnosis_view import ERROR_COLOR, UNCERTAIN_COLOR
from wizard.ui.pages.ids import PageId


def _to_test_page(qtbot, wizard):
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.TEST


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh_CN", "原因未能确定,以下是它的原话:550 5.7.1 Access denied"), ("en", "did not say why")],
)
def test_a_guess_is_shown_as_one_and_a_known_fault_is_not(qtbot, make_wizard, lang, words):
    wizard = make_wizard(lang)
    _to_test_page(qtbot, wizard)
    recipient = find(wizard, QLineEdit, "recipientEdit")
    banner = find(wizard, QLabel, "uncertainLabel")
    result = find(wizard, QLabel, "resultLabel")
    fix_button = find(wizard, QPushButton, "applyFixButton")

    fill(qtbot, wizard, recipientEdit=REFUSED_RECIPIENT)
    assert recipient.text() == REFUSED_RECIPIENT
    assert run_test(qtbot, wizard) == "recipient_rejected"
    assert banner.isVisible() and banner.text()
    assert UNCERTAIN_COLOR in result.text() and ERROR_COLOR not in result.text()
    assert words in result.text()
    assert "1. " in result.text() and "2. " in result.text()  # the two likely causes, with their fixes
    assert not fix_button.isVisible()  # no one-click fix for a guess

    fill(qtbot, wizard, recipientEdit=UNKNOWN_RECIPIENT)
    assert run_test(qtbot, wizard) == "recipient_rejected"
    assert not banner.isVisible()
    assert ERROR_COLOR in result.text() and UNCERTAIN_COLOR not in result.text()
    assert "550 Mailbox not found" in result.text()
