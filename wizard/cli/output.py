"""What every command shares: exit codes, the language, terminal-safe text, JSON, refusals.

Light on purpose (no settings model, no engine): ``providers`` and the refusal path import only
this. Qt-free by contract (tests/core/test_qt_free.py): servers without a screen run it.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from wizard.cli.exit_codes import EXIT_INVALID
from wizard.core.i18n import normalize_language, system_language, tr
from wizard.core.terminal_text import UNSAFE_IN_JSON, visible

if TYPE_CHECKING:
    from wizard.core.validation import Issue


class InputRejected(Exception):
    """Invalid input: print every issue and exit 2."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = list(issues)
        super().__init__(", ".join(i.code for i in self.issues))


def language(args: argparse.Namespace) -> str:
    return normalize_language(getattr(args, "lang", None) or system_language())


def print_issues(issues: Iterable[Issue], lang: str, stream=None) -> None:
    stream = stream or sys.stderr
    prefix = {  # Severity values: the validation model is not imported by commands without settings
        "error": tr("cli.error", lang),
        "warning": tr("cli.warning", lang),
        "notice": tr("cli.notice", lang),
    }
    for issue in issues:
        print(f"{prefix[issue.severity]} [{issue.field}] {visible(issue.message(lang, 'cli'))}", file=stream)


def display_width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(1, width - display_width(text))


def emit_json(document: Any) -> None:
    """JSON escapes C0 controls itself; C1 controls and invisible characters are escaped too."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    sys.stdout.write(UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def reject(args: argparse.Namespace, issues: list[Issue]) -> int:
    lang = language(args)
    if getattr(args, "json", False):
        emit_json({"ok": False, "code": "invalid_input", "issues": [i.to_dict(lang) for i in issues]})
    print_issues(issues, lang)
    return EXIT_INVALID
