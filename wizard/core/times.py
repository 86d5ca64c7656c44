"""Times as people read them: local time with its zone (files keep UTC for machines)."""

from __future__ import annotations

import datetime as dt


def local_display(iso_utc: str) -> str:
    """'2026-11-25T02:37:02Z' -> '2026-11-25 10:37:02 +0800' in this computer's zone.

    The test mail's Date header uses the local zone too, so both read the same. Text that is
    not an ISO time is returned unchanged (an imported file may carry anything).
    """
    try:
        moment = dt.datetime.fromisoformat(iso_utc)
    except (TypeError, ValueError):
        return iso_utc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S %z")
