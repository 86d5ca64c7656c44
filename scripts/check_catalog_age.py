"""Warn about provider entries not verified for over 12 months (CI step; never fails the build).

Usage: check_catalog_age.py [--catalog FILE] [--today YYYY-MM-DD] [--max-days N]
Prints one ``WARNING`` line per stale entry (GitHub Actions shows ``::warning::`` lines as
annotations) and always exits 0: a stale entry is a reminder to re-check, not a broken build.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def stale_entries(catalog: dict, today: datetime.date, max_days: int) -> list[tuple[str, str, int]]:
    stale = []
    for provider in catalog["providers"]:
        verified = datetime.date.fromisoformat(provider["last_verified"])
        age = (today - verified).days
        if age > max_days:
            stale.append((provider["id"], provider["last_verified"], age))
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", type=Path, default=ROOT / "resources" / "providers.json")
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=datetime.date.today())
    parser.add_argument("--max-days", type=int, default=365)
    args = parser.parse_args(argv)
    catalog = json.loads(args.catalog.read_text(encoding="utf-8"))
    stale = stale_entries(catalog, args.today, args.max_days)
    for provider_id, verified, age in stale:
        print(
            f"::warning::provider {provider_id!r} last verified {verified} ({age} days ago): "
            "re-check its hosts, ports and steps against the sources and update last_verified"
        )
    total = len(catalog["providers"])
    print(f"catalog age: {len(stale)} of {total} entries unverified for over {args.max_days} days")
    return 0


if __name__ == "__main__":
    sys.exit(main())
