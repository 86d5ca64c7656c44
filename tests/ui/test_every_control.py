"""Every control a user can reach, activated on every page, in both modes and both languages,
against the demo server. Fails on the unexpected-error dialog, an uncaught exception or a Qt
warning. Controls are found, not listed: one added later is covered without a new test.

Only the buttons that close the wizard (Cancel, Finish) are skipped; tests/ui/test_app.py and
the flow tests cover those. Modal dialogs are answered the way a user would: message boxes and
file dialogs by patched static methods, any other dialog closed by a timer once it is shown.
"""

from __future__ import annotations

import sys
from collections import Counter

import pytest
from PySide6.QtCore import QThreadPool, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QWizard,
)

from tests.support.ui import next_button
from tests.ui.test_flow import fill, find, pick_provider, run_test
from wizard.core import config_file
from wizard.core.demo import DEMO_PASSWORD, DEMO_USER
from wizard.ui.pages.ids import PageId

PATHS = {
    "platform": (PageId.MODE, PageId.EXPORT, PageId.DONE),
    "smtp": (
        PageId.MODE,
        PageId.PROVIDER,
        PageId.AUTH_HELP,
        PageId.SETTINGS,
        PageId.TEST,
        PageId.EXPORT,
        PageId.DONE,
    ),
}
CLOSING = (QWizard.WizardButton.CancelButton, QWizard.WizardButton.FinishButton)
SETTLE_MS = 20000
WIZARD_BUTTON = "__qt__passive_wizardbutton"  # QWizard's own Back/Next buttons
# What the headless "offscreen" platform plugin itself says about features it lacks; a real
# display does not print it, and it says nothing about the wizard.
OFFSCREEN_NOISE = frozenset({"This plugin does not support propagateSizeHints()"})


