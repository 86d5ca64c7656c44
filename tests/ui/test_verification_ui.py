"""The export never claims 已验证 for settings that did not pass: the scenario of issue 8, clicked
through the wizard against the demo server."""

from __future__ import annotations

import socket

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QMessageBox, QPlainTextEdit, QPushButton, QWizard

from tests.support.ui import next_button
from tests.ui.test_flow import fill, find, passed_wizard, run_test
from wizard.ui.pages.ids import PageId


def back(qtbot, wizard):
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)


def continue_unverified(qtbot, wizard, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    find(wizard, QCheckBox, "skipTestCheck").setChecked(True)
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.EXPORT


def test_a_wrong_code_after_a_passed_test_is_never_exported_as_verified(
    qtbot, make_wizard, monkeypatch, ui_language
):
    ui_language("zh_CN")
    wizard = passed_wizard(qtbot, make_wizard, "zh_CN")
    assert "已验证" in find(wizard, QLabel, "verifiedLabel").text()
    back(qtbot, wizard)  # the test page
    back(qtbot, wizard)  # the settings page
    assert wizard.currentId() == PageId.SETTINGS
    fill(qtbot, wizard, passwordEdit="totally-wrong")
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.TEST
    result = find(wizard, QLabel, "resultLabel").text()
    assert "请重新测试" in result and "通过" not in result  # no longer says passed
    assert not next_button(wizard).isEnabled()

    assert run_test(qtbot, wizard) in ("auth_failed", "auth_code_required")
    assert "535" in find(wizard, QLabel, "resultLabel").text()
    assert not next_button(wizard).isEnabled()

    continue_unverified(qtbot, wizard, monkeypatch)
    assert "已验证" not in find(wizard, QLabel, "verifiedLabel").text()
    preview = find(wizard, QPlainTextEdit, "exportPreview").toPlainText()
    assert '"verified"' not in preview


def test_an_opened_file_whose_test_now_fails_loses_its_stamp(qtbot, make_wizard, monkeypatch, tmp_path):
    wizard = passed_wizard(qtbot, make_wizard)
    out = tmp_path / "verified.json"
    assert wizard.page_of(PageId.EXPORT).save_to(out)

    again = make_wizard("en")
    again.page_of(PageId.MODE).load_config(out)
    assert again.currentId() == PageId.SETTINGS
    assert again.state.draft.stamp is not None and again.state.draft.stamp.imported
    qtbot.mouseClick(next_button(again), Qt.MouseButton.LeftButton)
    assert "by another run" in find(again, QLabel, "resultLabel").text()

    with socket.socket() as closed:  # a port nothing listens on: connection refused
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    again.state.draft.set("port", port)
    again.page_of(PageId.TEST).initializePage()
    assert run_test(qtbot, again) == "connection_refused"
    assert not next_button(again).isEnabled()
    continue_unverified(qtbot, again, monkeypatch)
    assert "Not verified" in find(again, QLabel, "verifiedLabel").text()
    assert '"verified"' not in find(again, QPlainTextEdit, "exportPreview").toPlainText()
    assert find(again, QPushButton, "saveButton").isEnabled()


def test_a_hand_edited_file_opens_without_its_claim_and_says_so(qtbot, make_wizard, monkeypatch, tmp_path):
    """Issue 19: a host and port changed in a text editor, the verified block kept."""
    import json

    from PySide6.QtWidgets import QFileDialog

    wizard = passed_wizard(qtbot, make_wizard, "zh_CN")
    out = tmp_path / "verified.json"
    assert wizard.page_of(PageId.EXPORT).save_to(out)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["verified"]["digest"].startswith("sha256:")
    document["smtp"] |= {"host": "smtp.elsewhere.example", "port": 2525}
    out.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    again = make_wizard("zh_CN")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(find(again, QPushButton, "openConfigButton"), Qt.MouseButton.LeftButton)
    assert again.currentId() == PageId.SETTINGS
    notice = "文件中的验证记录与设置不符,已忽略"
    assert notice in find(again, QLabel, "settingsFileIssue").text()
    assert find(again, QLabel, "settingsFileIssue").isVisible()
    assert again.state.draft.stamp is None
    qtbot.mouseClick(next_button(again), Qt.MouseButton.LeftButton)
    assert again.currentId() == PageId.TEST
    assert notice in find(again, QLabel, "resultLabel").text()
    assert "另一次运行" not in find(again, QLabel, "resultLabel").text()
    assert not next_button(again).isEnabled()
