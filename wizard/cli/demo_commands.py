"""``demo``: the wizard's local demo mail server without the wizard, to try the command line
(and to train support engineers) on a machine with no real mailbox.

Prints where the servers listen, the CA file that makes their certificate trusted, the demo
login and example commands; runs until Ctrl-C (or SIGTERM), then stops the servers and removes
the CA file. Not in the one-file server build, which leaves the demo server out.
"""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
import threading

from wizard.cli.exit_codes import EXIT_OK
from wizard.cli.output import emit_json, language
from wizard.core.i18n import tr


def example_commands(server, prog: str = "smtp-wizard") -> list[tuple[str, str]]:
    """(what it shows, the command) for the running demo server."""
    from wizard.core.demo import DEMO_PASSWORD, DEMO_USER, DEMO_WRONG_PASSWORD_HINT, SPAM_TRAP

    secret, ca_file = "--password-env DEMO_CODE", shlex.quote(server.ca_file)
    common = (
        f"--host {server.host} --port {server.starttls_port} --security starttls "
        f"--ca-file {ca_file} --sender {DEMO_USER}"
    )
    good, wrong = f"DEMO_CODE={DEMO_PASSWORD} {prog}", f"DEMO_CODE={DEMO_WRONG_PASSWORD_HINT} {prog}"
    imap = f"--imap-host {server.host} --imap-port {server.imap_port} --imap-password-env DEMO_CODE"
    candidates = f"{server.ssl_port}:ssl,{server.starttls_port}:starttls"
    return [
        ("demo.example.pass", f"{good} test {common} --to {DEMO_USER} {secret}"),
        ("demo.example.wrong_code", f"{wrong} test {common} --to {DEMO_USER} {secret}"),
        ("demo.example.spam", f"{good} test {common} --to {SPAM_TRAP} {secret}"),
        ("demo.example.confirm", f"{good} test {common} --to {DEMO_USER} {secret} --confirm-imap {imap}"),
        (
            "demo.example.probe",
            f"{prog} probe --host {server.host} --candidates {candidates} --ca-file {ca_file}",
        ),
    ]


def cmd_demo(args: argparse.Namespace) -> int:
    from wizard.core.demo import DEMO_PASSWORD, DEMO_USER, DemoServer

    lang = language(args)
    stop = threading.Event()
    # Ctrl-C, and SIGTERM (a service manager, `kill`), end the demo: servers stopped, CA removed.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: stop.set())
    with DemoServer() as server:
        examples = example_commands(server)
        if args.json:
            emit_json(
                {
                    "host": server.host,
                    "smtp": [
                        {"port": server.ssl_port, "security": "ssl"},
                        {"port": server.starttls_port, "security": "starttls"},
                    ],
                    "imap": {"port": server.imap_port, "security": "ssl"},
                    "ca_file": server.ca_file,
                    "username": DEMO_USER,
                    "password": DEMO_PASSWORD,
                    "examples": [command for _, command in examples],
                }
            )
        else:
            print(tr("demo.title", lang))
            print(
                tr(
                    "demo.servers",
                    lang,
                    host=server.host,
                    ssl=server.ssl_port,
                    starttls=server.starttls_port,
                    imap=server.imap_port,
                    ca_file=server.ca_file,
                    user=DEMO_USER,
                    code=DEMO_PASSWORD,
                )
            )
            print()
            print(tr("demo.try", lang))
            for key, command in examples:
                print(f"  # {tr(key, lang)}")
                print(f"  {command}")
            print()
            print(tr("demo.stop_hint", lang))
        sys.stdout.flush()
        while not stop.wait(0.5):  # a timeout, so the signal handlers get to run
            pass
    print(tr("demo.stopped", lang), file=sys.stderr)
    return EXIT_OK
