"""Precision/recall of aggregator.stories.same_story on scored headline pairs.

Usage: python bench/eval_stories.py TSV_PATH [--errors N]
The TSV has columns score_0_5, headline_1, headline_2 (STS Benchmark headlines layout):
SAME when score >= 4, DIFF when score < 3; pairs scored 3-4 are ignored.
"""
from __future__ import annotations

import csv
import sys
import time

from aggregator.stories import same_story


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    show = int(args[args.index("--errors") + 1]) if "--errors" in args else 0
    tp = fp = fn = tn = 0
    errors: list[str] = []
    t0 = time.perf_counter()
    with open(args[0], encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            score = float(row["score_0_5"])
            if 3 <= score < 4:
                continue
            gold = score >= 4
            pred = same_story(row["headline_1"], row["headline_2"])
            tp += gold and pred
            fp += pred and not gold
            fn += gold and not pred
            tn += not gold and not pred
            if gold != pred and len(errors) < 10_000:
                errors.append(f"{'FP' if pred else 'FN'} {score:.1f}\t{row['headline_1']}\t{row['headline_2']}")
    dt = time.perf_counter() - t0
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"pairs={tp + fp + fn + tn} same={tp + fn} diff={fp + tn} TP={tp} FP={fp} FN={fn} TN={tn}")
    print(f"precision={p:.3f} recall={r:.3f} F1={f1:.3f} ({dt:.2f}s)")
    for line in errors[:show]:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
