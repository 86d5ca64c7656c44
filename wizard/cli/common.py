"""Shared pieces of the command line: settings options, output, exit codes.

Qt-free by contract (tests/core/test_qt_free.py): servers without a screen run this.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable
from typing import Any, NoReturn

from wizard.core.catalog import load_catalog
from wizard.core.i18n import normalize_language, system_language, tr
from wizard.core.validation import Issue, Severity, Validation, apply_provider, validate

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2
MAX_SECRET = 4096  # characters; app passwords and API keys are far shorter

_SETTING_OPTIONS = {
    "mode": "mode",
    "display_name": "display_name",
    "host": "host",
    "port": "port",
    "security": "security",
    "username": "username",
    "sender": "sender",
}


class InputRejected(Exception):
    """Invalid input: print every issue and exit 2."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = list(issues)
        super().__init__(", ".join(i.code for i in self.issues))


def language(args: argparse.Namespace) -> str:
    return normalize_language(getattr(args, "lang", None) or system_language())


def collect_draft(args: argparse.Namespace) -> tuple[dict[str, Any], Any]:
    """Merge --config, --provider and the explicit options (explicit wins).

    Returns the draft and the file's raw Draft (None without --config).
    """
    base = None
    draft: dict[str, Any] = {}
    if args.config:
        from wizard.core import config_file  # only when a file is given: keeps `test` start-up lean

        try:
            base = config_file.read_draft(args.config)
        except config_file.ConfigError as error:
            raise InputRejected(error.issues) from None
        draft.update(base.values)
        if args.provider:  # a new preset replaces the file's server values
            for name in ("host", "port", "security", "username"):
                draft.pop(name, None)
    for option, name in _SETTING_OPTIONS.items():
        value = getattr(args, option, None)
        if value is not None:
            draft[name] = value
    password = read_password(args)
    if password is not None:
        draft["password"] = password
    if args.provider:
        provider = load_catalog().find(args.provider.strip().lower())
        if provider is None:
            draft["provider"] = args.provider
        else:
            draft = apply_provider(draft, provider)
    return draft, base


def read_password(args: argparse.Namespace) -> str | None:
    if args.password_env:
        value = os.environ.get(args.password_env)
        if value is None:
            raise InputRejected(
                [Issue("password_env_missing", "password", params={"name": args.password_env})]
            )
        return value
    if args.password_stdin:
        line = sys.stdin.readline(MAX_SECRET + 2)  # bounded: stdin may be /dev/zero
        if len(line.rstrip("\r\n")) > MAX_SECRET:
            raise InputRejected([Issue("too_long", "password", params={"max": MAX_SECRET})])
        return line.rstrip("\r\n")
    return None


def validated(args: argparse.Namespace, *, require_password: bool = False) -> tuple[Validation, Any]:
    draft, base = collect_draft(args)
    validation = validate(draft, require_password=require_password)
    if not validation.ok:
        raise InputRejected(validation.issues)
    return validation, base


def print_issues(issues: Iterable[Issue], lang: str, stream=None) -> None:
    stream = stream or sys.stderr
    prefix = {
        Severity.ERROR: tr("cli.error", lang),
        Severity.WARNING: tr("cli.warning", lang),
        Severity.NOTICE: tr("cli.notice", lang),
    }
    for issue in issues:
        print(f"{prefix[issue.severity]} [{issue.field}] {visible(issue.message(lang))}", file=stream)


# Control characters (C0 with CR/LF/TAB/ESC, DEL, C1 such as CSI U+009B), line/paragraph separators
# and format characters (bidi overrides, zero-width): a server, a DNS answer or a file could use
# them to clear the screen, retitle the terminal, reorder text or print a fake "Test passed" line.
_INVISIBLE = r"\x7f-\x9f\u2028\u2029\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
_UNSAFE = re.compile(rf"[\x00-\x1f{_INVISIBLE}]")
_UNSAFE_IN_JSON = re.compile(rf"[{_INVISIBLE}]")  # json.dumps escapes C0 itself; the rest it leaves


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object) -> str:
    """Text safe for a terminal: every control or invisible character as a visible escape."""
    return _UNSAFE.sub(_escape, str(text))


def display_width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(1, width - display_width(text))


def emit_json(document: Any) -> None:
    """JSON escapes C0 controls itself; C1 controls and invisible characters are escaped too."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    sys.stdout.write(_UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def reject(args: argparse.Namespace, issues: list[Issue]) -> int:
    lang = language(args)
    if getattr(args, "json", False):
        emit_json({"ok": False, "code": "invalid_input", "issues": [i.to_dict(lang) for i in issues]})
    print_issues(issues, lang)
    return EXIT_INVALID


def fail(message: str) -> NoReturn:
    print(message, file=sys.stderr)
    raise SystemExit(EXIT_FAILED)
