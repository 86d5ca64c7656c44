"""Small helpers for UI text: core messages in the UI language, rich-text escaping."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QCoreApplication

from wizard.core.catalog import Provider
from wizard.core.i18n import tr


def esc(text: object) -> str:
    return html.escape(str(text), quote=False)


_PLACE = re.compile(r"%([1-9][0-9]?)")


def fill(template: str, *values: object) -> str:
    """A translated text's %1, %2 … filled in one pass, as QString.arg does: what is inserted is
    never searched again, so a recipient ops%2x@acme.cn or a path with %1 in it stays as it is
    (a chain of .replace("%1", …).replace("%2", …) would substitute into the inserted value)."""

    def value(found: re.Match) -> str:
        number = int(found.group(1))
        return str(values[number - 1]) if number <= len(values) else found.group(0)

    return _PLACE.sub(value, template)


def core(key: str, lang: str, **params: object) -> str:
    return tr(key, lang, **params)


# Hyphenated codes and names (demo-code-2026, smtp.exmail.qq.com) must not break at a hyphen:
# "demo-" at the end of a line reads as a different code.
_HYPHENATED = re.compile(r"[\w.@]+(?:-[\w.@]+)+")


def keep_together(text: str) -> str:
    """Escaped rich text in which hyphenated words never wrap."""
    return _HYPHENATED.sub(lambda m: f"<span style='white-space:nowrap'>{m.group(0)}</span>", esc(text))


_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_CJK_THEN_LATIN = re.compile(rf"([{_CJK}])([A-Za-z0-9])")
_LATIN_THEN_CJK = re.compile(rf"([A-Za-z0-9])([{_CJK}])")


def spaced(text: str) -> str:
    """One space where a filled-in name meets Chinese: "获取%2的%1" with "QQ 邮箱" reads
    获取 QQ 邮箱的授权码, as every fixed string does (the README's convention)."""
    return _LATIN_THEN_CJK.sub(r"\1 \2", _CJK_THEN_LATIN.sub(r"\1 \2", text))


def numbered(items: list[str]) -> str:
    rows = "".join(f"<li style='margin-bottom:4px'>{keep_together(item)}</li>" for item in items)
    return f"<ol style='margin-left:-18px'>{rows}</ol>"


def bullet(items: list[str]) -> str:
    rows = "".join(f"<li>{keep_together(item)}</li>" for item in items)
    return f"<ul style='margin-left:-18px'>{rows}</ul>"


def password_label(provider: Provider, lang: str) -> str:
    """The console's word 密码 / Password, with what this provider calls the secret in brackets."""
    kind = provider.secret.name.get(lang)
    if kind.strip().lower() in ("password", "密码"):
        return QCoreApplication.translate("PasswordLabel", "&Password:")
    return fill(QCoreApplication.translate("PasswordLabel", "&Password (%1):"), kind)
