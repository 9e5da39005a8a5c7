#!/usr/bin/env python3
"""Speed of extract_page beside a bare lxml parse of the same pages, in the same run.

Usage: PYTHONPATH=. python bench/bench_extract.py CORPUS_DIR [--limit N]
Walks CORPUS_DIR for *.html / *.htm, reads every page into memory first, then times
(a) lxml.etree.fromstring(body, HTMLParser()) and (b) extract_page(body, ""), page by page.
Prints pages/s and median ms per page for both, and the ratio extract / parse. Times are the
process's CPU time (time.process_time), so other work on a busy machine does not skew the
ratio; --wall times wall-clock instead. The cyclic garbage collector is paused during each bare
parse: lxml makes a handful of Python objects there, so a collection that falls in it would be
sorting the extraction's objects and is charged to the extraction instead.
"""
import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

from lxml import etree

from aggregator.extract import extract_page


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--wall", action="store_true", help="wall-clock time instead of CPU time")
    a = ap.parse_args()
    clock = time.perf_counter if a.wall else time.process_time
    files = sorted(p for p in Path(a.corpus).rglob("*") if p.suffix.lower() in (".html", ".htm"))
    if a.limit:
        files = files[: a.limit]
    bodies = [p.read_bytes() for p in files]
    parse_ms, extract_ms = [], []
    collecting = gc.isenabled()
    for body in bodies:
        gc.disable()
        t0 = clock()
        etree.fromstring(body, etree.HTMLParser()) if body and not body.isspace() else None
        t1 = clock()
        if collecting:
            gc.enable()
        extract_page(body, "")
        t2 = clock()
        parse_ms.append((t1 - t0) * 1000)
        extract_ms.append((t2 - t1) * 1000)
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
