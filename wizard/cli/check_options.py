"""The grammar of ``check`` (argparse only, like ``options``: building it imports no core)."""

from __future__ import annotations

import argparse

from wizard.cli.options import add_confirm_options, add_output_options, add_settings_options, add_tls_options


def register_check_command(subparsers, add_domain_check_options) -> None:
    p = subparsers.add_parser(
        "check",
        allow_abbrev=False,
        help="scheduled check: connect, TLS, login (nothing sent), sender domain, provider notices",
        description="定期检查 / scheduled check: what broke, since when, and what to do. "
        "Exit codes: 0 OK, 1 problem, 2 invalid input; with --nagios 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.",
    )
    add_settings_options(p)
    secret = p.add_argument_group("password (besides --password-env and --password-stdin)")
    secret.add_argument(
        "--password-file", metavar="FILE", help="read it from a file only its owner may read (chmod 600)"
    )
    secret.add_argument(
        "--password-keyring",
        action="store_true",
        help="read it from the system keyring (saved by the wizard)",
    )
    add_tls_options(p)
    p.add_argument("--timeout", metavar="SECONDS", help="overall time limit (default 60)")
    p.add_argument(
        "--connect-timeout", metavar="SECONDS", help="time limit to connect and greet (default 10)"
    )
    p.add_argument("--ehlo", metavar="NAME", help="name to give in EHLO (as in `test`)")
    p.add_argument(
        "--allow-plaintext-auth", action="store_true", help="allow the password without encryption"
    )
    p.add_argument("--send-to", metavar="ADDRESS", help="also send a real test mail to this address")
    add_confirm_options(p)
    add_domain_check_options(p)
    p.add_argument("--no-domain-check", action="store_true", help="skip the sender domain's SPF/DMARC/DKIM")
    p.add_argument(
        "--state", metavar="FILE", help="where the last results are kept (default: next to --config)"
    )
    limits = p.add_argument_group("thresholds")
    limits.add_argument("--cert-warn-days", type=float, default=30.0, metavar="DAYS", help="default 30")
    limits.add_argument("--cert-crit-days", type=float, default=7.0, metavar="DAYS", help="default 7")
    limits.add_argument(
        "--latency-warn-ms", type=int, default=3000, metavar="MS", help="connect or login; default 3000"
    )
    limits.add_argument("--latency-crit-ms", type=int, default=10000, metavar="MS", help="default 10000")
    output = p.add_argument_group("output")
    output.add_argument("--nagios", action="store_true", help="one Nagios/Icinga status line with perfdata")
    output.add_argument("--prometheus", metavar="FILE", help="write node_exporter textfile metrics (.prom)")
    add_output_options(p)
    timer = p.add_argument_group("schedule")
    timer.add_argument(
        "--install-timer",
        action="store_true",
        help="print a systemd service + timer running this check hourly",
    )
    timer.add_argument(
        "--write", action="store_true", help="with --install-timer: install them for this user"
    )
    timer.add_argument("--unit-name", default="smtp-wizard-check", metavar="NAME", help=argparse.SUPPRESS)
    timer.add_argument(
        "--credential-file",
        metavar="FILE",
        help="the password file LoadCredential= reads (default ~/.config/smtp-wizard/smtp-password)",
    )
    timer.add_argument("--program", metavar="COMMAND", help=argparse.SUPPRESS)
    p.set_defaults(handler="check_command:cmd_check")
