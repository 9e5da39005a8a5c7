#!/usr/bin/env python3
"""Developer view: every candidate link of a page with its score, group and verdict.

`debug_extract.py FILE [--url URL] [--labels LABELS.tsv]` marks labelled headlines (H/S/N)
so misses and false hits stand out. Example:
  PYTHONPATH=. python bench/debug_extract.py page.html --labels labels/x.tsv | grep -E '^(MISS|FP)'
"""
import argparse
import csv
import sys
from pathlib import Path

from lxml import etree

from aggregator.clean import headline_key
from aggregator.cues import word_count
from aggregator.detect import TITLED_WORDS, Detector, lca
from aggregator.encoding import decode_html
from aggregator.extract import _DROP, _base, _parse, _site_host
from aggregator.naming import name_list
from aggregator.urls import LABEL, holds_pages, label_folder, unnumbered_landings


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--url", default="")
    ap.add_argument("--labels")
    a = ap.parse_args()
    labels = {}
    if a.labels:
        csv.field_size_limit(10**7)
        for row in csv.DictReader(open(a.labels, newline=""), delimiter="\t"):
            lab = row["label"].strip()
            text = lab[2:] if lab.startswith("H:") else row["text"].replace(" | ", " ")
            labels.setdefault(headline_key(text), lab[:1])
    text, _ = decode_html(Path(a.file).read_bytes())
    root, _deep = _parse(text)
    etree.strip_elements(root, *_DROP, with_tail=False)
    base = _base(root, a.url)
    det = Detector(root, base, a.url, _site_host(root, a.url, base))
    cands = det.candidates()
    accepted = []
    for group in det.groups(cands):
        kept = {id(c) for c in det.accept(group)}
        accepted.extend(c for c in group if id(c) in kept)
        name, heading = name_list(lca(group), group[0].el, group[0].readmore)
        print(f"## group n={len(group)} name={name} heading={heading!r} sig=...{det.path_text(group[0].sig)[-90:]}")
        for c in group:
            lab = labels.get(headline_key(c.text), "?")
            ok = id(c) in kept
            tag = "OK " if ok == (lab == "H") else ("FP " if ok and lab != "S" else "MISS" if lab == "H" else "s  ")
            toks = det.context_tokens(c.el)
            hits = sorted(toks & (det.r["nav_tokens"] | det.r["bad_tokens"] | det.r["sponsored_tokens"] | det.r["vendor_tokens"]))
            print(f"{tag} {lab} {c.score:+.1f} {'Y' if ok else '-'} {c.text[:90]!r} {c.url[:70]} {hits}")
    # Lone headlines kept in a nav region or breadcrumb (Detector.lone_headlines); detect_groups
    # drops them again when another kept list links the same story.
    for c in accepted:
        if id(c) in det.rescued:
            print(f"LONE+ {labels.get(headline_key(c.text), '?')} {c.text[:90]!r} {c.url[:70]}")
    # Page-level drop after the groups (extract.detect_groups): unnumbered pages among numbered stories.
    for i in unnumbered_landings([c.url for c in accepted]):
        c = accepted[i]
        print(f"LANDING? {labels.get(headline_key(c.text), '?')} {c.text[:90]!r} {c.url[:70]} (dropped unless a titled story)")
    # ... and labels naming the folder their link lies in, or their own folder holding pages
    hrefs = [href for el in root.iter("a") if (href := el.get("href"))]
    for c in accepted:
        if c.foreign or word_count(c.text) >= TITLED_WORDS:
            continue
        folder = label_folder(c.text, c.url)
        if folder == LABEL or (folder is not None and holds_pages(folder, hrefs, base)):
            print(f"FOLDER- {labels.get(headline_key(c.text), '?')} {c.text[:90]!r} {c.url[:70]} (dropped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
