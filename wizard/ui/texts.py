"""Small helpers for UI text: core messages in the UI language, rich-text escaping."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QCoreApplication

from wizard.core.catalog import Provider
from wizard.core.i18n import tr


def esc(text: object) -> str:
    return html.escape(str(text), quote=False)


def core(key: str, lang: str, **params: object) -> str:
    return tr(key, lang, **params)


# Hyphenated codes and names (demo-code-2026, smtp.exmail.qq.com) must not break at a hyphen:
# "demo-" at the end of a line reads as a different code.
_HYPHENATED = re.compile(r"[\w.@]+(?:-[\w.@]+)+")


def keep_together(text: str) -> str:
    """Escaped rich text in which hyphenated words never wrap."""
    return _HYPHENATED.sub(lambda m: f"<span style='white-space:nowrap'>{m.group(0)}</span>", esc(text))


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
    return QCoreApplication.translate("PasswordLabel", "&Password (%1):").replace("%1", kind)
