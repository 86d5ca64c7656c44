"""The settings a command works on, from its options: the file, the preset, the explicit
values and the password (from an environment variable or stdin, never an argument)."""

from __future__ import annotations

import argparse
import os
import sys

from wizard.cli.output import InputRejected, language
from wizard.core.draft import Draft
from wizard.core.i18n import tr
from wizard.core.validation import Issue, Validation

MAX_SECRET = 4096  # characters; app passwords and API keys are far shorter

# The settings options, in the order they are applied: the encryption before the port (a new
# encryption takes the preset's port for it while the port is still a preset's default, an
# explicit --port then wins), the sender before the login (the login follows the sender unless given).
_SETTING_OPTIONS = ("mode", "display_name", "host", "security", "port", "sender", "username")


def collect_draft(args: argparse.Namespace) -> Draft:
    """The file (--config), then the preset (--provider), then the explicit options: the later wins."""
    draft = Draft()
    if args.config:
        from wizard.core.config_file import ConfigError  # not imported by commands without a file

        try:
            draft.load_file(args.config)
        except ConfigError as error:
            raise InputRejected(error.issues) from None
    if args.provider:
        draft.choose_provider(args.provider)
    values = {name: getattr(args, name, None) for name in _SETTING_OPTIONS}
    values["password"] = read_password(args)
    refused = [Issue("not_utf8", name) for name, value in values.items() if undecodable(value)]
    if refused:
        raise InputRejected(refused)
    for name, value in values.items():
        if value is not None:
            draft.set(name, value)
    return draft


def undecodable(value: object) -> bool:
    """Text the system handed over with bytes that are not UTF-8 (kept by Python as surrogates
    U+DC80..U+DCFF): it cannot be encoded for the wire, a file or the keyring."""
    return isinstance(value, str) and any("\udc80" <= ch <= "\udcff" for ch in value)


def read_password(args: argparse.Namespace) -> str | None:
    if args.password_env:
        value = os.environ.get(args.password_env)
        if value is None:  # not named back: a common slip is the code itself instead of a name
            raise InputRejected(
                [Issue("password_env_missing", "password", params={"option": "--password-env"})]
            )
        return value
    if args.password_stdin:
        if sys.stdin.isatty():  # typed by a person: do not echo it onto the screen
            import getpass

            line = getpass.getpass(tr("cli.password_prompt", language(args)))
        else:
            try:
                line = sys.stdin.readline(MAX_SECRET + 2)  # bounded: stdin may be /dev/zero
            except UnicodeDecodeError:  # a strict stdin: not UTF-8 text
                raise InputRejected([Issue("not_utf8", "password")]) from None
        if len(line.rstrip("\r\n")) > MAX_SECRET:
            raise InputRejected([Issue("too_long", "password", params={"max": MAX_SECRET})])
        return line.rstrip("\r\n")
    return None


def validated(args: argparse.Namespace, *, require_password: bool = False) -> tuple[Validation, Draft]:
    draft = collect_draft(args)
    validation = draft.validation(require_password=require_password)
    if not validation.ok:
        raise InputRejected(validation.issues)
    return validation, draft
