"""Option builders shared by the subcommand parsers.

Deliberately light (argparse only): building the parser must not import the core, so
`smtp-wizard providers` never loads the engine and `smtp-wizard test` never loads export code.
"""

from __future__ import annotations

import argparse


class _RefusePassword(argparse.Action):
    def __call__(self, parser, namespace, values, option_string=None):
        parser.error(
            "--password is not accepted: command lines are visible to other users and kept in shell history. "
            "Use --password-env NAME or --password-stdin. / 不接受 --password:"
            "命令行参数会被其他用户看到并留在历史记录里,请改用 --password-env 或 --password-stdin。"
        )


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    parser.add_argument("--lang", choices=("zh_CN", "en"), help="language of messages (default: system)")


def add_settings_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("settings")
    group.add_argument("--config", metavar="FILE", help="an exported file (JSON or .env) as the base")
    group.add_argument(
        "--provider", metavar="ID", help="provider preset: fills host, port, security, account"
    )
    group.add_argument("--mode", choices=("smtp", "platform"))
    group.add_argument("--host", metavar="HOST")
    group.add_argument("--port", metavar="PORT")
    group.add_argument("--security", metavar="ssl|starttls|none")
    group.add_argument(
        "--username", metavar="ACCOUNT", help="login account (default: from the provider rule)"
    )
    group.add_argument("--sender", metavar="ADDRESS")
    group.add_argument("--display-name", metavar="NAME")
    add_password_options(group)


def add_password_options(group) -> None:
    """Where the password comes from, the same for every command that logs in (test, probe, ...).

    A password in argv leaks into `ps` and shell history: --password is refused with a reason, and
    is declared, so it is never taken as an ambiguous abbreviation of --password-env."""
    group.add_argument("--password", action=_RefusePassword, help=argparse.SUPPRESS)
    secret = group.add_mutually_exclusive_group()
    secret.add_argument(
        "--password-env", metavar="NAME", help="read the password from this environment variable"
    )
    secret.add_argument("--password-stdin", action="store_true", help="read the password from standard input")


def add_tls_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ca-file", metavar="FILE", help="extra CA certificate (PEM) for a private server")
    parser.add_argument(
        "--trust-fingerprint",
        metavar="SHA256",
        help="trust exactly this server certificate (SHA-256 of its DER form)",
    )


def add_confirm_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("delivery confirmation")
    group.add_argument(
        "--confirm-imap",
        action="store_true",
        help="after a pass, look for the test mail over IMAP in the recipient's inbox and junk folder",
    )
    group.add_argument("--imap-host", metavar="HOST", help="default: the recipient provider's IMAP server")
    group.add_argument("--imap-port", metavar="PORT", help="default 993 (ssl); 143 means starttls")
    group.add_argument("--imap-username", metavar="ACCOUNT", help="default: the recipient address")
    group.add_argument(
        "--imap-password-env",
        metavar="NAME",
        help="the IMAP password from this variable (default: the SMTP one for a test sent to itself)",
    )
    group.add_argument("--confirm-timeout", metavar="SECONDS", help="how long to wait (default 120)")
