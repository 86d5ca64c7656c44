"""Small helpers for UI text: core messages in the UI language, rich-text escaping."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication

from wizard.core.catalog import Provider
from wizard.core.i18n import tr


def esc(text: object) -> str:
    return html.escape(str(text), quote=False)


def core(key: str, lang: str, **params: object) -> str:
    return tr(key, lang, **params)


def numbered(items: list[str]) -> str:
    rows = "".join(f"<li style='margin-bottom:4px'>{esc(item)}</li>" for item in items)
    return f"<ol style='margin-left:-18px'>{rows}</ol>"


def bullet(items: list[str]) -> str:
    rows = "".join(f"<li>{esc(item)}</li>" for item in items)
    return f"<ul style='margin-left:-18px'>{rows}</ul>"


def password_label(provider: Provider, lang: str) -> str:
    """The console's word 密码 / Password, with what this provider calls the secret in brackets."""
    kind = provider.secret.name.get(lang)
    if kind.strip().lower() in ("password", "密码"):
        return QCoreApplication.translate("PasswordLabel", "&Password:")
    return QCoreApplication.translate("PasswordLabel", "&Password (%1):").replace("%1", kind)
