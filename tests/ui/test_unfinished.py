"""Never lose typed work: quitting asks, a draft (never the password) is offered at the next
start, Finish asks when nothing was exported, and the last page lists every saved file."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QLabel, QMessageBox, QWizard

from tests.support.ui import next_button
from tests.ui.test_flow import fill, find, passed_wizard, to_settings
from wizard.ui.pages.ids import PageId
from wizard.ui.unfinished import offer_draft

QQ_USER, QQ_CODE = "zhangsan@qq.com", "abcdefghijklmnop"


def answer_next_dialog(qtbot, label: str, seen: list[str]) -> None:
    """Click the button whose text contains ``label`` in the next modal dialog."""

    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.windowTitle())
        for button in box.buttons():
            if label in button.text().replace("&", ""):
                button.click()
                return
        raise AssertionError(f"no button {label!r} in {[b.text() for b in box.buttons()]}")

    QTimer.singleShot(0, click)


def draft_file(config):
    found = list(config.rglob("unfinished-setup.json"))
    return found[0] if found else None


def typed_settings(qtbot, make_wizard):
    wizard = make_wizard("en")
    to_settings(qtbot, wizard, search="qq", provider_id="qq")
    fill(qtbot, wizard, senderEdit=QQ_USER, passwordEdit=QQ_CODE, displayNameEdit="运维中心")
    return wizard


def test_escape_asks_and_continue_keeps_the_wizard_open(qtbot, make_wizard, _private_config_folder):
    wizard = typed_settings(qtbot, make_wizard)
    seen: list[str] = []
    answer_next_dialog(qtbot, "Continue setup", seen)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert seen == ["Discard this setup?"]
    assert wizard.isVisible() and wizard.currentId() == PageId.SETTINGS
    assert find(wizard, type(wizard.page_of(PageId.SETTINGS).password), "passwordEdit").text() == QQ_CODE


def test_cancel_keeps_a_draft_without_the_password_and_the_next_start_offers_it(
    qtbot, make_wizard, _private_config_folder, monkeypatch
):
    wizard = typed_settings(qtbot, make_wizard)
    seen: list[str] = []
    answer_next_dialog(qtbot, "Keep a draft and quit", seen)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    assert seen == ["Discard this setup?"] and not wizard.isVisible()
    path = draft_file(_private_config_folder)
    assert path is not None
    assert QQ_CODE.encode() not in path.read_bytes()
    assert json.loads(path.read_text())["values"]["sender"] == QQ_USER

    again = make_wizard("en")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert offer_draft(again)
    assert again.currentId() == PageId.SETTINGS
    settings = again.page_of(PageId.SETTINGS)
    assert (settings.sender.text(), settings.display_name.text()) == (QQ_USER, "运维中心")
    assert settings.password.text() == ""  # never stored
    assert again.focusWidget() is settings.password


def test_declined_draft_is_gone(qtbot, make_wizard, _private_config_folder, monkeypatch):
    wizard = typed_settings(qtbot, make_wizard)
    wizard.next()  # every page change keeps the draft, even without quitting
    assert draft_file(_private_config_folder) is not None
    again = make_wizard("en")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert not offer_draft(again)
    assert again.currentId() == PageId.MODE and draft_file(_private_config_folder) is None


def test_closing_the_window_can_discard(qtbot, make_wizard, _private_config_folder):
    wizard = typed_settings(qtbot, make_wizard)
    wizard.next()
    seen: list[str] = []
    answer_next_dialog(qtbot, "Discard and quit", seen)
    wizard.close()
    assert seen and not wizard.isVisible()
    assert draft_file(_private_config_folder) is None


def test_nothing_typed_quits_at_once(qtbot, make_wizard):
    wizard = make_wizard("en")
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()


def test_finish_without_export_asks_and_the_last_page_lists_every_file(
    qtbot, make_wizard, monkeypatch, tmp_path
):
    wizard = passed_wizard(qtbot, make_wizard)
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    asked = []

    def refuse(*args, **kwargs):
        asked.append(args[1])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", refuse)
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert asked == ["Finish without the configuration?"] and wizard.isVisible()

    wizard.back()
    export = wizard.page_of(PageId.EXPORT)
    combo = find(wizard, QComboBox, "exportFormatCombo")
    status = find(wizard, QLabel, "exportStatus")
    for fmt in ("json", "env"):
        combo.setCurrentIndex(combo.findData(fmt))
        assert status.text() == ""  # "Saved to …" belonged to the other format
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", lambda *a, fmt=fmt, **k: (str(tmp_path / f"m.{fmt}"), "")
        )
        qtbot.mouseClick(find(wizard, type(export.save_button), "saveButton"), Qt.MouseButton.LeftButton)
        assert str(tmp_path / f"m.{fmt}") in status.text()
    combo.setCurrentIndex(combo.findData("sheet"))
    assert status.text() == ""
    qtbot.mouseClick(next_button(wizard), Qt.MouseButton.LeftButton)
    done = find(wizard, QLabel, "doneText").text()
    assert str(tmp_path / "m.json") in done and str(tmp_path / "m.env") in done
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert asked == ["Finish without the configuration?"]  # saved: no second question
    assert not wizard.isVisible()


def test_opening_a_file_names_it(qtbot, make_wizard, monkeypatch, tmp_path):
    wizard = passed_wizard(qtbot, make_wizard)
    out = tmp_path / "customer-acme.json"
    assert wizard.page_of(PageId.EXPORT).save_to(out)
    again = make_wizard("en")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    again.page_of(PageId.MODE).open_config()
    assert "customer-acme.json" in again.windowTitle()
    assert str(out) in again.page_of(PageId.MODE).open_status.text()


def test_file_dialogs_start_in_the_last_used_folder(qtbot, make_wizard, monkeypatch, tmp_path):
    folder = tmp_path / "customer-acme"
    folder.mkdir()
    starts = []

    def save_as(parent, title, start, filters):
        starts.append(start)
        return str(folder / "mail.json"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    wizard = passed_wizard(qtbot, make_wizard)
    export = wizard.page_of(PageId.EXPORT)
    export.save()
    assert (folder / "mail.json").exists()

    def open_file(parent, title, start, filters):
        starts.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_file)
    again = make_wizard("en")  # a later run: the folder is remembered in the config folder
    again.page_of(PageId.MODE).open_config()
    assert starts[1] == str(folder)


def test_qt_file_dialog_texts_are_chinese(qtbot, qapp):
    from PySide6.QtCore import QCoreApplication, QTranslator

    from wizard.ui.app import load_translations

    load_translations(qapp, "zh_CN")
    try:
        for context, text in (("QFileDialog", "&Look in:"), ("QFileDialog", "Files of &type:")):
            assert QCoreApplication.translate(context, text) != text
        assert QCoreApplication.translate("QAbstractFileIconProvider", "Folder") == "文件夹"
    finally:
        for translator in qapp.findChildren(QTranslator):
            qapp.removeTranslator(translator)
            translator.deleteLater()


def test_qt_file_dialog_shows_whole_date_column(qtbot, make_wizard, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QTreeView

    (tmp_path / "smtp-settings.json").write_text("{}")
    wizard = passed_wizard(qtbot, make_wizard)
    seen = {}

    def look_and_close():
        dialog = QApplication.activeModalWidget()
        view = dialog.findChild(QTreeView, "treeView")
        header = view.header()
        last = header.count() - 1  # Date Modified
        seen["date"] = (header.sectionSize(last), view.sizeHintForColumn(last))
        dialog.reject()

    from wizard.ui.widgets import folders

    folders.remember_folder(tmp_path / "x.json")
    QTimer.singleShot(300, look_and_close)  # the real dialog is modal: look at it, then close it
    wizard.page_of(PageId.EXPORT).save()
    width, needed = seen["date"]
    assert width >= needed


def test_a_demo_run_keeps_no_draft(qtbot, make_wizard, _private_config_folder):
    from wizard.core.demo import DEMO_PASSWORD, DEMO_USER

    wizard = make_wizard("en")
    to_settings(qtbot, wizard)  # the local demo server: its port exists only in this run
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    wizard.next()
    assert draft_file(_private_config_folder) is None
