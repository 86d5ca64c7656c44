"""How well the diagnosis rules read real replies they were not written from.

The corpus is tests/data/replies.csv: real server replies, each with its source (a provider, an MTA
or a standard), the page it was published on, the stage it came in, whether a login had
succeeded, and the expected code and field. Two scores:

* all rules: every reply classified with the whole table;
* leave one source out: the replies of each source classified without the rules and wordings
  written from that source (``Rule.origin`` and the tagged alternatives of ``SUBJECTS``), so a
  provider's replies are read only by what was learned elsewhere and by the standard layers.

Prints accuracy per expected code and overall for both, and every miss. Exit status 1 when a
target is missed (≥ 95 % overall, no code under 85 %, in the leave-one-source-out run).

    .venv/bin/python -m benchmarks.diagnosis_score [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks._common import Figure
from wizard.core.engine.api import Stage
from wizard.core.engine.rules import Reading, classify

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "replies.csv"
OVERALL_TARGET, PER_CODE_TARGET = 0.95, 0.85


@dataclass(frozen=True)
class Case:
    source: str
    url: str
    reading: Reading
    expected: tuple[str, str]

    @property
    def reply(self) -> str:
        return f"{self.reading.code} {self.reading.text}".replace("\n", " / ")


def load(path: Path = CORPUS) -> list[Case]:
    with path.open(encoding="utf-8", newline="") as stream:
        return [
            Case(
                row["source"],
                row["url"],
                Reading(
                    "reply",
                    Stage(row["stage"]),
                    int(row["code"]),
                    row["text"],
                    row["secret_kind"],
                    row["authenticated"] == "1",
                ),
                (row["expected_code"], row["expected_field"]),
            )
            for row in csv.DictReader(stream)
        ]


def outcome(case: Case, left_out: str | None = None) -> tuple[str, str]:
    rule = classify(case.reading, left_out)
    return rule.code, rule.field or ""


def score(cases: list[Case], *, leave_one_out: bool) -> dict:
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses = []
    for case in cases:
        got = outcome(case, case.source if leave_one_out else None)
        total[case.expected[0]] += 1
        if got == case.expected:
            right[case.expected[0]] += 1
        else:
            misses.append(
                {
                    "source": case.source,
                    "reply": case.reply,
                    "stage": case.reading.stage.value,
                    "expected": "/".join(case.expected),
                    "got": "/".join(got),
                    "url": case.url,
                }
            )
    per_code = {code: right[code] / total[code] for code in sorted(total)}
    overall = sum(right.values()) / sum(total.values())
    return {"overall": overall, "per_code": per_code, "counts": dict(total), "misses": misses}


def figures() -> list[Figure]:
    """The leave-one-source-out score as run_all figures (error rates in %, lower is better)."""
    held_out = score(load(), leave_one_out=True)
    worst = min(held_out["per_code"], key=held_out["per_code"].__getitem__)
    return [
        Figure(
            "diagnosis, left-out source: wrong",
            100 * (1 - held_out["overall"]),
            100 * (1 - OVERALL_TARGET),
            "%",
        ),
        Figure(
            "diagnosis, left-out source: worst code",
            100 * (1 - held_out["per_code"][worst]),
            100 * (1 - PER_CODE_TARGET),
            "%",
            worst,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    cases = load()
    results = {
        "cases": len(cases),
        "sources": len({c.source for c in cases}),
        "all_rules": score(cases, leave_one_out=False),
        "leave_one_source_out": score(cases, leave_one_out=True),
    }
    held_out = results["leave_one_source_out"]
    met = held_out["overall"] >= OVERALL_TARGET and min(held_out["per_code"].values()) >= PER_CODE_TARGET
    results["targets_met"] = met
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return 0 if met else 1
    print(f"{results['cases']} replies from {results['sources']} sources ({CORPUS.name})\n")
    print(f"{'expected code':<24}{'replies':>8}{'all rules':>12}{'left out':>12}")
    for code, count in sorted(held_out["counts"].items()):
        print(
            f"{code:<24}{count:>8}{results['all_rules']['per_code'][code]:>12.1%}{held_out['per_code'][code]:>12.1%}"
        )
    print(
        f"{'overall':<24}{results['cases']:>8}{results['all_rules']['overall']:>12.1%}{held_out['overall']:>12.1%}"
    )
    for name in ("all_rules", "leave_one_source_out"):
        print(f"\nmisses ({name.replace('_', ' ')}): {len(results[name]['misses'])}")
        for miss in results[name]["misses"]:
            print(f"  [{miss['source']}] {miss['stage']}: {miss['reply'][:110]}")
            print(f"      expected {miss['expected']}, got {miss['got']}")
    target = f"target: >= {OVERALL_TARGET:.0%} overall, no code under {PER_CODE_TARGET:.0%} (left out)"
    print(f"\n{target}: {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
