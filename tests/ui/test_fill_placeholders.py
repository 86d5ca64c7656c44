"""Texts with %1 and %2 are filled in one pass: what is inserted is never substituted again.

A valid recipient such as ops%2x@acme.cn (a % is allowed in a local part, RFC 5321 section 4.1.2)
and a folder with %1 or %2 in its name are shown as they are on the export page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.support.ui import next_button
from tests.ui.test_flow import fill as fill_fields
from tests.ui.test_flow import run_test, to_settings
from wizard.core.demo import DEMO_PASSWORD, DEMO_USER
from wizard.ui.pages.ids import PageId
from wizard.ui.texts import fill

RECIPIENT = "ops%2x@acme.cn"


def _passed_export_page(qtbot, wizard):
    """The real flow: settings, a test mail to RECIPIENT through the demo server, Next."""
    to_settings(qtbot, wizard)
    fill_fields(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    fill_fields(qtbot, wizard, recipientEdit=RECIPIENT)
    assert run_test(qtbot, wizard) == "ok"
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.EXPORT
    return wizard.page_of(PageId.EXPORT)


def test_fill_inserts_each_value_once():
    assert fill("Verified on %1 by another run (a test mail to %2)", "5 May", RECIPIENT).endswith(
        f"to {RECIPIENT})"
    )
    assert fill("%1 to %2", "%2", "x") == "%2 to x"
    assert fill("%1 and %3", "a") == "a and %3"


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_export_page_shows_a_recipient_with_percent_as_typed(qtbot, make_wizard, lang):
    page = _passed_export_page(qtbot, make_wizard(lang))
    label = page.findChild(QLabel, "verifiedLabel").text()
    assert RECIPIENT in label
    assert "%2x" in label and "acme.cn" in label


def test_export_page_shows_a_saved_path_with_percent_as_it_is(qtbot, make_wizard, tmp_path):
    page = _passed_export_page(qtbot, make_wizard("en"))
    folder = tmp_path / "%2 and %1"
    folder.mkdir()
    out = folder / "mail.json"
    assert page.save_to(out)
    assert str(out) in page.status.text()
