"""The command-line grammar. Handlers are named, not imported: ``run`` imports only the module
of the command actually used, which keeps `smtp-wizard test` quick to start."""

from __future__ import annotations

import argparse

from wizard import APP_NAME, __version__
from wizard.cli.check_options import register_check_command
from wizard.cli.options import (
    add_confirm_options,
    add_output_options,
    add_password_options,
    add_settings_options,
    add_tls_options,
)
from wizard.usage import CliParser

COMMANDS = ("providers", "detect", "check-domain", "validate", "export", "test", "probe", "check", "demo")


DESCRIPTION = (
    "SMTP setup wizard. Without a command the desktop wizard opens; --lang and --json may come "
    "before or after the command."
)
# The one-file server build (build-cli.spec) has no desktop wizard: it names itself for what it is.
SERVER_DESCRIPTION = (
    "The command line of the SMTP setup wizard, for servers: test, probe, detect and export "
    "mail settings from where the mail will be sent. --lang and --json may come before or after "
    "the command."
)


def build_parser(*, server: bool = False) -> argparse.ArgumentParser:
    """The whole grammar; ``server``: as the one-file ``smtp-wizard-cli`` names and describes itself."""
    prog = f"{APP_NAME}-cli" if server else APP_NAME
    parser = CliParser(
        prog=prog, allow_abbrev=False, description=SERVER_DESCRIPTION if server else DESCRIPTION
    )
    parser.add_argument("--version", action="version", version=f"{prog} {__version__}")
    add_output_options(parser)  # accepted before the command too (moved after it by run)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    register_config_commands(subparsers)
    register_send_commands(subparsers)
    register_check_command(subparsers, add_domain_check_options)
    if not server:  # the server build leaves the demo server (aiosmtpd, trustme) out
        register_demo_command(subparsers)
    return parser


def register_demo_command(subparsers) -> None:
    p = subparsers.add_parser(
        "demo", allow_abbrev=False, help="start the local demo mail server, to try the command line"
    )
    add_output_options(p)
    p.set_defaults(handler="demo_commands:cmd_demo")


def register_config_commands(subparsers) -> None:
    p = subparsers.add_parser("providers", allow_abbrev=False, help="list the provider presets")
    add_output_options(p)
    p.set_defaults(handler="provider_commands:cmd_providers")

    p = subparsers.add_parser(
        "detect",
        allow_abbrev=False,
        help="find the provider of an address (domain, MX, SPF, CNAME, autoconfig, ISPDB, guess)",
    )
    p.add_argument("address")
    p.add_argument("--nameserver", metavar="HOST[:PORT]", help="DNS server to ask (default: the system's)")
    p.add_argument(
        "--timeout",
        type=float,
        default=8.0,
        help="time for all detection steps together, seconds (default 8)",
    )
    p.add_argument(
        "--no-guess", action="store_true", help="do not probe smtp./mail./<domain> when nothing else answers"
    )
    add_output_options(p)
    p.set_defaults(handler="domain_commands:cmd_detect")

    p = subparsers.add_parser(
        "check-domain",
        allow_abbrev=False,
        help="will mail from this address be trusted? SPF, DMARC, DKIM of its domain, MX of the recipient",
    )
    p.add_argument("address", help="the sender address")
    add_domain_check_options(p)
    p.add_argument("--relay", metavar="HOST", help="the SMTP server (a preset host or your own)")
    p.add_argument("--to", metavar="ADDRESS", help="also check that the recipient's domain has MX records")
    p.add_argument("--timeout", type=float, default=15.0, help="DNS time limit in seconds (default 15)")
    add_output_options(p)
    p.set_defaults(handler="domain_commands:cmd_check_domain")

    p = subparsers.add_parser("validate", allow_abbrev=False, help="check settings and show them normalized")
    add_settings_options(p)
    p.add_argument("--require-password", action="store_true")
    add_output_options(p)
    p.set_defaults(handler="config_commands:cmd_validate")

    p = subparsers.add_parser(
        "export", allow_abbrev=False, help="write the configuration for the admin backend"
    )
    add_settings_options(p)
    p.add_argument("--out", required=True, metavar="FILE", help="the file to write; - for standard output")
    p.add_argument("--format", choices=["json", "env", "sheet"], help="default: from the file name")
    p.add_argument(
        "--include-password", action="store_true", help="write the password too (file becomes owner-only)"
    )
    add_output_options(p)
    p.set_defaults(handler="config_commands:cmd_export")


def add_domain_check_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--nameserver", metavar="HOST[:PORT]", help="DNS server to ask (default: the system's)"
    )
    parser.add_argument(
        "--dkim-selector", metavar="SELECTOR", help="check the DKIM record <selector>._domainkey.<domain>"
    )


def register_send_commands(subparsers) -> None:
    test = subparsers.add_parser(
        "test",
        help="live test: connect, log in and send a test mail",
        description="send a test mail with the given settings",
    )
    test.add_argument("--to", metavar="ADDRESS", help="recipient of the test mail")
    add_settings_options(test)
    add_tls_options(test)
    test.add_argument("--timeout", metavar="SECONDS", help="overall time limit (default 60)")
    test.add_argument(
        "--connect-timeout", metavar="SECONDS", help="time limit to connect and greet (default 10)"
    )
    test.add_argument("--login-only", action="store_true", help="stop after the login; send nothing")
    test.add_argument(
        "--no-auth",
        action="store_true",
        help="the server takes mail without a login (an internal relay): test without a password",
    )
    test.add_argument(
        "--allow-plaintext-auth",
        action="store_true",
        help="allow sending the password without encryption (security none)",
    )
    test.add_argument(
        "--probe-on-failure",
        action="store_true",
        help="after a port/encryption failure, probe the host and suggest what works",
    )
    test.add_argument(
        "--ehlo",
        metavar="NAME",
        help="name to give in EHLO: this machine's FQDN or an address literal such as [10.0.0.5] "
        "(default: the FQDN if the host name has a dot, else the local address)",
    )
    test.add_argument("--transcript", action="store_true", help="print the (redacted) SMTP conversation")
    test.add_argument(
        "--check-domain",
        action="store_true",
        help="after a pass, check the sender domain's SPF/DMARC/DKIM and the recipient's MX",
    )
    add_domain_check_options(test)
    add_confirm_options(test)
    test.add_argument(
        "--report",
        metavar="FILE",
        help="write a support report (.md or .html; - prints Markdown): settings without the password, "
        "stages, transcript",
    )
    add_output_options(test)
    test.set_defaults(handler="send_commands:cmd_test")

    probe_parser = subparsers.add_parser(
        "probe",
        help="find which port and encryption work for a host",
        description="probe ports and encryption",
    )
    probe_parser.add_argument("--host", required=True, metavar="HOST")
    probe_parser.add_argument(
        "--candidates",
        "--port-list",
        dest="candidates",
        metavar="PORT:SEC,...",
        help="e.g. 465:ssl,587:starttls (default: the provider's, else common pairs)",
    )
    probe_parser.add_argument("--provider", metavar="ID", help="use this provider's ports as candidates")
    probe_parser.add_argument("--timeout", metavar="SECONDS", help="time limit per candidate (default 5)")
    add_tls_options(probe_parser)
    probe_parser.add_argument("--username", metavar="ACCOUNT", help="with a password: try to log in")
    add_password_options(probe_parser)
    add_output_options(probe_parser)
    probe_parser.set_defaults(handler="send_commands:cmd_probe")
