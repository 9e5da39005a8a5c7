"""Throughput of StoryGrouper.add (and TopicModel.topics) on N synthetic headlines.

Usage: python bench/bench_stories.py [N] [--topics] [--days D]
Headlines are built from random words with ~20% near-duplicates (wire tags, cut endings,
reordered clauses), so blocks and candidate lists look like a real ingest; they are spread
evenly over D days (default 30) and fed in canonical order with the 3-day window, as the
aggregate step does. Prints headlines/s and peak RSS (resource.getrusage).
"""
from __future__ import annotations

import random
import resource
import sys
import time
from datetime import datetime, timedelta, timezone

from aggregator import lexicon
from aggregator.story_groups import StoryGrouper
from aggregator.timewindow import to_iso

NAMES = ["Halvorsen", "Okafor", "Brandt", "Moreau", "Tanaka", "Kowalski", "Ruiz", "Lindqvist",
         "Adeyemi", "Novak", "Ferreira", "Duvall", "Castellano", "Yamamoto", "Oyelaran", "Petrov"]
PLACES = ["Lagos", "Oslo", "Lima", "Perth", "Leeds", "Quito", "Hanoi", "Turin", "Bergen", "Cork"]
VERBS = ["wins", "loses", "backs", "rejects", "plans", "delays", "unveils", "probes", "sues", "hires"]
NOUNS = ["budget", "merger", "strike", "election", "reform", "deal", "tariff", "inquiry", "festival",
         "stadium", "pipeline", "vaccine", "drought", "ferry", "airport", "bank", "union", "court"]


def headlines(n: int, seed: int = 7) -> list[str]:
    """Zipf-distributed words from the bundled dictionary plus names/places, ~20% near-duplicates."""
    rnd = random.Random(seed)
    vocab = sorted(lexicon.common_words())
    rnd.shuffle(vocab)
    weights = [1 / (rank + 10) for rank in range(len(vocab))]
    pool = rnd.choices(vocab, weights, k=n * 8)
    out: list[str] = []
    for i in range(n):
        if out and rnd.random() < 0.2:
            base = out[rnd.randrange(max(0, len(out) - 5000), len(out))]
            kind = rnd.randrange(3)
            out.append("UPDATE 1-" + base if kind == 0 else base[: max(12, len(base) - 9)] + "\u2026"
                       if kind == 1 else base + " - Reuters")
            continue
        words = pool[i * 8: i * 8 + 6]
        words[0] = words[0].capitalize()
        words.insert(1, rnd.choice(NAMES))
        words.append(rnd.choice(PLACES))
        if rnd.random() < 0.3:
            words.append(str(rnd.randrange(100)))
        out.append(" ".join(words))
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    n = int(args[0]) if args and args[0].isdigit() else 200_000
    data = headlines(n)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    days = float(args[args.index("--days") + 1]) if "--days" in args else 30.0
    start = datetime(2014, 3, 1, tzinfo=timezone.utc)
    step = days * 86400 / max(n, 1)
    times = [to_iso(start + timedelta(seconds=i * step)) for i in range(n)]
    grouper = StoryGrouper(3 * 86400.0)
    stories: set[int] = set()
    t0, c0 = time.perf_counter(), time.process_time()
    for i, text in enumerate(data):
        grouper.add(i, times[i], f"{i:08d}", None, text)
        if i % 10_000 == 9_999:
            stories.update(grouper.take_stories().values())
    stories.update(grouper.take_stories().values())
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"StoryGrouper: {n} headlines in {dt:.2f}s = {n / dt:,.0f} headlines/s "
          f"(CPU {cpu:.2f}s = {n / cpu:,.0f}/s); {len(stories)} stories; "
          f"peak RSS {rss1 / 1024:.0f} MB (+{(rss1 - rss0) / 1024:.0f} MB)")
    if "--topics" in args:
        from aggregator.topics import TopicModel
        t0 = time.perf_counter()
        model = TopicModel.fit((h, h.endswith("\u2026")) for h in data[:50_000])
        t1 = time.perf_counter()
        for h in data:
            model.topics(h, h.endswith("\u2026"))
        t2 = time.perf_counter()
        print(f"TopicModel: fit {min(n, 50_000)} in {t1 - t0:.2f}s; topics() {n / (t2 - t1):,.0f} headlines/s "
              f"({1e6 * (t2 - t1) / n:.1f} us each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
