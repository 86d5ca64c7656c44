"""How often the diagnosis names the right code for real server replies it was not written from.

    .venv/bin/python -m benchmarks.diagnosis_score [--json]

Reads tests/data/smtp_replies.json (real replies with their stage, login state, provider, the
expected code and field, and the source family), runs each through the rule table the engine
uses and prints accuracy per code and overall, twice:

* **all rules**: every row of wizard/core/engine/rules.py;
* **leave one source out**: when scoring the replies of family S, the word rows written from S
  alone (``Rule.sources == {S}``) are switched off, so a family is only scored on what was
  learnt from the others and on the layers that read meaning (status code, what is rejected,
  stage and login state).

Every miss is listed. Exit 0 when both runs reach 95 % overall and no code is under 85 %.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks._common import Figure, report
from wizard.core.catalog import load_catalog
from wizard.core.engine.api import Stage
from wizard.core.engine.rules import Reading, classify

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "smtp_replies.json"
STAGES = {
    "greeting": Stage.EHLO,
    "ehlo": Stage.EHLO,
    "starttls": Stage.TLS,
    "auth": Stage.LOGIN,
    "mail": Stage.SENDER,
    "rcpt": Stage.RECIPIENT,
    "data": Stage.MESSAGE,
}
OVERALL_TARGET, PER_CODE_TARGET = 0.95, 0.85


def load_corpus(path: Path = CORPUS) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["replies"]


def split_reply(reply: str) -> tuple[int, str]:
    """``"550-5.7.1 a\\n550 5.7.1 b"`` -> ``(550, "5.7.1 a\\n5.7.1 b")``, as smtplib hands it over."""
    lines = reply.split("\n")
    return int(lines[0][:3]), "\n".join(line[4:] for line in lines)


def reading(entry: dict) -> Reading:
    code, text = split_reply(entry["reply"])
    provider = load_catalog().find(entry["provider"]) if entry["provider"] else None
    secret_kind = provider.secret.kind if provider else ""
    return Reading("reply", STAGES[entry["stage"]], code, text, secret_kind, entry["authenticated"])


@dataclass(frozen=True)
class Outcome:
    entry: dict
    code: str
    field: str | None

    @property
    def right(self) -> bool:
        return (self.code, self.field) == (self.entry["code"], self.entry["field"])


def run(entries: list[dict], *, leave_source_out: bool) -> list[Outcome]:
    outcomes = []
    for entry in entries:
        rule = classify(reading(entry), without_source=entry["family"] if leave_source_out else None)
        outcomes.append(Outcome(entry, rule.code, rule.field))
    return outcomes


def accuracy(outcomes: list[Outcome]) -> tuple[float, dict[str, float]]:
    total, right = Counter(), Counter()
    for outcome in outcomes:
        total[outcome.entry["code"]] += 1
        right[outcome.entry["code"]] += outcome.right
    per_code = {code: right[code] / total[code] for code in sorted(total)}
    return sum(right.values()) / len(outcomes), per_code


def describe(title: str, outcomes: list[Outcome]) -> list[Figure]:
    overall, per_code = accuracy(outcomes)
    counts = Counter(outcome.entry["code"] for outcome in outcomes)
    print(f"\n## {title}: {overall:.1%} of {len(outcomes)} replies", file=sys.stderr)
    for code, share in per_code.items():
        print(f"  {code:<24} {share:6.1%}  (n={counts[code]})", file=sys.stderr)
    misses = [outcome for outcome in outcomes if not outcome.right]
    print(f"  misses: {len(misses)}", file=sys.stderr)
    for miss in misses:
        entry = miss.entry
        print(
            f"  - [{entry['family']}/{entry['stage']}] expected {entry['code']}, got {miss.code}: "
            f"{entry['reply'].splitlines()[0][:100]!r}  ({entry['source']})",
            file=sys.stderr,
        )
    # Figures are "lower is better" (report() checks value <= target): report error rates in %.
    worst = min(per_code, key=per_code.__getitem__)
    return [
        Figure(f"{title}: wrong overall", 100 * (1 - overall), 100 * (1 - OVERALL_TARGET), "%"),
        Figure(
            f"{title}: wrong, worst code",
            100 * (1 - per_code[worst]),
            100 * (1 - PER_CODE_TARGET),
            "%",
            worst,
        ),
    ]


def measure() -> list[Figure]:
    entries = load_corpus()
    families = Counter(entry["family"] for entry in entries)
    print("# corpus: " + ", ".join(f"{name} {n}" for name, n in families.most_common()), file=sys.stderr)
    return describe("all rules", run(entries, leave_source_out=False)) + describe(
        "leave one source out", run(entries, leave_source_out=True)
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    return report(measure(), as_json=args.json)


if __name__ == "__main__":
    sys.exit(main())
