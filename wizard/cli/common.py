"""Shared pieces of the command line: settings options, output, exit codes.

Qt-free by contract (tests/core/test_qt_free.py): servers without a screen run this.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Iterable
from typing import Any

from wizard.core.config_file import ConfigError
from wizard.core.draft import Draft
from wizard.core.i18n import normalize_language, system_language, tr
from wizard.core.validation import Issue, Severity, Validation

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2

# The settings options, in the order they are applied: the encryption before the port (a new
# encryption takes the preset's port for it, an explicit --port then wins), the sender before
# the login (the login follows the sender unless given).
_SETTING_OPTIONS = ("mode", "display_name", "host", "security", "port", "sender", "username")


class InputRejected(Exception):
    """Invalid input: print every issue and exit 2."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = list(issues)
        super().__init__(", ".join(i.code for i in self.issues))


def language(args: argparse.Namespace) -> str:
    return normalize_language(getattr(args, "lang", None) or system_language())


def collect_draft(args: argparse.Namespace) -> Draft:
    """The file (--config), then the preset (--provider), then the explicit options: the later wins."""
    draft = Draft()
    if args.config:
        try:
            draft.load_file(args.config)
        except ConfigError as error:
            raise InputRejected(error.issues) from None
    if args.provider:
        draft.choose_provider(args.provider)
    for name in _SETTING_OPTIONS:
        value = getattr(args, name, None)
        if value is not None:
            draft.set(name, value)
    password = read_password(args)
    if password is not None:
        draft.set("password", password)
    return draft


def read_password(args: argparse.Namespace) -> str | None:
    if args.password_env:
        value = os.environ.get(args.password_env)
        if value is None:
            raise InputRejected(
                [Issue("password_env_missing", "password", params={"name": args.password_env})]
            )
        return value
    if args.password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    return None


def validated(args: argparse.Namespace, *, require_password: bool = False) -> tuple[Validation, Draft]:
    draft = collect_draft(args)
    validation = draft.validation(require_password=require_password)
    if not validation.ok:
        raise InputRejected(validation.issues)
    return validation, draft


def print_issues(issues: Iterable[Issue], lang: str, stream=None) -> None:
    stream = stream or sys.stderr
    prefix = {
        Severity.ERROR: tr("cli.error", lang),
        Severity.WARNING: tr("cli.warning", lang),
        Severity.NOTICE: tr("cli.notice", lang),
    }
    for issue in issues:
        print(f"{prefix[issue.severity]} [{issue.field}] {issue.message(lang)}", file=stream)


def display_width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(1, width - display_width(text))


def emit_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def reject(args: argparse.Namespace, issues: list[Issue]) -> int:
    lang = language(args)
    if getattr(args, "json", False):
        emit_json({"ok": False, "code": "invalid_input", "issues": [i.to_dict(lang) for i in issues]})
    print_issues(issues, lang)
    return EXIT_INVALID
