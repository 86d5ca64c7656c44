"""The wizard speaks the admin console's words (账号, 密码) and shows times as people read them."""

from __future__ import annotations

import re
import time

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QLabel

from tests.ui.conftest import next_button
from tests.ui.test_flow import find, passed_wizard, to_settings
from wizard.ui.app import load_translations
from wizard.ui.pages.ids import PageId


@pytest.fixture
def beijing_time(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


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
