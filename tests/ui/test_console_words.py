"""The wizard speaks the admin console's words (账号, 密码) and shows times as people read them."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtWidgets import QLabel

from tests.support.ui import next_button
from tests.ui.test_flow import find, passed_wizard, to_settings
from wizard.ui.app import load_translations
from wizard.ui.pages.ids import PageId


@pytest.fixture
def chinese(qapp):
    load_translations(qapp, "zh_CN")
    yield
    for translator in qapp.findChildren(QTranslator):
        qapp.removeTranslator(translator)
        translator.deleteLater()


def labels_of(wizard):
    page = wizard.page_of(PageId.SETTINGS)
    return page.username_label.text(), page.password_label.text(), page.password.placeholderText()


def test_settings_labels_say_account_and_password_with_the_providers_word(qtbot, make_wizard):
    wizard = make_wizard("en")
    to_settings(qtbot, wizard, search="qq", provider_id="qq")
    assert labels_of(wizard) == ("Acco&unt:", "&Password (authorization code):", "authorization code")
    custom = make_wizard("en")
    to_settings(qtbot, custom, search="custom", provider_id="custom")
    assert labels_of(custom)[:2] == ("Acco&unt:", "&Password:")


def test_chinese_labels_match_the_console(qtbot, make_wizard, chinese):
    wizard = make_wizard("zh_CN")
    to_settings(qtbot, wizard, search="163", provider_id="netease163")
    assert labels_of(wizard) == ("账号(&U):", "密码(授权码)(&P):", "授权码")
    outlook = make_wizard("zh_CN")
    to_settings(qtbot, outlook, search="outlook", provider_id="outlook")
    assert labels_of(outlook)[:2] == ("账号(&U):", "密码(账号密码)(&P):")


def test_platform_mode_says_why_next_is_disabled(qtbot, make_wizard):
    wizard = make_wizard("en")
    hint = find(wizard, QLabel, "platformDisplayNameIssue")
    assert not next_button(wizard).isEnabled()
    assert hint.isVisible() and "display name" in hint.text() and "required" in hint.text()
    wizard.page_of(PageId.MODE).platform_name.insert("通知中心")
    assert next_button(wizard).isEnabled() and not hint.isVisible()


def test_export_shows_the_verification_in_local_time(qtbot, make_wizard, beijing_time):
    wizard = passed_wizard(qtbot, make_wizard)
    text = find(wizard, QLabel, "verifiedLabel").text()
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0800", text), text
    assert "Z." not in text


def test_provider_label_follows_a_choice_by_hand_and_oauth_only_is_warned(qtbot, make_wizard):
    from tests.ui.test_flow import choose_smtp, pick_provider

    wizard = make_wizard("en")
    choose_smtp(qtbot, wizard)
    page = wizard.page_of(PageId.PROVIDER)
    page.address.setText("zhangsan@qq.com")
    status = find(wizard, QLabel, "detectStatus")
    assert status.text().startswith("✓ QQ Mail")
    warning = find(wizard, QLabel, "providerIssue")
    assert not warning.isVisible()
    pick_provider(qtbot, wizard, "outlook", "outlook")
    assert "QQ" not in status.text() and "Outlook" in status.text()
    assert warning.isVisible() and "OAuth2" in warning.text()
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    while wizard.currentId() != PageId.SETTINGS:
        qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    on_settings = find(wizard, QLabel, "settingsProviderIssue")
    assert on_settings.isVisible() and "OAuth2" in on_settings.text()


def test_help_link_works_without_a_browser(qtbot, make_wizard, monkeypatch):
    from PySide6.QtGui import QDesktopServices, QGuiApplication
    from PySide6.QtWidgets import QPushButton

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)  # no browser on this machine
    wizard = make_wizard("en")
    to_settings(qtbot, wizard, search="qq", provider_id="qq")
    wizard.back()
    assert wizard.currentId() == PageId.AUTH_HELP
    url = wizard.state.draft.provider.help_url
    link = find(wizard, QLabel, "helpUrl")
    assert link.isVisible() and link.text() == url
    assert link.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    qtbot.mouseClick(find(wizard, QPushButton, "openHelpButton"), Qt.MouseButton.LeftButton)
    assert "No web browser" in find(wizard, QLabel, "helpStatus").text()
    qtbot.mouseClick(find(wizard, QPushButton, "copyHelpLinkButton"), Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == url
