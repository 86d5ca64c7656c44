"""Regenerate docs/screenshots/*.png: every wizard page in zh_CN at scale 1 and 1.5, and in
English at scale 1 (Detect ports included).

    .venv/bin/python scripts/screenshots.py

Each (language, scale) runs in its own process (Qt reads QT_SCALE_FACTOR once) on a virtual
1366x768 X display with a real window manager (Openbox, tests/support/wm.py) that keeps a
taskbar-sized strip free, so each shot shows the window as a customer sees it: title bar, frame
and all, at the size it gets on such a laptop. Runs the real wizard against the local demo
server and its IMAP side (no real mailbox),
with a loopback DNS server for the sender-domain findings. Chinese text needs a CJK font
(Debian: fonts-wqy-microhei or fonts-noto-cjk); scripts/_setup.sh installs one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
RUNS = (("zh_CN", 1.0), ("zh_CN", 1.5), ("en", 1.0))
SCREEN = (1366, 768)
TASKBAR = {1.0: 40, 1.5: 60}  # device pixels, as Windows' taskbar at 100 % and 150 %
# example.com as a customer domain would often look: SPF without the relay, DMARC enforced.
DEMO_DNS = {
    ("example.com", "TXT"): ['"v=spf1 include:spf.163.com ~all"'],
    ("spf.163.com", "TXT"): ['"v=spf1 ip4:198.51.100.0/24 -all"'],
    ("_dmarc.example.com", "TXT"): ['"v=DMARC1; p=quarantine"'],
    ("example.com", "MX"): ["10 mx.example.com."],
}


def prefix(lang: str, scale: float) -> str:
    return lang if scale == 1.0 else f"{lang}@{scale:g}x"


def settle(app, until=None, timeout: float = 15.0) -> None:
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


def walk(lang: str, scale: float) -> None:
    """Every page, as a user meets it, saved as <prefix>-<n>-<page>.png."""
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from tests.core.dns_server import LocalDns
    from wizard.core.catalog import load_catalog
    from wizard.core.demo import DEMO_PASSWORD, DEMO_USER, REFUSED_RECIPIENT, DemoServer, demo_provider
    from wizard.ui.app import load_translations
    from wizard.ui.pages.ids import PageId
    from wizard.ui.state import WizardState
    from wizard.ui.support_panel import ServerCommandDialog
    from wizard.ui.wizard import SmtpWizard

    app = QApplication(sys.argv[:1])
    load_translations(app, lang)
    tag = prefix(lang, scale)

    def shoot(name: str, widget=None) -> None:
        """A window with its window-manager frame (taken from the screen), or one section of
        it at the size it has."""
        settle(app)
        widget = widget or wizard
        path = OUT / f"{tag}-{name}.png"
        if widget.isWindow():
            frame = widget.frameGeometry()
            image = widget.screen().grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
        else:
            image = widget.grab()
        image.save(str(path))
        print(path.relative_to(ROOT), flush=True)

    # The domain-check section asks a DNS server on loopback, so the shots show real findings.
    with DemoServer() as server, LocalDns(records=DEMO_DNS) as dns:
        os.environ["SMTP_WIZARD_NAMESERVER"] = dns.address
        state = WizardState(lang=lang, catalog=load_catalog().with_extra(demo_provider(server)))
        state.demo, state.ca_file = server, server.ca_file
        wizard = SmtpWizard(state)  # sized for the screen, as at start-up
        wizard.show()
        mode = wizard.page_of(PageId.MODE)
        mode.platform_name.setText("简道云通知")
        shoot("1-mode")
        mode.smtp_radio.setChecked(True)
        wizard.next()
        provider = wizard.page_of(PageId.PROVIDER)
        provider.address.setText("zhangsan@qq.com")
        shoot("2-provider")
        wizard.next()
        shoot("3-auth-code")
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
        settings.advanced_toggle.setChecked(True)
        shoot("4-settings")
        wizard.next()
        test = wizard.page_of(PageId.TEST)

        def finished():
            return not test.tasks.busy and test.property("diagnosisCode")

        test.send_test()
        settle(app, finished)
        shoot("5-test-failed")
        test.fields.password.setText(DEMO_PASSWORD)  # retried in place, as on a support call
        test.fields.password.textEdited.emit(DEMO_PASSWORD)
        # A refusal that gives no reason: the diagnosis is a guess and is shown as one.
        test.recipient.setText(REFUSED_RECIPIENT)
        test.setProperty("diagnosisCode", "")
        test.send_test()
        settle(app, finished)
        shoot("5-test-uncertain")
        test.recipient.setText(DEMO_USER)
        test.setProperty("diagnosisCode", "")
        test.send_test()
        settle(app, finished)
        panel = test.after_pass  # the sender-domain findings arrive right after a pass
        settle(app, lambda: not panel.tasks.busy and "SPF" in panel.domain_label.toPlainText())
        shoot("5-test-passed")
        shoot("5-domain-check", panel)
        panel.tabs.setCurrentIndex(1)
        panel.confirm()
        settle(app, lambda: not panel.tasks.busy and panel.delivery_label.text())
        shoot("5-confirm-delivery", panel)
        dialog = ServerCommandDialog(test.support.server_command(), wizard)
        dialog.show()
        shoot("5-verify-from-server", dialog)
        dialog.close()
        test.run_probe()
        settle(app, lambda: not test.tasks.busy and test.probe.table.rowCount() > 0)
        shoot("5-detect-ports")
        wizard.next()
        export = wizard.page_of(PageId.EXPORT)
        saved = Path(tempfile.gettempdir()) / "smtp-settings.json"  # the path the shots show
        export.save_to(saved)
        shoot("6-export")
        wizard.next()
        shoot("7-done")
        wizard.close()
        saved.unlink(missing_ok=True)  # leave nothing behind in /tmp


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from tests.support.wm import desktop, missing_programs

    if missing_programs():
        sys.exit(f"screenshots need a window manager on Xvfb: apt-get install {' '.join(missing_programs())}")
    OUT.mkdir(parents=True, exist_ok=True)
    for lang, scale in RUNS:
        with tempfile.TemporaryDirectory() as tmp, desktop(Path(tmp), *SCREEN, TASKBAR[scale]) as display:
            env = {
                **display,
                "QT_SCALE_FACTOR": str(scale),
                "XDG_CONFIG_HOME": tmp,  # the unfinished-setup draft stays out of the user's folder
            }
            subprocess.run([sys.executable, __file__, "--walk", lang, str(scale)], env=env, check=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--walk"]:
        walk(sys.argv[2], float(sys.argv[3]))
        sys.exit(0)
    sys.exit(main())
