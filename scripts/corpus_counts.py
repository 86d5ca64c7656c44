"""Print the counts table of tests/data/README.md from the reply corpus files.

    .venv/bin/python scripts/corpus_counts.py

Groups sources (distinct URLs) by kind so the README's table can be refreshed after rows are
added; it reads the held-out file only to count it.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
FILES = ("replies.csv", "replies_official.csv", "replies_heldout.csv")
HAN = re.compile("[\u4e00-\u9fff]")


def kind(url: str) -> str:
    if "sisimai/set-of-emails" in url:
        return "real bounce messages (sisimai set-of-emails)"
    if "ActiveCampaign/smtp-field-manual/blob" in url:
        return "provider reply catalogue (smtp-field-manual)"
    if re.search(r"github.com/[^/]+/[^/]+/(issues|pull)/", url) or "pastebin" in url:
        return "issue threads and pastes"
    if re.search(r"github.com/[^/]+/[^/]+/blob/", url) and "MicrosoftDocs" not in url:
        return "MTA / server source code"
    if "rfc-editor" in url:
        return "RFCs"
    return "provider, vendor and help pages"


def main() -> None:
    rows = []
    for name in FILES:
        with (DATA / name).open(encoding="utf-8", newline="") as stream:
            rows.extend({**row, "file": name} for row in csv.DictReader(stream))
    header = " | ".join(f"`{name}` rows / sources" for name in FILES)
    print(f"| source kind | {header} |")
    print("|---|" + "---|" * len(FILES))
    for group in sorted({kind(row["url"]) for row in rows}):
        cells = []
        for name in FILES:
            picked = [row for row in rows if row["file"] == name and kind(row["url"]) == group]
            cells.append(f"{len(picked)} / {len({row['url'] for row in picked})}")
        print(f"| {group} | " + " | ".join(cells) + " |")
    totals = []
    for name in FILES:
        picked = [row for row in rows if row["file"] == name]
        totals.append(f"**{len(picked)} / {len({row['url'] for row in picked})}**")
    print("| **total** | " + " | ".join(totals) + " |")
    sources = {row["url"] for row in rows}
    print(f"\nAll files: **{len(rows)} replies from {len(sources)} sources** (distinct URLs).")
    for title, column in (
        ("provider or origin", "source"),
        ("expected code", "expected_code"),
        ("stage", "stage"),
    ):
        counts = Counter(row[column] for row in rows)
        print(f"\nReplies per {title}: " + ", ".join(f"{key} {n}" for key, n in counts.most_common()) + ".")
    print(f"\nReplies with Chinese text: {sum(1 for row in rows if HAN.search(row['text']))}.")


if __name__ == "__main__":
    main()
