#!/usr/bin/env python3
"""Print the README's score table from `casedex eval --format json` (read on stdin)."""
import json
import sys

report = json.load(sys.stdin)
print(f"Scores on {report['documents']} labelled documents (`cargo run --release -- eval`):\n")
print("| field | metric | score | n |")
print("|---|---|---|---|")
for s in report["scores"]:
    print(f"| {s['field']} | {s['metric']} | {s['value'] * 100:.1f}% | {s['n']} |")
