"""Dev check: fit a TopicModel on headline lines or feed titles and print the top topics.

Usage: python bench/topics_check.py [--seed PAGE.txt] [--feeds FILE.xml ...] [--top N] [--show]
--seed reads the owner's page text: the 20 rail titles and the lines after "RELATED CONTENT:".
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter

from lxml import etree

from aggregator.clean import clean_text
from aggregator.topics import TopicModel


def seed_titles(path: str) -> list[str]:
    lines = [ln.strip() for ln in open(path, encoding="utf-8") if ln.strip()]
    rail = lines[:20]
    related = lines[lines.index("RELATED CONTENT:") + 1:]
    return rail + related


def feed_titles(paths: list[str]) -> list[str]:
    out = []
    for path in paths:
        try:
            tree = etree.parse(path, etree.XMLParser(recover=True))
        except (etree.XMLSyntaxError, OSError):
            continue
        for el in tree.iter("{*}title", "title"):
            if el.text and el.getparent() is not None and etree.QName(el.getparent()).localname in ("item", "entry"):
                out.append(el.text)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed")
    ap.add_argument("--feeds", nargs="*", default=[])
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args(argv)
    raw = (seed_titles(args.seed) if args.seed else []) + feed_titles(args.feeds)
    seen, docs = set(), []
    for r in raw:
        text, trunc = clean_text(r)
        if text and text not in seen:
            seen.add(text)
            docs.append((text, trunc))
    t0 = time.perf_counter()
    model = TopicModel.fit(docs)
    t1 = time.perf_counter()
    counts: Counter[str] = Counter()
    names = {}
    for text, trunc in docs:
        tops = model.topics(text, trunc)
        if args.show:
            print(text, "->", [t.name for t in tops])
        for t in tops:
            counts[t.key] += 1
            names.setdefault(t.key, t)
    t2 = time.perf_counter()
    print(f"{len(docs)} distinct headlines; fit {t1 - t0:.3f}s; tag {1e6 * (t2 - t1) / max(1, len(docs)):.1f} us/headline")
    for key, n in counts.most_common(args.top):
        print(f"{n:4d}  {names[key].name}  ({names[key].kind})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
