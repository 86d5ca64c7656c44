"""``test --confirm-imap``: which mailbox to read after a passed test, and the confirmation itself."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from wizard.cli.settings_input import undecodable
from wizard.core.addresses import InputError, normalize_host
from wizard.core.catalog import load_catalog
from wizard.core.settings import MailSettings, Security
from wizard.core.validation import Issue

if TYPE_CHECKING:
    from wizard.core.delivery import ImapRequest

DEFAULT_CONFIRM_TIMEOUT = 120.0


def imap_request(
    args: argparse.Namespace,
    settings: MailSettings,
    recipient: str,
    ca_file: str | None,
    timeout: float,
    issues: list[Issue],
) -> ImapRequest | None:
    """The IMAP side, checked before anything is sent; problems go to ``issues`` (exit 2)."""
    if not args.confirm_imap:
        return None
    from wizard.core.delivery import ImapRequest, guess_mailbox, may_reuse_smtp_secret  # only when asked

    guess = guess_mailbox(settings, recipient, load_catalog())
    host = args.imap_host or (guess.host if guess else "")
    if args.imap_host:
        try:
            host = normalize_host(args.imap_host)
        except InputError as error:
            host = ""
            issues.append(Issue(error.code, "imap_host"))
    if not host and not args.imap_host:
        issues.append(Issue("required", "imap_host"))
    port = guess.port if guess and not args.imap_port else 993
    if args.imap_port:
        text = args.imap_port
        if not (text.isascii() and text.isdigit() and len(text) <= 5 and 0 < int(text) < 65536):
            issues.append(Issue("port_range", "imap_port", params={"value": text[:20]}))
        else:
            port = int(args.imap_port)
    password = None
    if args.imap_password_env:
        password = os.environ.get(args.imap_password_env)
        if undecodable(password):
            password = None
            issues.append(Issue("not_utf8", "imap_password"))
        elif password is None:
            params = {"option": "--imap-password-env"}  # the value is not named back: it may be the secret
            issues.append(Issue("password_env_missing", "imap_password", params=params))
    elif may_reuse_smtp_secret(guess, host, port):
        password = settings.smtp.password
    else:
        issues.append(Issue("required", "imap_password"))
    if undecodable(args.imap_username):
        issues.append(Issue("not_utf8", "imap_username"))
        return None
    if password is None or not host:
        return None
    security = Security.STARTTLS if port == 143 else Security.SSL
    if guess and not args.imap_port and not args.imap_host:
        security = guess.security
    return ImapRequest(
        host=host,
        port=port,
        security=security,
        username=args.imap_username or recipient,
        password=password,
        message_id="",  # known after the send
        timeout=timeout,
        ca_file=ca_file,
    )
