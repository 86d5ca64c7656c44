"""One finding of the sender-domain checks: status, what was read, what it means, how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wizard.core.catalog import Text
from wizard.core.i18n import MissingMessage, tr
from wizard.core.untrusted import shown

PASS, WARNING, PROBLEM, NOT_CHECKED, SKIPPED = "pass", "warning", "problem", "not_checked", "skipped"
# Worst first: the report's overall status is the worst of its findings.
SEVERITY = (PROBLEM, WARNING, NOT_CHECKED, PASS, SKIPPED)


@dataclass(frozen=True)
class Finding:
    check: str  # spf | spf_policy | dmarc | dkim | mx | domain
    status: str  # pass | warning | problem | not_checked | skipped
    code: str  # message key under "domain."
    evidence: tuple[str, ...] = ()  # the records read, e.g. 'TXT acme.cn: "v=spf1 ..."'
    params: dict[str, Any] = field(default_factory=dict)

    def _params(self, lang: str | None) -> dict[str, Any]:
        """Every text parameter escaped: the SPF library's error text quotes the record it read
        (ESC, BEL and all), and the relay and selector are whatever the user typed."""
        values = {k: v.get(lang) if isinstance(v, Text) else v for k, v in self.params.items()}
        return {k: shown(v) if isinstance(v, str) else v for k, v in values.items()}

    def message(self, lang: str | None = None) -> str:
        return tr(f"domain.{self.code}", lang, **self._params(lang))

    def fix(self, lang: str | None = None, surface: str | None = None) -> str:
        """``surface="cli"``: the command line's advice (--nameserver) where it names a control."""
        keys = [f"domain.{self.code}.fix.{surface}"] if surface else []
        for key in [*keys, f"domain.{self.code}.fix"]:
            try:
                return tr(key, lang, **self._params(lang))
            except MissingMessage:
                continue
        return ""

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "check": self.check,
            "status": self.status,
            "code": self.code,
            "message": self.message(lang),
            "fix": self.fix(lang, "cli"),  # the JSON is the command line's
            "evidence": [shown(line) for line in self.evidence],
        }


def not_checked(check: str, answer) -> Finding:
    """DNS did not answer: nothing is known about the domain, so nothing is blamed on it."""
    return Finding(check, NOT_CHECKED, "not_checked", (answer.evidence,), {"question": answer.name})


def worst(findings) -> str:
    statuses = {f.status for f in findings}
    return next((status for status in SEVERITY if status in statuses), SKIPPED)
