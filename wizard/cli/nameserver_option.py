"""``--nameserver`` (or SMTP_WIZARD_NAMESERVER): a DNS server's IP address, checked before any
question is asked, so a host name or ``abc`` is an input error (exit 2), never a traceback."""

from __future__ import annotations

import argparse
import os

from wizard.core.addresses import InputError
from wizard.core.nameserver import NAMESERVER_ENV, parse_nameserver
from wizard.core.validation import Issue


def nameserver_issues(args: argparse.Namespace) -> list[Issue]:
    value = (getattr(args, "nameserver", None) or os.environ.get(NAMESERVER_ENV, "")).strip()
    if not value:
        return []
    try:
        parse_nameserver(value)
    except InputError as error:
        return [Issue(error.code, "nameserver")]
    return []
