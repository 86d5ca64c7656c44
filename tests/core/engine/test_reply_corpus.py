"""Real server replies (tests/data/smtp_replies.json) through the diagnosis the engine uses.

Each reply goes through ``diagnose`` exactly as a failed conversation would hand it over (reply
code, text with multi-line replies joined as smtplib joins them, the stage, whether a 235 came
first, the provider chosen). The corpus itself is checked too: a score on a corpus that quietly
shrank or lost its sources would mean nothing. benchmarks/diagnosis_score.py prints the same
figures with every miss, and a leave-one-source-out run.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlparse

import pytest

from benchmarks.diagnosis_score import STAGES, accuracy, load_corpus, run, split_reply
from wizard.core.catalog import load_catalog
from wizard.core.engine.diagnosis import Failure, diagnose
from wizard.core.engine.rules import RULES

CORPUS = load_corpus()


def _diagnosed(entry: dict) -> tuple[str, str | None]:
    code, text = split_reply(entry["reply"])
    failure = Failure("reply", STAGES[entry["stage"]], code, text, authenticated=entry["authenticated"])
    provider = load_catalog().find(entry["provider"]) if entry["provider"] else None
    diagnosis = diagnose(failure, None, provider=provider)
    return diagnosis.code, diagnosis.field


def test_corpus_is_large_sourced_and_uses_known_codes_and_stages():
    assert len(CORPUS) >= 150
    known_codes = {rule.code for rule in RULES}
    catalog_ids = {provider.id for provider in load_catalog()}
    for entry in CORPUS:
        assert urlparse(entry["source"]).scheme in ("http", "https") and urlparse(entry["source"]).netloc
        assert entry["code"] in known_codes, entry
        assert entry["stage"] in STAGES, entry
        assert entry["provider"] is None or entry["provider"] in catalog_ids, entry
        assert isinstance(entry["authenticated"], bool) and entry["family"]
        code, text = split_reply(entry["reply"])
        assert 400 <= code < 600 and text, entry
        assert all(line[:3] == entry["reply"][:3] for line in entry["reply"].split("\n")), entry
    assert len({(entry["reply"], entry["stage"]) for entry in CORPUS}) == len(CORPUS), "duplicates"
    assert len({entry["family"] for entry in CORPUS}) >= 10


def test_expected_field_is_the_field_of_the_expected_code():
    # One code, one field: an entry cannot expect a field the code never reports.
    fields = {rule.code: rule.field for rule in RULES if rule.kinds == frozenset({"reply"})}
    for entry in CORPUS:
        assert entry["field"] == fields[entry["code"]], entry


def test_real_replies_are_diagnosed_right():
    outcomes = [(entry, _diagnosed(entry)) for entry in CORPUS]
    total, right = Counter(), Counter()
    for entry, got in outcomes:
        total[entry["code"]] += 1
        right[entry["code"]] += got == (entry["code"], entry["field"])
    misses = [f"{entry['reply'][:80]!r}: {got}" for entry, got in outcomes if got != (entry["code"], entry["field"])]
    assert sum(right.values()) / len(CORPUS) >= 0.95, misses
    for code in total:
        assert right[code] / total[code] >= 0.85, (code, misses)


def test_the_benchmark_scores_what_the_engine_diagnoses():
    # benchmarks/diagnosis_score.py reads the rule table directly: it must agree with diagnose().
    for outcome in run(CORPUS, leave_source_out=False):
        assert (outcome.code, outcome.field) == _diagnosed(outcome.entry), outcome.entry


@pytest.mark.parametrize("leave_source_out", [False, True])
def test_score_targets(leave_source_out):
    overall, per_code = accuracy(run(CORPUS, leave_source_out=leave_source_out))
    assert overall >= 0.95
    assert min(per_code.values()) >= 0.85, per_code
