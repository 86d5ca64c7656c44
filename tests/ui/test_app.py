"""Start-up as a user sees it: --smoke, languages and Qt's own translations, automation names."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QWidget, QWizard

from tests.support.ui import next_button
from wizard.ui.pages.ids import PageId

AUTOMATION_NAMES = [
    "modeSmtpRadio",
    "modePlatformRadio",
    "providerSearch",
    "providerList",
    "senderEdit",
    "usernameEdit",
    "passwordEdit",
    "displayNameEdit",
    "hostEdit",
    "portSpin",
    "securityCombo",
    "recipientEdit",
    "sendTestButton",
    "cancelTestButton",
    "applyFixButton",
    "probeButton",
    "resultLabel",
    "exportFormatCombo",
    "includePasswordCheck",
]


def smoke(*args: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "--smoke", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_smoke_reports_language_translations_and_keyring(lang):
    report = smoke("--lang", lang)
    assert report["language"] == lang
    assert report["ready_ms"] > 0
    assert "keyring" in report["keyring_backend"]
    assert report["translations"] == (["qtbase", "smtp_wizard"] if lang == "zh_CN" else [])


def test_smoke_in_demo_mode():
    assert smoke("--demo", "--lang", "en")["demo"] is True


def test_chinese_ui_translates_qt_buttons_and_our_texts(qtbot, make_wizard, qapp):
    from wizard.ui.app import load_translations

    loaded = load_translations(qapp, "zh_CN")
    try:
        wizard = make_wizard("zh_CN")
        assert loaded == ["qtbase", "smtp_wizard"]
        assert "下一步" in next_button(wizard).text()
        assert "取消" in wizard.button(QWizard.WizardButton.CancelButton).text()
        assert wizard.currentPage().title() == "通知邮件用什么方式发送?"
    finally:
        from PySide6.QtCore import QTranslator

        for translator in qapp.findChildren(QTranslator):
            qapp.removeTranslator(translator)
            translator.deleteLater()


def test_every_automation_name_exists(make_wizard):
    wizard = make_wizard("en")
    for page_id in PageId:  # pages are built on their first visit; build them all
        wizard.page_of(page_id)
    missing = [name for name in AUTOMATION_NAMES if wizard.findChild(QWidget, name) is None]
    assert missing == []
    assert wizard.page_of(PageId.TEST).property("diagnosisCode") == ""


def test_unexpected_errors_show_a_dialog_without_the_password(make_wizard, monkeypatch):
    from wizard.ui.app import install_excepthook
    from wizard.ui.dialogs import ErrorDialog

    shown = []
    monkeypatch.setattr(ErrorDialog, "exec", lambda self: shown.append(self.text.toPlainText()))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    wizard = make_wizard("en")
    wizard.state.draft.set("password", "s3cret-pass")
    install_excepthook(wizard)
    try:
        raise ValueError("login with s3cret-pass failed")
    except ValueError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    assert shown and "ValueError: login with **** failed" in shown[0]
    assert "s3cret-pass" not in shown[0]


def test_a_missing_configuration_file_is_reported_not_opened(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    missing = tmp_path / "missing.json"
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "--smoke", str(missing)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2 and "no such file" in result.stderr
