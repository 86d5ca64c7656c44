"""Diagnosis texts: "what happened + what to do" (message) and background (hint), zh_CN or en.

Texts live in resources/messages/engine.json as ``diag.<code>[.<variant>]`` and ``hint.<code>``;
a variant falls back to the plain code when it has no text of its own. Where the advice names a
control, the command line has its own text (``diag.<code>[.<variant>].cli``: --ca-file, not
"choose the CA file"), asked for with ``surface="cli"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wizard.core.catalog import Text
from wizard.core.i18n import field_label, message_keys, normalize_language, tr

if TYPE_CHECKING:  # api's Diagnosis asks this module for its texts: a type only, no import circle
    from wizard.core.engine.api import Diagnosis

# Every placeholder any template may use, so a missing value renders empty instead of raising.
_DEFAULTS = (
    "host",
    "port",
    "security",
    "username",
    "sender",
    "recipient",
    "provider",
    "secret",
    "help_url",
    "stage",
    "detail",
    "detail_cli",  # the command line's wording of the detail, where it differs
    "retry_at",
    "wait_minutes",
    "limit_text",
    "ehlo",
    "names",
    "suggested",
    "admin_hint",
)
# Login failures where the provider's admin prerequisites are the likely cause.
LOGIN_FAILURES = ("auth_code_required", "auth_failed", "smtp_disabled")


def resolve_params(params: dict[str, Any], lang: str | None) -> dict[str, Any]:
    return {key: value.get(lang) if isinstance(value, Text) else value for key, value in params.items()}


def message_params(diag: Diagnosis, lang: str) -> dict[str, Any]:
    params: dict[str, Any] = dict.fromkeys(_DEFAULTS, "")
    params.update(resolve_params(diag.params, lang))
    if not params["provider"]:
        params["provider"] = tr("engine.provider_generic", lang)
    if not params["secret"]:
        params["secret"] = tr("engine.secret_generic", lang)
    if params["security"]:
        params["security"] = tr(f"security.{params['security']}", lang)
    params["stage_name"] = tr(f"stage.{params['stage']}", lang) if params["stage"] else ""
    params["field_name"] = field_label(diag.field, lang) if diag.field else ""
    return params


def _key(prefix: str, diag: Diagnosis, lang: str, surface: str | None = None) -> str | None:
    keys = message_keys(lang)
    variant = diag.params.get("variant")
    plain = f"{prefix}.{diag.code}"
    specific = f"{plain}.{variant}" if variant else None
    ordered = [specific, plain]  # the most specific text first
    if surface:  # the surface's own text before the shared one of the same specificity
        ordered = [f"{specific}.{surface}" if specific else None, specific, f"{plain}.{surface}", plain]
    for key in ordered:
        if key and key in keys:
            return key
    return None


def cause_text(alternative: str, lang: str | None = None, params: dict[str, Any] | None = None) -> str:
    """One likely cause of a guessed diagnosis, with its fix: ``cause.<code>[.<variant>]``."""
    lang = normalize_language(lang)
    keys = message_keys(lang)
    code = alternative.split(".", 1)[0]
    key = next((k for k in (f"cause.{alternative}", f"cause.{code}") if k in keys), None)
    if key is None:
        return tr(f"diag.{code}" if f"diag.{code}" in keys else "diag.unknown", lang, **(params or {}))
    return tr(key, lang, **(params or {}))


def diagnosis_message(diag: Diagnosis, lang: str | None = None, surface: str | None = None) -> str:
    lang = normalize_language(lang)
    params = message_params(diag, lang)
    if diag.uncertain and diag.alternatives:
        first, second = (cause_text(alt, lang, params) for alt in (*diag.alternatives, "")[:2])
        key = "diag.uncertain.code_class" if diag.basis == "code_class_only" else "diag.uncertain"
        return tr(key, lang, **params, reply=diag.server_reply or "", first=first, second=second)
    key = _key("diag", diag, lang, surface) or "diag.unknown"
    return tr(key, lang, **params)


def diagnosis_hint(diag: Diagnosis, lang: str | None = None, surface: str | None = None) -> str:
    lang = normalize_language(lang)
    params = message_params(diag, lang)
    if diag.uncertain and diag.alternatives:
        key = "hint.uncertain.cli" if surface == "cli" else "hint.uncertain"
        return tr(key, lang, **params)
    parts = []
    key = _key("hint", diag, lang, surface)
    custom = f"hint.{diag.code}.custom"  # no provider's name: QQ's habits are not the customer's server's
    if key == f"hint.{diag.code}" and not diag.params.get("provider") and custom in message_keys(lang):
        key = custom
    if key:
        parts.append(tr(key, lang, **params))
    if params["admin_hint"] and diag.code in LOGIN_FAILURES:
        parts.append(params["admin_hint"])
    if params["help_url"] and diag.code in LOGIN_FAILURES:
        parts.append(tr("engine.help_url", lang, **params))
    if diag.params.get("probed_trust"):
        trust_key = "engine.probed_trust.cli" if surface == "cli" else "engine.probed_trust"
        parts.append(tr(trust_key, lang, probed=diag.params.get("probed", "")))
    return " ".join(parts)


def basis_label(basis: str, lang: str | None = None) -> str:
    return tr(f"basis.{basis}", lang)


def stage_label(stage: str, lang: str | None = None) -> str:
    return tr(f"stage.{stage}", lang)


def outcome_label(code: str, lang: str | None = None) -> str:
    """A result code (``ok``, ``greeting_timeout``) as a few words for a table cell."""
    key = f"outcome.{code}"
    if key in message_keys(normalize_language(lang)):
        return tr(key, lang)
    return tr("outcome.other", lang, code=code)


def stage_status_label(status: str, lang: str | None = None) -> str:
    return tr(f"stage_status.{status}", lang)
