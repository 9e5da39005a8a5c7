"""Precision/recall of aggregator.stories.same_story on scored headline pairs.

Usage: python bench/eval_stories.py TSV_PATH [--split train|check] [--bands] [--errors N] [--min-jaccard J]
The TSV has columns split, score_0_5, headline_1, headline_2 (STS Benchmark headlines layout):
SAME when score >= 4, DIFF when score < 3; pairs scored 3-4 are ignored. `--split train` keeps the
pairs of the train split (tune on these), `--split check` those of dev and test (check on these).
`--bands` adds P/R by plain word Jaccard (lowercased \\w+ word sets: < 0.3, 0.3-0.5, >= 0.5): a
plain Jaccard >= 0.5 alone finds most SAME pairs, so precision among high-overlap pairs is what
decides real-world precision. `--errors N` prints N wrong pairs (with their Jaccard), only those
at Jaccard >= J with `--min-jaccard J`.
"""
from __future__ import annotations

import csv
import re
import sys
import time
from collections.abc import Callable

from aggregator.stories import same_story

BANDS = ((0.0, 0.3, "J < 0.3"), (0.3, 0.5, "0.3 <= J < 0.5"), (0.5, 1.01, "J >= 0.5"))
SPLITS: dict[str, tuple[str, ...]] = {"train": ("train",), "check": ("dev", "test")}
_WORD = re.compile(r"\w+")


def word_jaccard(a: str, b: str) -> float:
    """Plain word-set Jaccard of two headlines (lowercased \\w+ words): the reference a rule must beat."""
    x, y = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    return len(x & y) / len(x | y) if x | y else 0.0


class Tally:
    """Confusion counts, overall and by Jaccard band; the wrong pairs with their Jaccard."""

    def __init__(self) -> None:
        self.counts = [[0, 0, 0, 0] for _ in range(len(BANDS) + 1)]   # TP FP FN TN; last = all
        self.errors: list[tuple[float, str]] = []

    def add(self, gold: bool, pred: bool, jaccard: float, line: str) -> None:
        cell = 0 if gold and pred else 1 if pred else 2 if gold else 3
        band = next(n for n, (lo, hi, _) in enumerate(BANDS) if lo <= jaccard < hi)
        self.counts[band][cell] += 1
        self.counts[-1][cell] += 1
        if gold != pred:
            self.errors.append((jaccard, f"{'FP' if pred else 'FN'} J={jaccard:.2f} {line}"))

    @staticmethod
    def pr(counts: list[int]) -> tuple[float, float]:
        tp, fp, fn, _tn = counts
        return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)

    def report(self, bands: bool, show: int, min_jaccard: float, out: Callable[[str], None] = print) -> None:
        tp, fp, fn, tn = self.counts[-1]
        p, r = self.pr(self.counts[-1])
        out(f"pairs={tp + fp + fn + tn} same={tp + fn} diff={fp + tn} TP={tp} FP={fp} FN={fn} TN={tn}")
        out(f"precision={p:.3f} recall={r:.3f}")
        if bands:
            for (_lo, _hi, name), counts in zip(BANDS, self.counts):
                bp, br = self.pr(counts)
                out(f"  {name:<15} pairs={sum(counts):<4} same={counts[0] + counts[2]:<4} TP={counts[0]:<4} "
                    f"FP={counts[1]:<3} FN={counts[2]:<3} P={bp:.3f} R={br:.3f}")
        for _j, line in [e for e in self.errors if e[0] >= min_jaccard][:show]:
            out(line)


def option(args: list[str], name: str, default: str | None = None) -> str | None:
    """The value after `name` in args (or `default`); a flag without a value is a one-line error."""
    if name not in args:
        return default
    at = args.index(name) + 1
    if at >= len(args):
        raise SystemExit(f"{name}: expected a value")
    return args[at]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0].startswith("-"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    split = option(args, "--split")
    if split is not None and split not in SPLITS:
        raise SystemExit(f"--split: expected one of {', '.join(SPLITS)}, got {split!r}")
    show = int(option(args, "--errors", "0") or 0)
    min_jaccard = float(option(args, "--min-jaccard", "0") or 0)
    tally = Tally()
    t0 = time.perf_counter()
    with open(args[0], encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if split is not None and row.get("split") not in SPLITS[split]:
                continue
            score = float(row["score_0_5"])
            if 3 <= score < 4:
                continue
            a, b = row["headline_1"], row["headline_2"]
            tally.add(score >= 4, same_story(a, b), word_jaccard(a, b), f"{score:.1f}\t{a}\t{b}")
    dt = time.perf_counter() - t0
    tally.report("--bands" in args, show, min_jaccard)
    print(f"({dt:.2f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
