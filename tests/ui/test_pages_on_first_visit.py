"""Pages are built on their first visit, not all at start (benchmarks/startup.py measures why):
after start only the mode page exists; each Next builds the page it goes to, once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from tests.support.ui import next_button
from tests.ui.test_flow import choose_smtp, find, pick_provider, to_settings
from wizard.ui.pages.ids import PageId


def built(wizard) -> list[int]:
    return sorted(wizard.pageIds())


def test_after_start_only_the_mode_page_is_built(make_wizard):
    wizard = make_wizard("zh_CN", demo=False)
    assert built(wizard) == [PageId.MODE]
    assert wizard.currentId() == PageId.MODE
    assert wizard.findChild(QLineEdit, "senderEdit") is None  # the settings page's fields
    assert wizard.findChild(QPushButton, "sendTestButton") is None  # the test page's


def test_next_builds_each_page_it_goes_to_and_only_those(qtbot, make_wizard):
    wizard = make_wizard()
    to_settings(qtbot, wizard)
    # The settings page asks the test page which field failed, and the draft is kept on every
    # page change (asking the export page whether it was exported): neither builds them.
    assert built(wizard) == sorted(wizard.visitedIds())
    assert PageId.TEST not in built(wizard) and PageId.EXPORT not in built(wizard)
    settings = wizard.page_of(PageId.SETTINGS)
    wizard.back()
    wizard.next()  # back and forth: the same page, not a second one
    assert wizard.page_of(PageId.SETTINGS) is settings
    assert built(wizard) == sorted(wizard.visitedIds())


def test_a_provider_that_needs_a_code_builds_the_help_page_on_next(qtbot, make_wizard):
    wizard = make_wizard()
    choose_smtp(qtbot, wizard)
    pick_provider(qtbot, wizard, "qq", "qq")
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.AUTH_HELP
    assert find(wizard, QPushButton, "openHelpButton").isVisible()
    assert built(wizard) == [PageId.MODE, PageId.PROVIDER, PageId.AUTH_HELP]


def test_page_of_builds_a_page_not_visited_yet(make_wizard):
    wizard = make_wizard()
    export = wizard.page_of(PageId.EXPORT)
    assert wizard.page(PageId.EXPORT) is export
    assert export.findChild(QPushButton, "saveButton") is not None
    assert wizard.currentId() == PageId.MODE
