"""The shape of the reply corpus files (tests/data/replies*.csv and heldout_sources.txt).

Not the diagnosis: that is test_reply_corpus.py and benchmarks/diagnosis_score.py. This guards
what the benchmark can only be honest with: every row has a stage, a known expected code with its
field, and the URL it was read from; the corpus is large and widely sourced; and the frozen
held-out sources (tests/data/heldout_sources.txt) keep their rows in replies_heldout.csv only.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from wizard.core.engine.api import Stage

DATA = Path(__file__).resolve().parents[2] / "data"
FILES = ("replies.csv", "replies_official.csv", "replies_heldout.csv")
HELDOUT_FILE = "replies_heldout.csv"
COLUMNS = [
    "source",
    "url",
    "stage",
    "code",
    "text",
    "authenticated",
    "secret_kind",
    "expected_code",
    "expected_field",
]
# The reply codes of wizard/core/engine/rules.py with their fields, plus the codes the corpus
# asks for in tests/data/CODES.md (account_blocked), so that this test holds before and after
# the rules helper adds them.
FIELDS = {
    "auth_code_required": "password",
    "auth_failed": "password",
    "auth_unsupported": "username",
    "encryption_required": "security",
    "helo_rejected": "ehlo",
    "message_rejected": "",
    "message_rejected_spam": "",
    "recipient_rejected": "recipient",
    "sender_mismatch": "sender",
    "sender_rejected": "sender",
    "server_rejected": "host",
    "smtp_disabled": "username",
    "starttls_unavailable": "security",
    "temporary_failure": "",
    "account_blocked": "",
}
SECRET_KINDS = {
    "",
    "account_password",
    "api_key",
    "app_password",
    "auth_code",
    "client_password",
    "smtp_password",
}
REPLY_STAGES = {Stage.TLS, Stage.EHLO, Stage.LOGIN, Stage.SENDER, Stage.RECIPIENT, Stage.MESSAGE}


def _rows() -> list[dict[str, str]]:
    rows = []
    for name in FILES:
        with (DATA / name).open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            assert reader.fieldnames == COLUMNS, name
            rows.extend({**row, "file": name} for row in reader)
    return rows


def _heldout_sources() -> set[str]:
    lines = (DATA / "heldout_sources.txt").read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


ROWS = _rows()
HELDOUT = _heldout_sources()


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row['file']}:{row['url'][-40:]}")
def test_every_row_is_complete_and_labelled_with_a_known_code(row):
    assert row["source"].strip(), row
    assert row["url"].startswith(("https://", "http://")), row
    assert Stage(row["stage"]) in REPLY_STAGES, row
    assert 200 <= int(row["code"]) < 600, row
    assert row["text"].strip(), row
    assert row["authenticated"] in {"0", "1"}, row
    assert row["secret_kind"] in SECRET_KINDS, row
    assert row["expected_code"] in FIELDS, row
    assert row["expected_field"] == FIELDS[row["expected_code"]], row


def test_the_corpus_is_large_and_widely_sourced():
    assert len(ROWS) >= 1000
    assert len({row["url"] for row in ROWS}) >= 150


def test_held_out_sources_are_a_fifth_or_more_and_kept_apart():
    sources = {row["url"] for row in ROWS}
    heldout_with_rows = HELDOUT & sources
    assert len(heldout_with_rows) >= 0.2 * len(sources)
    for row in ROWS:
        # A held-out source's rows live only in the held-out file, and that file holds nothing else.
        assert (row["url"] in HELDOUT) == (row["file"] == HELDOUT_FILE), row


def test_no_reply_is_listed_twice_by_one_source():
    keys = ("source", "url", "stage", "code", "text", "authenticated")
    counts = Counter(tuple(row[key] for key in keys) for row in ROWS)
    assert [key for key, n in counts.items() if n > 1] == []
