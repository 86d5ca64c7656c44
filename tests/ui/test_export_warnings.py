"""The export page says when saving replaced another user's file (owner and mode changed)."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QMessageBox

from tests.support.ui import next_button
from tests.ui.test_flow import fill, find, to_settings
from wizard.core.demo import DEMO_PASSWORD, DEMO_USER
from wizard.ui.pages.ids import PageId


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0, reason="needs root to own a file as another user"
)
def test_overwriting_another_users_file_is_reported(qtbot, make_wizard, monkeypatch, tmp_path):
    wizard = make_wizard("en")
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    find(wizard, QCheckBox, "skipTestCheck").click()
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    out = tmp_path / "mail.json"
    out.write_text("{}")
    os.chown(out, 65534, 65534)
    page = wizard.page_of(PageId.EXPORT)
    assert page.save_to(out)
    assert os.stat(out).st_uid == os.geteuid()
    assert "was owned by" in page.status.text() and "Saved to" in page.status.text()
