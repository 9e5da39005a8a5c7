#!/usr/bin/env python3
"""Cost of pages shown again: 304s and unchanged pages of 50 headlines, set-based vs per sighting.

Usage: python bench/bench_unchanged.py [PAGES] [--rounds R] [--batch SIGHTINGS]

Builds one database of PAGES pages (50 headlines each: 45 full, 5 cut teasers of headlines of the
source's other pages, with their links), copies it, and on each copy writes R rounds of the
same pages seen again, in batches as the crawl pipeline writes them: first every page as a 304,
then every page with its unchanged lists. One copy counts them set-based (db/unchanged.py), the
other per sighting (the path before it); both copies must end with the same tables.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aggregator.model import HeadlineList, Page, Sighting
from aggregator.prepare import prepare_lists
from db import open_db
from db.writes import PageInput, _Batch, batches, record_pages

WORDS = ["council", "budget", "storm", "coast", "final", "penalty", "album", "surprise", "rates", "steady",
         "talks", "vote", "record", "heat", "strike", "rail", "court", "ruling", "market", "rally"]
TABLES = ("headlines", "appearances", "sightings_hourly", "headline_texts", "captures", "capture_hours",
          "dirty_hours")


def page(n: int) -> tuple[str, str, Page]:
    source, url = f"site-{n % 40:02d}", f"https://news{n % 40:02d}.example/section-{n // 40}"
    rows = []
    for i in range(45):
        words = " ".join(WORDS[(n * 7 + i * 3 + k) % len(WORDS)] for k in range(5))
        rows.append(Sighting(f"Story {n}-{i}: {words} as it happened", f"{url}/story-{n}-{i}", i + 1))
    for i in range(5):  # teasers of the previous page's stories, cut by the listing module
        other = (n - 40) if n >= 40 else n
        rows.append(Sighting(f"Story {other}-{i}: {WORDS[i]}\u2026", f"https://news{other % 40:02d}.example/"
                             f"section-{other // 40}/story-{other}-{i}", 46 + i))
    return source, url, Page(url=url, lists=[HeadlineList("latest", rows)])


def dump(db) -> dict[str, list]:
    return {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES}


def rounds(db, pages: list[tuple], count: int, batch: int, not_modified: bool) -> list[float]:
    """Seconds of each round (the first 304 of a capture also caches its rows)."""
    seconds = []
    for r in range(count):
        seen_at = f"2026-11-02T{r % 24:02d}:{30 if not_modified else 45}:00Z"
        inputs = [PageInput(s, u, seen_at, None if not_modified else lists) for s, u, lists in pages]
        began = time.perf_counter()
        for chunk in batches(inputs, batch):
            record_pages(db, chunk)
        seconds.append(time.perf_counter() - began)
    return seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", nargs="?", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--batch", type=int, default=2000, help="sightings per batch (the crawl pipeline's: 2000)")
    args = ap.parse_args()
    if args.pages < 1 or args.rounds < 1 or args.batch < 1:
        ap.error("pages, --rounds and --batch must be positive")
    folder = Path(tempfile.mkdtemp(prefix="bench-unchanged-"))
    try:
        pages = []
        for n in range(args.pages):
            source, url, extracted = page(n)
            pages.append((source, url, prepare_lists(extracted)))
        base = open_db(folder / "base.db")
        for chunk in batches([PageInput(s, u, "2026-11-02T00:00:00Z", lists) for s, u, lists in pages], args.batch):
            record_pages(base, chunk)
        base.close()
        times, dumps = {}, {}
        for label, set_based in (("per sighting", False), ("set-based", True)):
            shutil.copy(folder / "base.db", folder / f"{label}.db")
            db = open_db(folder / f"{label}.db")
            _Batch.set_based = set_based
            times[label] = (rounds(db, pages, args.rounds, args.batch, True),
                            rounds(db, pages, args.rounds, args.batch, False))
            dumps[label] = dump(db)
            db.close()
        _Batch.set_based = True
        same = dumps["per sighting"] == dumps["set-based"]
        print(f"pages={args.pages:,} x 50 headlines, rounds={args.rounds}, batch={args.batch} sightings, "
              f"load={os.getloadavg()[0]:.1f}, same tables: {same}")
        for kind, index in (("304", 0), ("unchanged page", 1)):
            old, new = times["per sighting"][index], times["set-based"][index]
            parts = [("first round", 0, 1)] + ([("later rounds", 1, args.rounds)] if args.rounds > 1 else [])
            for part, start, end in parts:
                n, before, after = args.pages * (end - start), sum(old[start:end]), sum(new[start:end])
                print(f"{kind:15s} {part:12s} per sighting {n / before:9,.0f} pages/s  "
                      f"set-based {n / after:9,.0f} pages/s  = {before / after:.1f}x")
        return 0 if same else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
