"""Print the top topics of a file of headlines, so anyone can check the names by eye.

Usage: python bench/topics_top.py FILE [FILE ...] [--top 25] [--show NAME ...] [--each]
FILE: a CSV with a `text` column (as `headlines ingest` reads), a .txt with one headline a line,
a .jsonl with one {"text": ...} object a line (`headlines extract` items, for instance), or an
RSS/Atom feed (.xml/.rss/.atom: item and entry titles). Headlines are cleaned and deduped
by key as the store does; the model is fitted on all of them and each is tagged, then topics
are ranked by distinct headlines (what `headlines top` counts). --show NAME prints the
headlines carrying a topic; --each prints every headline with its topics. The last line gives
the tagging cost per headline in CPU time (the fit excluded), to compare before/after a change in one run.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter, defaultdict

from lxml import etree

from aggregator.clean import clean_text, headline_key
from aggregator.topics import Topic, TopicModel, topic_key


def read_texts(path: str) -> list[str]:
    """Raw headline texts of one file, by its kind."""
    if path.endswith(".csv"):
        with open(path, encoding="utf-8", newline="") as fh:
            return [row["text"] for row in csv.DictReader(fh) if row.get("text")]
    if path.endswith(".jsonl"):
        with open(path, encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        return [row["text"] for row in rows if isinstance(row, dict) and row.get("text")]
    if path.endswith((".xml", ".rss", ".atom")):
        tree = etree.parse(path, etree.XMLParser(recover=True))
        return [el.text for el in tree.iter("{*}title", "title") if el.text and el.getparent() is not None
                and etree.QName(el.getparent()).localname in ("item", "entry")]
    with open(path, encoding="utf-8") as fh:
        return [line.strip() for line in fh if line.strip()]


def distinct(texts: list[str]) -> list[tuple[str, bool]]:
    seen: set[str] = set()
    docs = []
    for raw in texts:
        text, cut = clean_text(raw)
        key = headline_key(text)
        if len(key) >= 3 and key not in seen:
            seen.add(key)
            docs.append((text, cut))
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--show", nargs="*", default=[], help="print the headlines of these topics")
    ap.add_argument("--each", action="store_true", help="print every headline with its topics")
    args = ap.parse_args(argv)
    docs = distinct([t for path in args.files for t in read_texts(path)])
    model = TopicModel.fit(docs)
    t0 = time.process_time()
    tagged = [model.topics(text, cut) for text, cut in docs]
    per = 1e6 * (time.process_time() - t0) / max(1, len(docs))
    counts: Counter[str] = Counter()
    names: dict[str, Counter[Topic]] = defaultdict(Counter)   # shown as the store shows it: the most used form
    carriers: dict[str, list[str]] = defaultdict(list)
    for (text, _cut), topics in zip(docs, tagged):
        if args.each:
            print(text, "->", [t.name for t in topics])
        for t in topics:
            counts[t.key] += 1
            names[t.key][t] += 1
            carriers[t.key].append(text)
    for rank, (key, n) in enumerate(counts.most_common(args.top), 1):
        shown = min(names[key].items(), key=lambda kv: (-kv[1], kv[0].name, kv[0].kind))[0]
        print(f"{rank:3d} {n:5d}  {shown.name}  ({shown.kind})")
    for name in args.show:
        print(f"== {name}")
        for text in carriers.get(topic_key(name), []):
            print("   ", text)
    print(f"{len(docs)} distinct headlines; tagging {per:.1f} us/headline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