class Trouble:
    """Everything that must not happen while a control is used."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def qt_message(self, kind, _context, message) -> None:
        if message in OFFSCREEN_NOISE and QGuiApplication.platformName() == "offscreen":
            return
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            self.items.append(f"Qt {kind.name}: {message}")

    def exception(self, kind, value, _tb) -> None:
        self.items.append(f"uncaught {kind.__name__}: {value}")

    def error_dialog(self, details: str) -> None:
        self.items.append(f"unexpected-error dialog: {details}")


@pytest.fixture
def trouble(monkeypatch, tmp_path, demo_server):
    found = Trouble()
    previous = qInstallMessageHandler(found.qt_message)
    monkeypatch.setattr(sys, "excepthook", found.exception)
    # What a user answers: yes to confirmations, a file name to save to, a file to open.
    yes = lambda *a, **k: QMessageBox.StandardButton.Yes  # noqa: E731
    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, yes)
    exported = tmp_path / "opened.json"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(exported), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "saved.json"), ""))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)  # no browser in a test
    closer = QTimer()
    closer.setInterval(30)
    closer.timeout.connect(_close_modal_dialog)
    closer.start()
    found.exported = exported
    yield found
    closer.stop()
    qInstallMessageHandler(previous)


def _close_modal_dialog() -> None:
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, QDialog) and dialog.isVisible():
        dialog.reject()


def settle(qtbot) -> None:
    """Let every worker finish and deliver its result."""
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=SETTLE_MS)
    qtbot.wait(20)


def advance(qtbot, wizard, mode: str) -> None:
    """Do on the current page what a user does to go on, then press Next."""
    page = wizard.currentId()
    if page == PageId.MODE:
        radio = "modeSmtpRadio" if mode == "smtp" else "modePlatformRadio"
        find(wizard, QRadioButton, radio).click()
        if mode == "platform":
            find(wizard, QLineEdit, "platformDisplayNameEdit").setText("通知中心")
    elif page == PageId.PROVIDER:
        pick_provider(qtbot, wizard, "demo", "demo")
    elif page == PageId.SETTINGS:
        fill(qtbot, wizard, senderEdit=DEMO_USER, passwordEdit=DEMO_PASSWORD, displayNameEdit="运维中心")
    elif page == PageId.TEST:
        assert run_test(qtbot, wizard) == "ok"
    next_button(wizard).click()
    settle(qtbot)


def open_at(qtbot, make_wizard, lang: str, mode: str, page_id: PageId, trouble: Trouble):
    wizard = make_wizard(lang)
    wizard.show_error = trouble.error_dialog
    for _ in PATHS[mode]:
        if wizard.currentId() == page_id:
            return wizard
        advance(qtbot, wizard, mode)
    raise AssertionError(f"{page_id!r} not reached in {mode} mode")


def return_to(qtbot, wizard, page_id: PageId) -> bool:
    """After a control left the page: come back with Back or Next, as a user would."""
    forward = page_id in wizard.visitedIds()
    which = QWizard.WizardButton.BackButton if forward else QWizard.WizardButton.NextButton
    for _ in PATHS["smtp"]:
        button = wizard.button(which)
        if wizard.currentId() == page_id or not (button.isVisible() and button.isEnabled()):
            break
        button.click()
        settle(qtbot)
    return wizard.currentId() == page_id


def usable_controls(wizard) -> dict[str, object]:
    """The enabled, visible controls of the current page and the wizard's own buttons, by a key
    that finds the same control again in a fresh wizard."""
    page = wizard.currentPage()
    found: list = [*page.findChildren(QAbstractButton), *page.findChildren(QComboBox)]
    found += [a for a in page.findChildren(QAction) if a.isVisible() and a.isEnabled()]
    found += [
        wizard.button(which) for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton)
    ]
    closing = {wizard.button(which) for which in CLOSING}
    keyed: dict[str, object] = {}
    seen: Counter = Counter()
    for control in found:
        if control in closing:
            continue
        if not isinstance(control, QAction) and not (control.isVisible() and control.isEnabled()):
            continue
        name = f"{type(control).__name__}:{control.objectName() or control.text()}"
        seen[name] += 1
        checkable = getattr(control, "isCheckable", lambda: False)()
        state = ("=on" if control.isChecked() else "=off") if checkable else ""
        keyed[f"{name}#{seen[name]}{state}"] = control
    return keyed


def activate(qtbot, control) -> None:
    """One use: a click, a trigger, or every entry of a combo box in turn."""
    if isinstance(control, QComboBox):
        for index in [*range(control.count()), control.currentIndex()]:
            control.setCurrentIndex(index)
            settle(qtbot)
    elif isinstance(control, QAction):
        control.trigger()
    else:
        control.click()
    settle(qtbot)


def next_control(controls: dict[str, object], done: set[str]) -> tuple[str, object] | None:
    """The page's controls never used first; then a check box again in its new state, which
    brings it back (both directions are reachable); the wizard's Back and Next last, as they
    leave the page."""
    used = {key.partition("=")[0] for key in done}

    def order(item: tuple[str, object]) -> int:
        key, _control = item
        if WIZARD_BUTTON in key:
            return 2
        return 1 if key.partition("=")[0] in used else 0

    pending = sorted(((k, c) for k, c in controls.items() if k not in done), key=order)
    return pending[0] if pending else None


def write_exported_config(path) -> None:
    from wizard.core.draft import Draft

    draft = Draft()
    draft.choose_provider("custom")
    values = {"mode": "smtp", "host": "localhost", "security": "ssl", "port": 465, "sender": DEMO_USER}
    for name, value in values.items():
        draft.set(name, value)
    config_file.save(path, draft.settings, config_file.Format.JSON)


@pytest.mark.parametrize("mode", ["smtp", "platform"])
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_control_on_every_page_works(qtbot, make_wizard, trouble, ui_language, lang, mode):
    ui_language(lang)
    write_exported_config(trouble.exported)
    used: list[str] = []
    for page_id in PATHS[mode]:
        wizard = open_at(qtbot, make_wizard, lang, mode, page_id, trouble)
        done: set[str] = set()
        while True:
            if wizard.currentId() != page_id and not return_to(qtbot, wizard, page_id):
                wizard = open_at(qtbot, make_wizard, lang, mode, page_id, trouble)
            chosen = next_control(usable_controls(wizard), done)
            if chosen is None:
                break
            key, control = chosen
            done.add(key)
            activate(qtbot, control)
            used.append(f"{page_id.name}/{key}")
            assert trouble.items == [], f"after {page_id.name}/{key}: {trouble.items}"
    assert trouble.items == []
    if mode == "smtp":  # the controls this test exists for are really reached
        assert {"TEST/QPushButton:probeButton#1", "SETTINGS/QComboBox:securityCombo#1"} <= set(used)
