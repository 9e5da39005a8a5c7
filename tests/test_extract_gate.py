"""Quality gates for detection, with floors that only move up (trafilatura's eval gate habit).

1. Our own labelled fixtures (tests/fixtures/extract): always run. Matching by headline key
   (aggregator.clean.headline_key), one-to-one.
2. The labelled development corpus (every page in its labels/pages.tsv): runs when the
   environment variable HEADLINES_CORPUS names the folder holding labels/ and the pages, and
   is skipped otherwise (the corpus is never copied into this repository, so CI without it
   skips). Floors per page and overall; a per-page table is printed (`pytest -s`) and shown
   in the failure message.

Corpus labels (one TSV per page: idx, text, href, context, times, label): H the link text is
a headline, H:<text> the headline inside a longer link text, S sponsored (neither credited
nor held against), N not a headline. A prediction matches a label when their normalised keys
are equal, one is a prefix of the other covering 80% of it, or their word sets overlap with
F1 >= 0.8; pairs are taken best first, one to one.

Raise the floors after an improvement (they never go down):
    HEADLINES_CORPUS=/path/to/corpus python tests/test_extract_gate.py --raise
"""
from __future__ import annotations

import csv
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from aggregator.clean import headline_key
from aggregator.extract import extract_page

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "extract"
BASELINE = HERE / "extract_gate_baseline.json"
SLACK = 1e-9


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
    floors = json.loads(BASELINE.read_text("utf-8"))["fixtures"]
    got = score()
    low = {k: (round(got[k], 3), v) for k, v in floors.items() if got[k] + SLACK < v}
    assert not low, f"below floor (got, floor): {low}"


# -- the labelled corpus ---------------------------------------------------------------------
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                       "\u2014": "-", "\u00a0": " "})
_TRAILING_DOTS = re.compile(r"(?:\s*(?:\u2026|\.{2,}))+\s*$")
_PUNCT = re.compile(r"[^\w\s]")


def label_key(text: str) -> str:
    """Folded, case-free, punctuation-free text without a trailing ellipsis."""
    text = unicodedata.normalize("NFKC", text or "").translate(_FOLD).casefold().strip()
    return " ".join(_PUNCT.sub(" ", _TRAILING_DOTS.sub("", text)).split())


def similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and len(short) >= 0.8 * len(long_):
        return 0.95
    wa, wb = set(a.split()), set(b.split())
    common = len(wa & wb)
    return 2 * common / (len(wa) + len(wb)) if common else 0.0


