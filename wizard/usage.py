"""argparse in the user's language, and usage errors as JSON when ``--json`` was asked for;
shared by the command line and the wizard's own options (so neither imports the other).

argparse looks its own words up through gettext (``usage:``, ``error:``, "the following
arguments are required" ...); while a command line is parsed, its lookups go to our catalog
(wizard/usage_zh.py) when the language is Chinese. Help texts and section titles are
translated by the help formatter. Global options (``--lang``, ``--json``) may come before the
command: they are moved after it, where every command defines them.
"""

from __future__ import annotations

import argparse
import contextlib
import gettext
import json
import unicodedata
from collections.abc import Iterator

from wizard.core.i18n import LANGUAGES, normalize_language, system_language
from wizard.core.terminal_text import visible

GLOBAL_OPTIONS = {"--lang": 1, "--json": 0}  # option -> number of values


class _Catalog(gettext.NullTranslations):
    def __init__(self, texts: dict[str, str]) -> None:
        super().__init__()
        self.texts = texts

    def gettext(self, message: str) -> str:
        return self.texts.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        key = singular if n == 1 else plural
        return self.texts.get(key, key)


_active: gettext.NullTranslations = gettext.NullTranslations()
_json_errors = False


def hoist_global_options(argv: list[str], commands: tuple[str, ...]) -> list[str]:
    """``--lang en providers`` -> ``providers --lang en``; anything else unchanged."""
    moved: list[str] = []
    index = 0
    while index < len(argv):
        name, has_value, _ = argv[index].partition("=")
        if name not in GLOBAL_OPTIONS:
            break
        width = 1 if has_value else 1 + GLOBAL_OPTIONS[name]
        moved += argv[index : index + width]
        index += width
    if moved and index < len(argv) and argv[index] in commands:
        return [argv[index], *moved, *argv[index + 1 :]]
    return list(argv)


def cli_language(argv: list[str]) -> str:
    """The language asked for with ``--lang`` (wherever it is), else the system's."""
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            return argv[index + 1]
        if word.startswith("--lang=") and word[7:] in LANGUAGES:
            return word[7:]
    return normalize_language(system_language())


@contextlib.contextmanager
def speaking(lang: str, *, json_errors: bool = False) -> Iterator[None]:
    """Build and parse within this: argparse's words in ``lang``, usage errors also as JSON."""
    global _active, _json_errors
    from wizard.usage_zh import ARGPARSE, HELP

    saved = argparse._, argparse.ngettext, _active, _json_errors
    _active = _Catalog({**ARGPARSE, **HELP}) if lang == "zh_CN" else gettext.NullTranslations()
    _json_errors = json_errors
    # argparse calls the module's own gettext aliases at run time (stable since Python 3.2).
    argparse._, argparse.ngettext = _active.gettext, _active.ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext, _active, _json_errors = saved


def translate(text: str) -> str:
    return _active.gettext(text)


class LocalizedHelpFormatter(argparse.HelpFormatter):
    def start_section(self, heading: str | None) -> None:
        super().start_section(translate(heading) if heading else heading)

    def add_text(self, text: str | None) -> None:
        super().add_text(translate(text) if text and text is not argparse.SUPPRESS else text)

    def _format_usage(self, usage, actions, groups, prefix) -> str:
        """argparse indents wrapped usage lines by len(prefix); 用法: takes six terminal cells,
        not three: format with as many spaces, then put the prefix in their place."""
        prefix = argparse._("usage: ") if prefix is None else prefix
        cells = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in prefix)
        if cells == len(prefix):
            return super()._format_usage(usage, actions, groups, prefix)
        return prefix + super()._format_usage(usage, actions, groups, " " * cells)[cells:]

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return translate(action.help) if action.help else action.help


class CliParser(argparse.ArgumentParser):
    """Every parser of the command line (subcommand parsers are made of the same class)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", LocalizedHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        # argparse quotes what was typed ("unrecognized arguments: …"): escaped as server replies
        # are, so an argument cannot clear or retitle the terminal.
        message = visible(message)
        if _json_errors:  # the document a script reads; the text below is for the person
            document = {"ok": False, "code": "usage", "error": message, "usage": self.format_usage().strip()}
            # ASCII escapes: the message quotes what was typed, control characters included.
            print(json.dumps(document, indent=2), flush=True)
        super().error(message)
