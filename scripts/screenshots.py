"""Regenerate docs/screenshots/*.png: every wizard page in zh_CN, and the key ones in English
(Detect ports in both).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py

Runs the real wizard against the local demo server (no real mailbox). Chinese text needs a CJK
font (Debian: fonts-wqy-microhei or fonts-noto-cjk); scripts/_setup.sh installs one.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"

from PySide6.QtWidgets import QApplication  # noqa: E402

from wizard.core.catalog import load_catalog  # noqa: E402
from wizard.core.demo import DEMO_PASSWORD, DEMO_USER, DemoServer, demo_provider  # noqa: E402
from wizard.ui.app import load_translations  # noqa: E402
from wizard.ui.pages.ids import PageId  # noqa: E402
from wizard.ui.state import WizardState  # noqa: E402
from wizard.ui.wizard import SmtpWizard  # noqa: E402


def settle(app: QApplication, until=None, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if until is None or until():
            if until is None:
                time.sleep(0.05)
                app.processEvents()
            return
        time.sleep(0.02)
    raise TimeoutError("the wizard did not get there in time")


def shoot(app: QApplication, wizard: SmtpWizard, name: str) -> None:
    settle(app)
    path = OUT / f"{name}.png"
    wizard.grab().save(str(path))
    print(path.relative_to(ROOT))


def walk(app: QApplication, server: DemoServer, lang: str, full: bool) -> None:
    state = WizardState(lang=lang, catalog=load_catalog().with_extra(demo_provider(server)))
    state.demo, state.ca_file = server, server.ca_file
    wizard = SmtpWizard(state)
    wizard.resize(820, 680)
    wizard.show()
    tag = lang
    mode = wizard.page_of(PageId.MODE)
    if full:
        mode.platform_name.setText("简道云通知")
        shoot(app, wizard, f"{tag}-1-mode")
    mode.smtp_radio.setChecked(True)
    wizard.next()
    provider = wizard.page_of(PageId.PROVIDER)
    provider.address.setText("zhangsan@qq.com")
    shoot(app, wizard, f"{tag}-2-provider")
    wizard.next()
    shoot(app, wizard, f"{tag}-3-auth-code")
    wizard.back()
    provider.address.setText("")
    provider.search.setText("demo" if lang == "en" else "演示")
    provider.select("demo")
    wizard.next()
    wizard.next()
    settings = wizard.page_of(PageId.SETTINGS)
    settings.sender.setText(DEMO_USER)
    settings.password.setText("my-web-password")
    settings.display_name.setText("运维中心")
    settle(app, lambda: "…" not in settings.keyring_status.text())
    if full:
        settings.advanced_toggle.setChecked(True)
        shoot(app, wizard, f"{tag}-4-settings")
    wizard.next()
    test = wizard.page_of(PageId.TEST)

    def finished():
        return not test.tasks.busy and test.property("diagnosisCode")

    test.send_test()
    settle(app, finished)
    shoot(app, wizard, f"{tag}-5-test-failed")
    if not full:
        detect_ports(app, wizard, tag)
        return
    wizard.back()
    settings.password.setText(DEMO_PASSWORD)
    wizard.next()
    test.setProperty("diagnosisCode", "")
    test.send_test()
    settle(app, finished)
    shoot(app, wizard, f"{tag}-5-test-passed")
    detect_ports(app, wizard, tag)
    wizard.next()
    shoot(app, wizard, f"{tag}-6-export")
    wizard.next()
    shoot(app, wizard, f"{tag}-7-done")
    wizard.close()


def detect_ports(app: QApplication, wizard: SmtpWizard, tag: str) -> None:
    test = wizard.page_of(PageId.TEST)
    test.run_probe()
    settle(app, lambda: not test.tasks.busy and test.probe.table.rowCount() > 0)
    shoot(app, wizard, f"{tag}-5-detect-ports")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    with DemoServer() as server:
        load_translations(app, "zh_CN")
        walk(app, server, "zh_CN", full=True)
        from PySide6.QtCore import QTranslator

        for translator in app.findChildren(QTranslator):
            app.removeTranslator(translator)
        walk(app, server, "en", full=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
