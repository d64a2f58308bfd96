#!/usr/bin/env python3
"""Print the README's score table from `casedex eval --format json` (read on stdin).

    cargo run --release -- eval --format json | python3 scripts/readme_scores.py

The targets are those of the dev-set issue; a field without one is
reported for information.
"""
import json
import sys

# (field, metric) -> (target, higher is better)
TARGETS = {
    ("patients.age (±0.5 y)", "accuracy"): 0.95,
    ("patients.sex", "accuracy"): 0.97,
    ("patient_count", "accuracy"): 0.90,
    ("laterality", "accuracy"): 0.90,
    ("treatments_given", "precision"): 0.90,
    ("treatments_given", "recall"): 0.85,
    # "marked given ≤ 5%" is "kept not given ≥ 95%".
    ("treatments_not_given", "kept not given"): 0.95,
    ("references.count", "accuracy"): 0.95,
    ("MeSH age group agreement", "accuracy"): 0.97,
    ("MeSH sex agreement", "accuracy"): 0.97,
}
for f in ("first author", "year", "journal", "volume", "first page"):
    TARGETS[(f"references.{f} (JATS)", "accuracy")] = 0.95

report = json.load(sys.stdin)
print(f"Scores on {report['documents']} labelled documents (`cargo run --release -- eval`):\n")
print("| field | metric | score | n | target |")
print("|---|---|---|---|---|")
for s in report["scores"]:
    target = TARGETS.get((s["field"], s["metric"]))
    if target is None:
        mark = "–"
    else:
        mark = f"≥ {target * 100:.0f}% " + ("met" if s["value"] >= target else "**not met**")
    print(f"| {s['field']} | {s['metric']} | {s['value'] * 100:.1f}% | {s['n']} | {mark} |")
