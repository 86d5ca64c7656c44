"""Provider send limits: refuse a test that would trip them (e.g. Tencent SES: 10 per hour per
sender+recipient), because a throttled account also breaks the customer's real mail.

A small JSON ledger in the user's state folder remembers when test mails went out. The folder is
``$SMTP_WIZARD_STATE_DIR`` (tests), else ``%LOCALAPPDATA%\\smtp-wizard`` on Windows, else
``$XDG_STATE_HOME/smtp-wizard`` or ``~/.local/state/smtp-wizard``. A broken or unreadable ledger
never blocks a test: it is only a courtesy guard.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from wizard.core.atomic import write_atomic
from wizard.core.catalog import Limit, Provider

STATE_ENV = "SMTP_WIZARD_STATE_DIR"
LEDGER_NAME = "send-ledger.json"
_KEEP_SECONDS = 7 * 86400
_lock = threading.Lock()


def state_dir() -> Path:
    override = os.environ.get(STATE_ENV)
    if override:
        return Path(override)
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "smtp-wizard"
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "smtp-wizard"


def _key(limit: Limit, provider: Provider, username: str, sender: str, recipient: str) -> str:
    who = {"sender_recipient": f"{sender}>{recipient}", "sender": sender, "account": username}[limit.scope]
    return f"{provider.id}:{limit.scope}:{who.lower()}"


def _load() -> list[dict]:
    try:
        data = json.loads((state_dir() / LEDGER_NAME).read_text(encoding="utf-8"))
        return [
            e for e in data.get("sent", []) if isinstance(e, dict) and isinstance(e.get("t"), int | float)
        ]
    except (OSError, ValueError, AttributeError):
        return []


@dataclass(frozen=True)
class Refusal:
    limit: Limit
    retry_at: float  # epoch seconds

    def params(self) -> dict:
        when = dt.datetime.fromtimestamp(self.retry_at).astimezone()
        return {
            "retry_at": when.strftime("%H:%M" if self.retry_at - time.time() < 86400 else "%Y-%m-%d %H:%M"),
            "wait_minutes": max(1, round((self.retry_at - time.time()) / 60)),
            "limit_text": self.limit.text,
        }


def check(provider: Provider | None, username: str, sender: str, recipient: str, now: float | None = None):
    """The :class:`Refusal` of the first limit one more mail would exceed, or None."""
    if provider is None or not provider.limits:
        return None
    now = time.time() if now is None else now
    entries = _load()
    for limit in provider.limits:
        key = _key(limit, provider, username, sender, recipient)
        times = sorted(e["t"] for e in entries if e.get("k") == key and now - e["t"] < limit.per_seconds)
        if len(times) >= limit.max:
            return Refusal(limit, times[len(times) - limit.max] + limit.per_seconds)
    return None


def record(
    provider: Provider | None, username: str, sender: str, recipient: str, now: float | None = None
) -> None:
    if provider is None or not provider.limits:
        return
    now = time.time() if now is None else now
    with _lock:
        entries = [e for e in _load() if now - e["t"] < _KEEP_SECONDS]
        entries += [
            {"k": _key(lim, provider, username, sender, recipient), "t": now} for lim in provider.limits
        ]
        with contextlib.suppress(OSError):
            state_dir().mkdir(parents=True, exist_ok=True)
            write_atomic(
                state_dir() / LEDGER_NAME, json.dumps({"sent": entries}).encode("utf-8"), private=True
            )
