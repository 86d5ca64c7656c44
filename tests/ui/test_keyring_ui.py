"""The settings page and the keyring: present, absent and locked; never a silent fallback."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest
from keyring.errors import KeyringLocked
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton

from tests.support.keyring import MemoryKeyring
from tests.support.ui import next_button
from tests.ui.test_flow import fill, find, to_settings
from wizard.core import credentials
from wizard.core.credentials import service_name
from wizard.core.demo import DEMO_PASSWORD, DEMO_USER
from wizard.ui.pages.ids import PageId


class LockedKeyring(MemoryKeyring):
    def get_password(self, service, username):
        raise KeyringLocked("the collection is locked")

    def set_password(self, service, username, password):
        raise KeyringLocked("the collection is locked")


@pytest.fixture
def use_backend():
    previous = keyring.get_keyring()

    def install(backend):
        keyring.set_keyring(backend)
        return backend

    yield install
    keyring.set_keyring(previous)


def settings_page(qtbot, make_wizard):
    wizard = make_wizard("en")
    to_settings(qtbot, wizard)
    status = find(wizard, QLabel, "keyringStatus")
    qtbot.waitUntil(lambda: bool(status.text()) and "Checking" not in status.text(), timeout=5000)
    return wizard, find(wizard, QCheckBox, "rememberPasswordCheck"), status


def test_keyring_present_stores_and_finds_the_password_again(
    qtbot, make_wizard, memory_keyring, tmp_path, demo_server
):
    wizard, remember, _status = settings_page(qtbot, make_wizard)
    assert remember.isEnabled()
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    remember.setChecked(True)
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    key = (service_name("localhost", wizard.state.draft.settings.smtp.port), DEMO_USER)
    qtbot.waitUntil(lambda: memory_keyring.items.get(key) == DEMO_PASSWORD, timeout=5000)
    notice = find(wizard, QLabel, "keyringNotice")
    qtbot.waitUntil(lambda: bool(notice.text()), timeout=5000)

    # Reopen the same settings without the password: it comes back from the keyring.
    wizard.page_of(PageId.TEST).setProperty("diagnosisCode", "")
    out = tmp_path / "saved.json"
    wizard.state.draft.confirm_unverified()
    wizard.next()
    assert wizard.page_of(PageId.EXPORT).save_to(out)
    again = make_wizard("en")
    again.page_of(PageId.MODE).load_config(out)
    edit = find(again, QLineEdit, "passwordEdit")
    qtbot.waitUntil(lambda: edit.text() == DEMO_PASSWORD, timeout=5000)


def test_keyring_absent_says_so_and_stores_nothing(qtbot, make_wizard, use_backend):
    use_backend(keyring.backends.fail.Keyring())
    _wizard, remember, status = settings_page(qtbot, make_wizard)
    assert not remember.isEnabled() and not remember.isChecked()
    expected = credentials.backend_status()
    assert not expected.available and status.text() == expected.message("en")


def test_keyring_locked_is_reported_and_nothing_leaks(qtbot, make_wizard, use_backend):
    use_backend(LockedKeyring())
    wizard, remember, status = settings_page(qtbot, make_wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    if remember.isEnabled():
        remember.setChecked(True)
        qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
        notice = find(wizard, QLabel, "keyringNotice")
        qtbot.waitUntil(lambda: bool(notice.text()), timeout=5000)
        text = notice.text()
    else:
        text = status.text()
    assert "unlock" in text.lower() or "locked" in text.lower()
    assert DEMO_PASSWORD not in text
    assert find(wizard, QPushButton, "sendTestButton") is not None
