"""What one check run found: items with a monitoring status, and the measured numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Status(IntEnum):
    """The Nagios/Icinga plugin exit codes (https://nagios-plugins.org/doc/guidelines.html)."""

    OK = 0
    WARNING = 1
    CRITICAL = 2
    UNKNOWN = 3


def worst(statuses) -> Status:
    """UNKNOWN only when nothing worse is known: a CRITICAL stays CRITICAL."""
    found = set(statuses)
    for status in (Status.CRITICAL, Status.WARNING, Status.UNKNOWN):
        if status in found:
            return status
    return Status.OK


@dataclass(frozen=True)
class Thresholds:
    cert_warn_days: float = 30.0
    cert_crit_days: float = 7.0
    latency_warn_ms: int = 3000  # connect, and login, each
    latency_crit_ms: int = 10000


@dataclass(frozen=True)
class Item:
    """One thing checked. ``key`` is stable between runs (the state file compares by it)."""

    key: str  # connect | tls | login | send | delivery | domain:<check> | notice:<n>
    status: Status
    code: str  # the diagnosis or finding code, "ok", "cert_expiring", "slow", "notice"
    message: str  # localized, already safe to show (no secret: the engine redacts)
    fix: str = ""
    reply: str = ""  # the server's reply, redacted
    ms: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.key,
            "status": self.status.name,
            "code": self.code,
            "message": self.message,
            "fix": self.fix,
            "server_reply": self.reply or None,
            "ms": self.ms,
        }


@dataclass(frozen=True)
class Target:
    """What is checked, without the secret: the state file is kept only for the same target."""

    host: str
    port: int
    security: str
    username: str
    sender: str
    provider: str

    @property
    def key(self) -> str:
        return f"{self.username}@{self.host}:{self.port}/{self.security}"

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass(frozen=True)
class Metrics:
    connect_ms: int | None = None
    tls_ms: int | None = None
    login_ms: int | None = None
    send_ms: int | None = None
    total_ms: int = 0
    cert_not_after: dt.datetime | None = None
    cert_days: float | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(vars(self))
        data["cert_not_after"] = iso(self.cert_not_after) if self.cert_not_after else None
        data["cert_days"] = round(self.cert_days, 2) if self.cert_days is not None else None
        return data


@dataclass(frozen=True)
class CheckResult:
    target: Target
    checked_at: dt.datetime  # UTC
    items: tuple[Item, ...]
    metrics: Metrics
    cancelled: bool = False
    extra: dict[str, Any] = field(default_factory=dict)  # JSON-ready details (test, domain, delivery)

    @property
    def status(self) -> Status:
        return Status.UNKNOWN if self.cancelled else worst(item.status for item in self.items)

    @property
    def mail_works(self) -> bool:
        """A success for "last success": nothing critical (a warning still delivers mail)."""
        return not self.cancelled and self.status in (Status.OK, Status.WARNING)

    def worst_item(self) -> Item | None:
        ranked = sorted(self.items, key=lambda item: _RANK[item.status])
        return ranked[0] if ranked and ranked[0].status is not Status.OK else None


_RANK = {Status.CRITICAL: 0, Status.WARNING: 1, Status.UNKNOWN: 2, Status.OK: 3}


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: object) -> dt.datetime | None:
    if not isinstance(text, str) or len(text) > 40:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
