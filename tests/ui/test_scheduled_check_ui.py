"""The export page's 在服务器上定期检查: the command for the current settings, ready to copy."""

from __future__ import annotations

import shlex

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPlainTextEdit, QPushButton

from tests.support.ui import next_button
from tests.ui.test_flow import WAIT_MS, fill, run_test, to_settings
from tests.ui.test_support_panel import click
from wizard.cli.parsers import build_parser
from wizard.core.demo import DEMO_PASSWORD, DEMO_USER
from wizard.ui.pages.ids import PageId


def test_export_page_offers_the_scheduled_check_command(qtbot, make_wizard, demo_server):
    wizard = make_wizard("en")
    to_settings(qtbot, wizard)
    fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD)
    click(qtbot, next_button(wizard))
    assert run_test(qtbot, wizard) == "ok"
    assert wizard.page_of(PageId.TEST).findChild(QPushButton, "scheduledCheckButton") is None
    click(qtbot, next_button(wizard))
    export = wizard.page_of(PageId.EXPORT)
    button = export.findChild(QPushButton, "scheduledCheckButton")
    assert not button.isHidden() and button.isEnabled()
    seen = {}

    def in_dialog():
        dialog = QGuiApplication.instance().activeModalWidget()
        seen["title"] = dialog.windowTitle()
        seen["text"] = dialog.findChild(QPlainTextEdit, "serverCommandText").toPlainText()
        click(qtbot, dialog.findChild(QPushButton, "copyServerCommandButton"))
        dialog.reject()

    QTimer.singleShot(0, in_dialog)
    click(qtbot, button)
    qtbot.waitUntil(lambda: "text" in seen, timeout=WAIT_MS)
    assert seen["title"] == "Check regularly on the server"
    argv = shlex.split(seen["text"])
    assert argv[:2] == ["./smtp-wizard-cli", "check"] and DEMO_PASSWORD not in seen["text"]
    args = build_parser().parse_args(argv[1:])
    smtp = wizard.state.draft.settings.smtp
    assert (args.host, args.port, args.security) == (smtp.host, str(smtp.port), smtp.security.value)
    assert args.install_timer and args.write and args.state
    assert QGuiApplication.clipboard().text() == seen["text"]
