"""Regenerate resources/ispdb_smtp.json from a checkout of Thunderbird's ISPDB.

    git clone https://github.com/thunderbird/autoconfig /tmp/autoconfig
    .venv/bin/python scripts/build_ispdb_table.py /tmp/autoconfig

Only facts are kept (domain -> SMTP host, port, socket type, username form) for domains the
provider catalog does not already cover; ISPDB's XML itself is not copied. The ISPDB is
published under the Mozilla Public License 2.0; the file records the commit and its date.
A few domains the ISPDB lacks are added from ``ADDITIONS`` (each with its source, recorded in
the file's ``additions``); an ISPDB entry for the same domain wins.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wizard.core.detect.autoconfig import AutoconfigError, parse_config  # noqa: E402

OUT = ROOT / "resources" / "ispdb_smtp.json"

# Domains the ISPDB lacks: domain -> (row, source).
ADDITIONS = {
    "zoho.com.cn": (
        ["smtp.zoho.com.cn", 465, "ssl", "address"],
        "https://postigo.net/smtp/zoho (Zoho's China data centre: smtp.zoho.com.cn, 465 SSL)",
    ),
}


def git(checkout: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(checkout), *args], check=True, capture_output=True, text=True
    ).stdout


def entries(checkout: Path) -> dict[str, list]:
    import defusedxml.ElementTree as SafeTree

    catalog = json.loads((ROOT / "resources" / "providers.json").read_text(encoding="utf-8"))
    known = {d for p in catalog["providers"] for d in p["domains"]}
    table: dict[str, list] = {}
    for path in sorted((checkout / "ispdb").glob("*.xml")):
        data = path.read_bytes()
        root = SafeTree.fromstring(data, forbid_dtd=True)
        for element in root.iter("domain"):
            domain = (element.text or "").strip().lower()
            if not domain or domain in known or domain in table:
                continue
            try:
                server = parse_config(data, domain=domain, source="ispdb")
            except AutoconfigError:
                continue
            table[domain] = [server.host, server.port, server.security.value, server.username]
    for domain, (row, _source) in ADDITIONS.items():
        if domain not in known:
            table.setdefault(domain, row)
    return dict(sorted(table.items()))


def compact_json(document: dict) -> str:
    """One domain a line: small, and diffs stay readable when the ISPDB changes."""
    head = {key: value for key, value in document.items() if key != "domains"}
    lines = [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}," for key, value in head.items()]
    rows = [f"    {json.dumps(d)}: {json.dumps(row)}" for d, row in document["domains"].items()]
    return "{\n" + "\n".join(lines) + '\n  "domains": {\n' + ",\n".join(rows) + "\n  }\n}\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", type=Path, help="a clone of github.com/thunderbird/autoconfig")
    args = parser.parse_args()
    commit, date = git(args.checkout, "log", "-1", "--format=%H %cs").split()
    document = {
        "format": "smtp-wizard-ispdb-smtp",
        "source": "https://github.com/thunderbird/autoconfig (ispdb/)",
        "licence": "derived facts from the ISPDB, Mozilla Public License 2.0",
        "commit": commit,
        "date": date,
        "columns": ["host", "port", "security", "username"],
        "additions": {domain: source for domain, (_row, source) in ADDITIONS.items()},
        "domains": entries(args.checkout),
    }
    OUT.write_text(compact_json(document), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(document['domains'])} domains from {commit[:7]} ({date})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
