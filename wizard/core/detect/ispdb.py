"""The bundled table of outgoing servers derived from Thunderbird's ISPDB (resources/ispdb_smtp.json).

Facts only (domain -> host, port, socket type, username form), for domains the catalog does not
cover; scripts/build_ispdb_table.py regenerates it from a checkout and records the commit/date.
"""

from __future__ import annotations

import json
from functools import cache

from wizard.core.detect.autoconfig import OutgoingServer
from wizard.core.paths import resource
from wizard.core.settings import Security


@cache
def _table() -> dict:
    return json.loads(resource("ispdb_smtp.json").read_text(encoding="utf-8"))


def table_version() -> str:
    table = _table()
    return f"{table['commit'][:7]} ({table['date']})"


def lookup(domain: str) -> OutgoingServer | None:
    row = _table()["domains"].get(domain.lower().rstrip("."))
    if row is None:
        return None
    host, port, security, username = row
    return OutgoingServer(host, int(port), Security(security), username, f"ISPDB {domain}")
