"""``test --confirm-imap``: which mailbox to read after a passed test, and the confirmation itself."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

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
    from wizard.core.delivery import ImapRequest, guess_mailbox  # IMAP code only when asked for

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
        if not args.imap_port.isdigit() or not 0 < int(args.imap_port) < 65536:
            issues.append(Issue("port_range", "imap_port", params={"value": args.imap_port}))
        else:
            port = int(args.imap_port)
    password = None
    if args.imap_password_env:
        password = os.environ.get(args.imap_password_env)
        if password is None:
            params = {"option": "--imap-password-env"}  # the value is not named back: it may be the secret
            issues.append(Issue("password_env_missing", "imap_password", params=params))
    elif guess and guess.reuse_smtp_secret:
        password = settings.smtp.password
    else:
        issues.append(Issue("required", "imap_password"))
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
