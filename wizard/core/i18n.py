"""Qt-free message catalog for the core (zh_CN first, English second).

Texts live in ``resources/messages/*.json`` as ``{"zh_CN": {key: text}, "en": {...}}``
so translators edit data, not code. The Qt layer has its own ``.ts`` files for widget
texts; everything the core says (validation, diagnosis, field names) comes from here.
"""

from __future__ import annotations

import json
import locale
import os
from functools import cache
from typing import Final

from wizard.core.paths import resource

LANGUAGES: Final = ("zh_CN", "en")
DEFAULT_LANGUAGE: Final = "zh_CN"


def normalize_language(value: str | None) -> str:
    """Map ``zh``, ``zh-CN``, ``zh_CN.UTF-8``, ``en_US`` ... onto a supported language."""
    if not value:
        return DEFAULT_LANGUAGE
    tag = value.replace("-", "_").split(".")[0].split("@")[0].lower()
    if tag.startswith("zh"):
        return "zh_CN"
    if tag.startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def system_language() -> str:
    """The language the environment asks for; Chinese when it says nothing useful.

    The users are Chinese installers, so ``C``/``POSIX`` servers get zh_CN too.
    """
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        value = os.environ.get(variable, "")
        if value and value not in ("C", "POSIX", "C.UTF-8", "C.utf8"):
            return normalize_language(value.split(":")[0])
    if os.name != "nt":
        return DEFAULT_LANGUAGE
    try:  # Windows keeps the UI language out of the environment
        code = locale.getlocale()[0]
    except ValueError:
        code = None
    return normalize_language(code)


class MissingMessage(KeyError):
    pass


@cache
def _catalog() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for path in sorted(resource("messages").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for lang in LANGUAGES:
            for key, text in data.get(lang, {}).items():
                if key in merged[lang]:
                    raise ValueError(f"message {key!r} defined twice ({path.name})")
                merged[lang][key] = text
    return merged


def message_keys(lang: str) -> set[str]:
    return set(_catalog()[lang])


def tr(key: str, lang: str | None = None, /, **params: object) -> str:
    """Look a text up and fill its ``{placeholders}``; unknown keys are a bug, so they raise."""
    texts = _catalog()[normalize_language(lang)]
    try:
        template = texts[key]
    except KeyError:
        raise MissingMessage(key) from None
    return template.format(**params) if params else template


def tr_on(surface: str, key: str, lang: str | None = None, /, **params: object) -> str:
    """``key``'s text for ``surface`` ("cli": --nameserver, not the wizard's field) where it has
    one of its own (``<key>.cli``), else the shared text."""
    own = f"{key}.{surface}"
    return tr(own if own in message_keys(normalize_language(lang)) else key, lang, **params)


def field_label(field: str, lang: str | None = None) -> str:
    return tr(f"field.{field}", lang)
