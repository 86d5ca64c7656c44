"""Start the desktop wizard: language, translations, demo server, crash dialog, --smoke."""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

_STARTED = time.perf_counter()


def parse_args(argv: list[str]) -> argparse.Namespace:
    from wizard.usage import CliParser, cli_language, speaking

    with speaking(cli_language(argv)):  # usage errors in the user's language, as on the CLI
        parser = CliParser(prog="smtp-wizard", description="SMTP setup wizard (the desktop wizard)")
        parser.add_argument("--lang", choices=("zh_CN", "en"), help="UI language (default: the system's)")
        parser.add_argument("--demo", action="store_true", help="start a local demo mail server and use it")
        parser.add_argument(
            "--smoke", action="store_true", help="build the window, print one JSON line, exit"
        )
        parser.add_argument("config", nargs="?", help="an exported configuration to open")
        return parser.parse_args(argv)


# Qt platform plugins that need a display server, and the variable that names it. Any other
# platform (offscreen, minimal, vnc, eglfs, linuxfb ...) draws without one.
_NEEDS = {"xcb": "DISPLAY", "wayland": "WAYLAND_DISPLAY", "wayland-egl": "WAYLAND_DISPLAY"}


def missing_display(environ=os.environ, platform: str = sys.platform) -> bool:
    """True where Qt would fail to open a window (and then blame a missing xcb-cursor0 library):
    a Linux/BSD desktop session is recognized by DISPLAY or WAYLAND_DISPLAY, unless
    QT_QPA_PLATFORM names a platform that needs neither."""
    if platform in ("win32", "darwin", "cygwin"):
        return False
    chosen = [p.split(":")[0].strip() for p in environ.get("QT_QPA_PLATFORM", "").split(";") if p.strip()]
    if any(p not in _NEEDS for p in chosen):
        return False
    needed = {_NEEDS[p] for p in chosen} if chosen else {"DISPLAY", "WAYLAND_DISPLAY"}
    return not any(environ.get(variable) for variable in needed)


def load_translations(app, lang: str) -> list[str]:
    """Qt's own catalog (Back/Next/Cancel) and ours; returns the names that loaded."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from wizard.core.paths import resource

    loaded: list[str] = []
    if lang == "en":
        return loaded
    locale = QLocale(lang)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, directory in (("qtbase", qt_dir), ("smtp_wizard", str(resource("i18n")))):
        translator = QTranslator(app)  # parented: kept alive as long as the app
        if translator.load(locale, name, "_", directory):
            app.installTranslator(translator)
            loaded.append(name)
        else:
            print(f"note: translation {name}_{lang} not found in {directory}", file=sys.stderr)
    return loaded


def install_excepthook(wizard) -> None:
    import traceback

    def hook(kind, value, tb):
        wizard.show_error("".join(traceback.format_exception(kind, value, tb)))

    sys.excepthook = hook


class _KeyringProbe(threading.Thread):
    """keyring's backend discovery takes ~0.2 s; do it beside the window, not before it."""

    backend = "unknown"

    def run(self) -> None:
        from wizard.core import credentials

        self.backend = credentials.backend_status().backend


def _start_keyring_probe() -> _KeyringProbe:
    probe = _KeyringProbe(daemon=True)
    probe.start()
    return probe


def create_wizard(state):
    """The main window, ready to show; shared by run_gui and the benchmarks."""
    import gc

    from PySide6.QtCore import QTimer

    from wizard.ui.wizard import SmtpWizard

    wizard = SmtpWizard(state)
    install_excepthook(wizard)
    # Everything built so far lives as long as the window. Freezing it keeps the cyclic
    # garbage collector from walking it again: full collections otherwise stall the GUI
    # thread for ~40 ms in the middle of a test (benchmarks/responsiveness.py).
    QTimer.singleShot(0, gc.freeze)
    wizard.pageAdded.connect(lambda _id: QTimer.singleShot(0, gc.freeze))  # pages built on first visit
    return wizard


def _quit_on_signals(app) -> None:
    """SIGTERM and Ctrl-C in the terminal quit the app cleanly (aboutToQuit stops the demo
    server and removes its CA file) instead of killing it. Python runs signal handlers only
    between bytecodes, so a timer wakes the interpreter while Qt's loop waits."""
    import signal

    from PySide6.QtCore import QTimer

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: app.quit())
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(250)


def run_gui(argv: list[str]) -> int:
    args = parse_args(argv)
    from wizard.core.i18n import normalize_language, system_language

    if missing_display():
        # Before Qt starts: its own message ("xcb-cursor0 is needed") sends people hunting libraries.
        from wizard.core.i18n import tr as core_text  # a core message, not a Qt one (lupdate)

        lang = normalize_language(args.lang or system_language())
        print(core_text("gui.no_display", lang), file=sys.stderr)
        return 1
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from wizard.core.catalog import load_catalog
    from wizard.ui.state import WizardState

    if args.config and not Path(args.config).is_file():
        print(f"smtp-wizard: {args.config}: no such file", file=sys.stderr)
        return 2
    keyring_probe = _start_keyring_probe() if args.smoke else None
    lang = normalize_language(args.lang or system_language())
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("smtp-wizard")
    from PySide6.QtGui import QIcon

    from wizard.core.paths import resource

    app.setWindowIcon(QIcon(str(resource("icons", "app.png"))))
    app.setApplicationDisplayName("邮件服务集成向导" if lang == "zh_CN" else "Mail service setup wizard")
    translations = load_translations(app, lang)

    state = WizardState(lang=lang, catalog=load_catalog())
    if args.demo:
        from wizard.core.demo import DemoServer, demo_provider

        server = DemoServer()
        server.start()
        app.aboutToQuit.connect(server.stop)
        state.demo, state.ca_file = server, server.ca_file
        state.catalog = state.catalog.with_extra(demo_provider(server))
    wizard = create_wizard(state)
    _quit_on_signals(app)
    if args.config and not args.smoke:  # --smoke checks start-up only; a dialog would block it
        wizard.show()
        wizard.page_of(wizard.startId()).load_config(Path(args.config))

    if args.smoke:

        class FirstPaint(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint and not getattr(self, "done", False):
                    self.done = True
                    QTimer.singleShot(0, report)
                return False

        def report():
            ready_ms = round((time.perf_counter() - _STARTED) * 1000)
            keyring_probe.join(10)
            print(
                json.dumps(
                    {
                        "ready_ms": ready_ms,
                        "language": lang,
                        "keyring_backend": keyring_probe.backend,
                        "translations": translations,
                        "demo": bool(args.demo),
                    }
                ),
                flush=True,
            )
            app.quit()

        painter = FirstPaint(wizard)
        wizard.installEventFilter(painter)
    elif not args.config:
        from wizard.ui.unfinished import offer_draft

        QTimer.singleShot(0, lambda: offer_draft(wizard))
    wizard.show()
    return app.exec()
