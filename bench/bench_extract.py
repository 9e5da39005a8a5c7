#!/usr/bin/env python3
"""Speed of extract_page beside a bare lxml parse of the same pages, in the same run.

Usage: PYTHONPATH=. python bench/bench_extract.py CORPUS_DIR [--limit N] [--wall] [--dump FILE]
Walks CORPUS_DIR for *.html / *.htm, reads every page into memory first, then times
(a) lxml.etree.fromstring(body, HTMLParser()) and (b) extract_page(body, ""), page by page.
Prints pages/s and median ms per page for both, and the ratio extract / parse. Times are the
process's CPU time (time.process_time), so other work on a busy machine does not skew the
ratio; --wall times wall-clock instead. The cyclic garbage collector is paused during each bare
parse: lxml makes a handful of Python objects there, so a collection that falls in it would be
sorting the extraction's objects and is charged to the extraction instead.

--dump FILE writes what every page gave (title, site name, feeds, reason, each list's name and
its headlines' text, URL and position, in order), one JSON line a page, so a change meant only
for speed can be checked byte for byte: dump before and after, then `cmp` the two files.
"""
import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path

from lxml import etree

from aggregator.extract import extract_page, page_to_json
from aggregator.model import Page


def dump_line(name: str, page: Page) -> str:
    """One page's extraction as a JSON line keyed by its file name (relative to the corpus)."""
    out = page_to_json(page)
    out.update(file=name, site_name=page.site_name, reason=page.reason)
    return json.dumps(out, ensure_ascii=False, sort_keys=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--wall", action="store_true", help="wall-clock time instead of CPU time")
    ap.add_argument("--dump", metavar="FILE", help="write each page's extraction there, one JSON line a page")
    a = ap.parse_args()
    clock = time.perf_counter if a.wall else time.process_time
    files = sorted(p for p in Path(a.corpus).rglob("*") if p.suffix.lower() in (".html", ".htm"))
    if a.limit:
        files = files[: a.limit]
    bodies = [p.read_bytes() for p in files]
    if not bodies:
        print(f"bench_extract: no .html/.htm files under {a.corpus}", file=sys.stderr)
        return 2
    dump = open(a.dump, "w", encoding="utf-8") if a.dump else None  # closed after the loop
    parse_ms, extract_ms = [], []
    collecting = gc.isenabled()
    for path, body in zip(files, bodies):
        gc.disable()
        t0 = clock()
        etree.fromstring(body, etree.HTMLParser()) if body and not body.isspace() else None
        t1 = clock()
        if collecting:
            gc.enable()
        page = extract_page(body, "")
        t2 = clock()
        parse_ms.append((t1 - t0) * 1000)
        extract_ms.append((t2 - t1) * 1000)
        if dump is not None:
            dump.write(dump_line(path.relative_to(a.corpus).as_posix(), page) + "\n")
    if dump is not None:
        dump.close()
    n = len(bodies)
    mb = sum(map(len, bodies)) / 1e6
    for label, ms in (("lxml parse", parse_ms), ("extract_page", extract_ms)):
        print(f"{label:13s} {n / (sum(ms) / 1000):8.1f} pages/s  median {statistics.median(ms):7.2f} ms/page  "
              f"total {sum(ms) / 1000:6.2f} s")
    print(f"pages={n} size={mb:.1f} MB  ratio extract/parse: total {sum(extract_ms) / sum(parse_ms):.2f}x  "
          f"median {statistics.median(extract_ms) / statistics.median(parse_ms):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
