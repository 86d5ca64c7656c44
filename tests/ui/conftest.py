"""Fixtures for the wizard tests: offscreen Qt, an isolated keyring, a real demo mail server."""

from __future__ import annotations

import os

import keyring
import pytest

from tests.support.keyring import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QThreadPool

from wizard.core.catalog import load_catalog
from wizard.core.demo import DemoServer, demo_provider
from wizard.ui.pages.ids import PageId
from wizard.ui.state import WizardState
from wizard.ui.wizard import SmtpWizard


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _no_real_keyring(memory_keyring):
    """Every UI test gets a private keyring unless it installs another one."""
    yield


@pytest.fixture(autouse=True)
def _private_config_folder(tmp_path, monkeypatch):
    """Drafts of unfinished setups go to QStandardPaths' config folder: a fresh one per test."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    yield tmp_path / "config"


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    """The app loads .qm files, which are built, not committed: build them if missing."""
    from wizard.core.paths import resource

    if not resource("i18n", "smtp_wizard_zh_CN.qm").exists():
        import subprocess
        import sys

        script = resource("..", "scripts", "build_translations.py")
        subprocess.run([sys.executable, str(script), "--release"], check=True)


@pytest.fixture(scope="session")
def demo_server():
    server = DemoServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def make_wizard(qtbot, demo_server):
    created = []

    def make(lang: str = "en", *, demo: bool = True) -> SmtpWizard:
        catalog = load_catalog()
        state = WizardState(lang=lang, catalog=catalog)
        if demo:
            state.demo, state.ca_file = demo_server, demo_server.ca_file
            state.catalog = catalog.with_extra(demo_provider(demo_server))
        wizard = SmtpWizard(state)
        # closing at teardown must not ask "discard this setup?": forget what the test typed first
        qtbot.addWidget(wizard, before_close_func=lambda w: w.state.draft.restore({}))
        wizard.show()
        created.append(wizard)
        return wizard

    yield make
    for wizard in created:
        test_page = wizard.page(PageId.TEST)  # None when the test never reached it
        if test_page is not None and test_page.cancel_token:
            test_page.cancel_token.cancel()
    QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(10)  # deliver the last queued results while the widgets still exist


@pytest.fixture
def ui_language(qapp):
    """``ui_language("zh_CN")`` installs the app's translations (ours and Qt's) for one test."""
    from PySide6.QtCore import QTranslator

    from wizard.ui.app import load_translations

    yield lambda lang: load_translations(qapp, lang)
    for translator in qapp.findChildren(QTranslator):
        qapp.removeTranslator(translator)
        translator.deleteLater()
