#!/usr/bin/env python3
"""How often a cut headline on a page ends up stored under its full form (truncation repair).

Usage: PYTHONPATH=. python bench/eval_truncation.py CORPUS_HTML_DIR [--show]

A "cut/full pair" is found in the page itself, independently of our extraction: a link whose
text ends with an ellipsis ("…" or "...") and holds at least three whole words, and a text on
the same page (another link, a link's title or label, a heading, an image's alt text) that
begins with those words and goes on: the site shows the headline twice, once shortened. Each page is then stored the way a crawl stores it
(extract_page, then record_page into a fresh SQLite file), and a pair counts as

- resolved: a stored headline carries the full text and no stored headline is the cut form;
- unresolved: the cut form is stored as a headline of its own (the full one never joined it);
- not kept: neither form was kept (the page's extraction judged both not headlines).

The rate printed is resolved / (resolved + unresolved): of the pairs the tool kept, how many it
repaired. --show lists each unresolved pair with its page.
"""
from __future__ import annotations

import argparse
import html
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

import ftfy
from lxml import etree

from aggregator.extract import extract_page
from aggregator.prepare import prepare_lists
from db import open_db
from db.writes import record_page

ELLIPSIS = re.compile(r"(?:\s*(?:\u2026|\.{3,}))\s*$")
MIN_CUT_WORDS = 3


def key(text: str) -> str:
    """Compare texts as a reader would: NFKC, case-folded, punctuation and spacing ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold()  # texts come through readable()
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


def page_texts(body: bytes) -> tuple[list[str], list[str]]:
    """(every link's visible text, every other place a page may spell a headline out: link
    titles and labels, headings, image alt text), whitespace collapsed."""
    root = etree.fromstring(body, etree.HTMLParser()) if body.strip() else None
    if root is None:
        return [], []
    links, others = [], []
    for element in root.iter("a", "h1", "h2", "h3", "h4", "h5", "h6", "img"):
        if element.tag == "a":
            links.append(" ".join("".join(element.itertext()).split()))
            others.extend(element.get(name) or "" for name in ("title", "aria-label"))
        elif element.tag == "img":
            others.append(element.get("alt") or "")
        else:
            others.append(" ".join("".join(element.itertext()).split()))
    return [readable(t) for t in links if t], [readable(t) for t in others if t.strip()]


def readable(text: str) -> str:
    """The text a reader sees: entities a page escaped twice decoded, mojibake repaired (ftfy),
    whitespace collapsed; so a cut spelt "&amp;#8230;" or "â€¦" is seen as cut."""
    return " ".join(ftfy.fix_text(html.unescape(text)).split())


def cut_full_pairs(links: list[str], others: list[str]) -> list[tuple[str, str]]:
    """(cut key, full key) pairs shown on one page: a cut link text and the full text it begins;
    the cut's last word is dropped when the ellipsis touches it (it may be a fragment)."""
    whole = {key(t) for t in links + others if not ELLIPSIS.search(t)}
    pairs = set()
    for text in links:
        match = ELLIPSIS.search(text)
        if not match:
            continue
        body = text[: match.start()]
        if not text[match.start()].isspace():
            body = body.rpartition(" ")[0]
        cut = key(body)
        if len(cut.split()) < MIN_CUT_WORDS:
            continue
        fulls = sorted(f for f in whole if f.startswith(cut + " ") and len(f) > len(cut))
        if fulls:
            pairs.add((cut, fulls[0]))
    return sorted(pairs)


def stored(folder: Path, name: str, body: bytes) -> list[tuple[str, bool]]:
    """(key, truncated) of every headline the page leaves in a fresh database."""
    db = open_db(folder / f"{name}.db")
    page = extract_page(body, "")
    record_page(db, "page", "https://page.example/", "2026-01-01T00:00:00Z", prepare_lists(page, None))
    rows = [(key(text), bool(cut)) for text, cut in db.execute("SELECT text, truncated FROM headlines")]
    db.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--show", action="store_true", help="print each unresolved pair")
    args = parser.parse_args()
    files = sorted(p for p in args.corpus.rglob("*") if p.suffix.lower() in (".html", ".htm"))
    if not files:
        print(f"{args.corpus}: no .html pages found", file=sys.stderr)
        return 2
    counts = {"resolved": 0, "unresolved": 0, "not kept": 0}
    pages_with_pairs = 0
    with tempfile.TemporaryDirectory(prefix="eval-trunc-") as tmp:
        for n, path in enumerate(files):
            body = path.read_bytes()
            pairs = cut_full_pairs(*page_texts(body))
            if not pairs:
                continue
            pages_with_pairs += 1
            rows = stored(Path(tmp), str(n), body)
            for cut, full in pairs:
                if any(cut_ and k.startswith(cut) for k, cut_ in rows):
                    verdict = "unresolved"
                elif any(k.startswith(cut + " ") and not cut_ for k, cut_ in rows):
                    verdict = "resolved"
                else:
                    verdict = "not kept"
                counts[verdict] += 1
                if args.show and verdict == "unresolved":
                    print(f"{path.relative_to(args.corpus)}\n  cut:  {cut}\n  full: {full}")
    kept = counts["resolved"] + counts["unresolved"]
    rate = counts["resolved"] / kept if kept else 0.0
    print(f"pages with cut/full pairs: {pages_with_pairs}; pairs: {sum(counts.values())} "
          + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print(f"resolved {rate:.1%} of the {kept} pairs kept (goal >= 95%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
