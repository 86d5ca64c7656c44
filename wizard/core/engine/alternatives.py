"""The likely causes of a guessed diagnosis, in words (JSON and the support report).

Apart from ``messages`` because it needs the rules (which field a code concerns), and the rules
stand on ``api``, which asks ``messages`` for a diagnosis's texts.
"""

from __future__ import annotations

from typing import Any

from wizard.core.engine.api import Diagnosis
from wizard.core.engine.messages import cause_text, message_params
from wizard.core.engine.rules import field_of
from wizard.core.i18n import normalize_language


def alternatives_of(diag: Diagnosis, lang: str | None = None) -> list[dict[str, Any]]:
    """The likely causes of a guessed diagnosis, for JSON and the support report: code, variant,
    the field it would concern, and the cause with its fix in words."""
    lang = normalize_language(lang)
    params = message_params(diag, lang)
    found = []
    for alternative in diag.alternatives:
        code, _, variant = alternative.partition(".")
        cause = cause_text(alternative, lang, params)
        found.append({"code": code, "variant": variant or None, "field": field_of(code), "cause": cause})
    return found
