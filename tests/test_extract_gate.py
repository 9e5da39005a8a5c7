"""Quality gate: precision/recall/F1 of detection on our own labelled fixtures.

Floors live in tests/extract_gate_baseline.json and only move up (trafilatura's eval gate
habit). Matching is by headline key (aggregator.clean.headline_key), one-to-one.
"""
from __future__ import annotations

import json
from pathlib import Path

from aggregator.clean import headline_key
from aggregator.extract import extract_page

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "extract"


def score() -> dict[str, float]:
    expected = json.loads((FIXTURES / "expected.json").read_text("utf-8"))
    tp = fp = fn = exact = 0
    for name, case in expected.items():
        if name.startswith("_"):
            continue
        page = extract_page((FIXTURES / name).read_bytes(), case["url"])
        got = [h.text for lst in page.lists for h in lst.headlines]
        gold = {headline_key(t): t for t in case["headlines"]}
        seen = set()
        for text in got:
            key = headline_key(text)
            if key in gold and key not in seen:
                tp += 1
                exact += text == gold[key]
                seen.add(key)
            else:
                fp += 1
        fn += len(gold) - len(seen)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"micro_precision": p, "micro_recall": r,
            "micro_f1": 2 * p * r / (p + r) if p + r else 0.0,
            "exact_text_share": exact / tp if tp else 0.0}


def test_quality_floors() -> None:
    floors = json.loads((HERE / "extract_gate_baseline.json").read_text("utf-8"))
    got = score()
    low = {k: (round(got[k], 3), v) for k, v in floors.items() if not k.startswith("_") and got[k] + 1e-9 < v}
    assert not low, f"below floor (got, floor): {low}"