def pair_up(preds: list[str], golds: list[str], threshold: float = 0.8) -> tuple[set[int], set[int]]:
    """Indexes of matched predictions and gold items, best pairs first, one to one."""
    pairs = sorted(((similarity(p, g), i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)),
                   reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    for sim, i, j in pairs:
        if sim < threshold:
            break
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return used_p, used_g


def read_labels(path: Path) -> tuple[list[str], list[str]]:
    """(headline keys, sponsored keys) of one label file."""
    gold: list[str] = []
    sponsored: list[str] = []
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            label = (row.get("label") or "").strip()
            text = (row.get("text") or "").replace(" | ", " ")
            if label == "H":
                gold.append(text)
            elif label.startswith("H:"):
                gold.append(label[2:].strip())
            elif label == "S":
                sponsored.append(text)
    return (list(dict.fromkeys(k for k in map(label_key, gold) if k)),
            [k for k in map(label_key, sponsored) if k])


def score_page(body: bytes, url: str, gold: list[str], sponsored: list[str]) -> dict[str, float]:
    page = extract_page(body, url)
    preds = list(dict.fromkeys(k for k in (label_key(h.text) for lst in page.lists for h in lst.headlines) if k))
    hit_p, hit_g = pair_up(preds, gold)
    rest = [p for i, p in enumerate(preds) if i not in hit_p]
    spon, _ = pair_up(rest, sponsored)
    tp, fp, fn = len(hit_p), len(rest) - len(spon), len(gold) - len(hit_g)
    p = tp / (tp + fp) if tp + fp else (1.0 if not gold else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"tp": tp, "fp": fp, "fn": fn, "P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0}


def corpus_dir() -> Path | None:
    value = os.environ.get("HEADLINES_CORPUS")
    path = Path(value) if value else None
    return path if path is not None and (path / "labels" / "pages.tsv").is_file() else None


def score_corpus(corpus: Path) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Per-page scores and overall micro P/R/F1 and macro F1."""
    pages: dict[str, dict[str, float]] = {}
    with (corpus / "labels" / "pages.tsv").open(newline="", encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f, delimiter="\t"), key=lambda row: row["label_file"])
    for row in rows:
        gold, sponsored = read_labels(corpus / "labels" / row["label_file"])
        body = (corpus / row["page"]).read_bytes()
        pages[Path(row["label_file"]).stem] = score_page(body, row.get("url") or "", gold, sponsored)
    tp, fp, fn = (sum(s[k] for s in pages.values()) for k in ("tp", "fp", "fn"))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    overall = {"micro_precision": p, "micro_recall": r, "micro_f1": 2 * p * r / (p + r) if p + r else 0.0,
               "macro_f1": sum(s["F1"] for s in pages.values()) / len(pages) if pages else 0.0}
    return pages, overall


def table(pages: dict[str, dict[str, float]], overall: dict[str, float], floors: dict[str, float]) -> str:
    lines = [f"{'page':44s} {'P':>5s} {'R':>5s} {'F1':>5s} {'floor':>5s}"]
    for name, s in pages.items():
        floor = floors.get(name)
        mark = "  <-- below floor" if floor is not None and s["F1"] + SLACK < floor else ""
        lines.append(f"{name[:44]:44s} {s['P']:5.3f} {s['R']:5.3f} {s['F1']:5.3f} "
                     f"{'' if floor is None else f'{floor:5.3f}':>5s}{mark}")
    lines.append("overall " + " ".join(f"{k}={v:.3f}" for k, v in overall.items()))
    return "\n".join(lines)


def test_corpus_floors() -> None:
    corpus = corpus_dir()
    if corpus is None:
        pytest.skip("HEADLINES_CORPUS does not name a labelled corpus (labels/pages.tsv)")
    base = json.loads(BASELINE.read_text("utf-8"))
    pages, overall = score_corpus(corpus)
    shown = table(pages, overall, base["corpus_pages"])
    print("\n" + shown)
    missing = sorted(set(base["corpus_pages"]) - set(pages))
    low_pages = {n: (round(pages[n]["F1"], 3), v) for n, v in base["corpus_pages"].items()
                 if n in pages and pages[n]["F1"] + SLACK < v}
    low = {k: (round(overall[k], 3), v) for k, v in base["corpus"].items() if overall[k] + SLACK < v}
    assert not (missing or low_pages or low), (
        f"pages gone: {missing}; pages below floor (got, floor): {low_pages}; "
        f"overall below floor: {low}\n{shown}")


def raise_floors() -> int:
    """Set every floor to the current figure where that is higher (3 decimals, rounded down)."""
    corpus = corpus_dir()
    if corpus is None:
        print("set HEADLINES_CORPUS to the folder holding labels/pages.tsv", file=sys.stderr)
        return 2
    base = json.loads(BASELINE.read_text("utf-8"))
    pages, overall = score_corpus(corpus)
    down = lambda v: int(v * 1000 + SLACK) / 1000  # noqa: E731 - rounding down keeps the floor reachable
    for name, s in pages.items():
        base["corpus_pages"][name] = max(base["corpus_pages"].get(name, 0.0), down(s["F1"]))
    for key, value in overall.items():
        base["corpus"][key] = max(base["corpus"].get(key, 0.0), down(value))
    BASELINE.write_text(json.dumps(base, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(table(pages, overall, base["corpus_pages"]))
    return 0


if __name__ == "__main__":
    if sys.argv[1:] != ["--raise"]:
        print("usage: HEADLINES_CORPUS=DIR python tests/test_extract_gate.py --raise", file=sys.stderr)
        sys.exit(2)
    sys.exit(raise_floors())
