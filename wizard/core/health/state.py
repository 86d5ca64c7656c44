"""The check's memory: the last results, so that a report can say what changed and since when.

The file holds times, statuses and codes only, never a secret nor a server's text; it is written
atomically and owner-only. A file this program did not write (too big, not JSON, another target)
is not trusted: the run starts a fresh history and says so.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard.core.atomic import write_atomic
from wizard.core.files import FileRefused, read_limited
from wizard.core.health.model import CheckResult, iso, parse_iso

VERSION = 1
MAX_STATE_BYTES = 256 * 1024
HISTORY = 48  # runs kept: two days of hourly checks
FLAP_WINDOW = 12  # runs looked at for flapping
FLAP_CHANGES = 4  # this many OK <-> failing changes in the window is flapping
STABLE_RUNS = 6  # the same outcome this many times in a row ends a flapping episode


@dataclass
class Change:
    key: str
    old_status: str | None
    new_status: str
    old_code: str | None
    new_code: str

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass
class Comparison:
    """What this run means against the remembered ones."""

    last_success: dt.datetime | None  # the last run where mail worked (before or at this one)
    since: dt.datetime  # the current overall outcome (status + problem) holds since then
    previous_since: dt.datetime | None  # when the previous outcome had started (for a recovery)
    previous_problem: str | None  # "login:auth_failed" of the run before, if it failed
    login_worked_before: bool  # the secret was accepted on an earlier run
    changes: list[Change] = field(default_factory=list)
    flapping: dict[str, Any] | None = None  # reported once per episode
    flapping_ongoing: bool = False  # an episode reported earlier has not settled yet
    first_run: bool = False
    state_note: str | None = None  # state_unreadable | state_other_target

    def to_dict(self) -> dict[str, Any]:
        return {
            "last_success": iso(self.last_success) if self.last_success else None,
            "since": iso(self.since),
            "previous_problem": self.previous_problem,
            "changes": [change.to_dict() for change in self.changes],
            "flapping": self.flapping,
            "flapping_ongoing": self.flapping_ongoing,
            "first_run": self.first_run,
            "state_note": self.state_note,
        }


def default_state_path(config: str | Path) -> Path:
    """Next to the configuration: ``smtp.json`` -> ``smtp.json.check-state.json``."""
    config = Path(config).absolute()
    return config.with_name(f"{config.name}.check-state.json")


def load_state(path: Path) -> tuple[dict[str, Any], str | None]:
    """(state, note): an empty state with a note when the file cannot be used."""
    try:
        data = json.loads(read_limited(path, MAX_STATE_BYTES).decode("utf-8"))
    except FileNotFoundError:
        return {}, None
    except (FileRefused, OSError, UnicodeDecodeError, ValueError):
        return {}, "state_unreadable"
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {}, "state_unreadable"
    return data, None


def problem_of(result: CheckResult) -> str | None:
    item = result.worst_item()
    return f"{item.key.split(':')[0]}:{item.code}" if item else None


def compare(result: CheckResult, state: dict[str, Any], note: str | None = None) -> Comparison:
    now = result.checked_at
    if state and state.get("target") != result.target.key:
        state, note = {}, "state_other_target"
    runs = [r for r in state.get("runs", []) if isinstance(r, dict)]
    previous = runs[-1] if runs else None
    outcome = (result.status.name, problem_of(result))
    last_success = now if result.mail_works else parse_iso(state.get("last_success"))
    since = now
    if previous is not None and (previous.get("status"), previous.get("problem")) == outcome:
        since = parse_iso(state.get("since")) or now
    comparison = Comparison(
        last_success=last_success,
        since=since,
        previous_since=parse_iso(state.get("since")),
        previous_problem=previous.get("problem") if previous else None,
        login_worked_before=bool(state.get("login_worked")),
        first_run=previous is None,
        state_note=note,
    )
    old_items = state.get("items") if isinstance(state.get("items"), dict) else {}
    for item in result.items:
        old = old_items.get(item.key) if isinstance(old_items.get(item.key), dict) else None
        if old is None and previous is None:
            continue
        old_status, old_code = (old.get("status"), old.get("code")) if old else (None, None)
        if (old_status, old_code) != (item.status.name, item.code) and not item.key.startswith("notice:"):
            comparison.changes.append(Change(item.key, old_status, item.status.name, old_code, item.code))
    comparison.flapping = _flapping(runs, result, state)
    if state.get("flap_reported"):  # reported once: its ups and downs are not repeated as changes
        comparison.changes, comparison.flapping_ongoing = [], True
    return comparison


def _flapping(
    runs: list[dict[str, Any]], result: CheckResult, state: dict[str, Any]
) -> dict[str, Any] | None:
    window = [*runs[-(FLAP_WINDOW - 1) :], {"status": result.status.name, "problem": problem_of(result)}]
    failing = [r.get("status") not in ("OK", "WARNING") for r in window]
    changes = sum(1 for a, b in itertools.pairwise(failing) if a != b)
    if changes < FLAP_CHANGES or state.get("flap_reported"):
        return None
    counts: dict[str, int] = {}
    for run in window:
        if run.get("status") not in ("OK", "WARNING"):
            key = str(run.get("problem") or run.get("status"))
            counts[key] = counts.get(key, 0) + 1
    return {"runs": len(window), "failures": sum(failing), "changes": changes, "problems": counts}


def next_state(result: CheckResult, comparison: Comparison, state: dict[str, Any]) -> dict[str, Any]:
    if comparison.state_note == "state_other_target":
        state = {}
    runs = [r for r in state.get("runs", []) if isinstance(r, dict)]
    runs.append({"at": iso(result.checked_at), "status": result.status.name, "problem": problem_of(result)})
    runs = runs[-HISTORY:]
    recent = [(r.get("status"), r.get("problem")) for r in runs[-STABLE_RUNS:]]
    stable = len(recent) == STABLE_RUNS and len(set(recent)) == 1
    flap_reported = (
        None
        if stable
        else (state.get("flap_reported") or (iso(result.checked_at) if comparison.flapping else None))
    )
    login_ok = any(item.key == "login" and item.code in ("ok", "slow") for item in result.items)
    return {
        "version": VERSION,
        "target": result.target.key,
        "last_success": iso(comparison.last_success) if comparison.last_success else None,
        "since": iso(comparison.since),
        "login_worked": login_ok or bool(state.get("login_worked")),
        "items": {i.key: {"status": i.status.name, "code": i.code} for i in result.items},
        "runs": runs,
        "flap_reported": flap_reported,
    }


def save_state(path: Path, state: dict[str, Any]) -> None:
    """Atomic and owner-only; raises OSError (the caller reports the file's problem)."""
    data = json.dumps(state, ensure_ascii=True, indent=1).encode("ascii")
    write_atomic(path, data, private=True)
