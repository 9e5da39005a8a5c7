"""Throughput of story grouping plus topic tagging (StoryGrouper.add_many + TopicModel.tag_many) on
N synthetic headlines, as the aggregate step runs them: db.aggregate groups the new headlines a
chunk at a time (refresh_stories, add_many) and tags each chunk as soon as it is stored
(EpochTagger.feed, tag_many), while names.normalise still remembers its texts; so the bench
groups then tags CHUNK headlines at a time, timing each.
`--two-pass` runs a grouping pass over every headline and then a tagging pass (how aggregate ran
them before: at a million headlines the normalise memo has turned over in between).
`--interleaved` groups (StoryGrouper.add, one headline at a time) and tags each headline in turn
and times each call (the earliest method: it adds three timer calls a headline, ~1-2 us, and each
pass evicts the other's data from the CPU caches).

Usage: python bench/bench_stories.py [N] [--days D] [--no-topics] [--two-pass] [--interleaved] [--dump FILE]
       [--dump-tags FILE]
Headlines are built from random words with ~20% near-duplicates (wire tags, cut endings,
reordered clauses), so blocks and candidate lists look like a real ingest; they are spread
evenly over D days (default 30) and fed in canonical order with the 3-day window, as the
aggregate step does; the cycle collector is paused over the pass, as aggregate() pauses it, and
the full collection after it is timed as grouping. The topic model is fitted on the first 50k
headlines before timing (the aggregate step fits once per run). Prints grouping, tagging and both together in headlines/s of
CPU time (wall time is printed too: it is noisy on a shared machine), and peak RSS after the
first tenth of the headlines is grouped and at the end (flat memory: the window, not the history, is held).
`--dump FILE` writes "headline index<TAB>story id" for every headline: two versions of the
grouper gave the same stories when their dumps are equal (`cmp`). `--dump-tags FILE` writes
"headline index<TAB>topics" (name|key|kind, joined by TAB) the same way for the tagger.
"""
from __future__ import annotations

import contextlib
import gc
import random
import resource
import sys
import time
from datetime import datetime, timedelta, timezone

from aggregator import lexicon
from aggregator.collector import collector_paused
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


def _take(grouper: StoryGrouper, merged: int, stories: dict[int, int] | None) -> int:
    """Count the last batch's merges, then let go of them and its stories (db/stories.py does so).
    With `stories`, keep every headline's story there, relabelled by the batch's merges."""
    batch = grouper.take_stories()
    if stories is not None:
        stories.update(batch)
        _relabel(stories, grouper.merges)
    merged += len(grouper.merges)
    grouper.merges.clear()
    return merged


def _relabel(stories: dict[int, int], merges: list[tuple[int, int]]) -> None:
    """Headlines of a story merged away take the story it merged into (in merge order)."""
    if not merges:
        return
    into: dict[int, int] = {}
    for old, new in merges:
        into[old] = new

    def final(root: int) -> int:
        while root in into:
            root = into[root]
        return root

    for hid, root in stories.items():
        if root in into:
            stories[hid] = final(root)


CHUNK = 10_000   # headlines a batch: stories taken (as db/stories.py writes a chunk), tags timed


def _write_tags(out, i: int, tags: list) -> None:
    """One dump line: the headline's index and its topics (name|key|kind), in order."""
    if out is not None:
        out.write(f"{i}\t" + "\t".join(f"{t.name}|{t.key}|{t.kind}" for t in tags) + "\n")


def _tag_chunk(model, data: list[str], lo: int, out) -> float:
    """Tag CHUNK headlines from `lo` (nothing without a model); returns the CPU seconds it took."""
    if model is None:
        return 0.0
    c0 = time.process_time()
    tagged = model.tag_many((text, text.endswith("\u2026")) for text in data[lo:lo + CHUNK])
    spent = time.process_time() - c0
    for i, tags in enumerate(tagged, lo):
        _write_tags(out, i, tags)
    return spent


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    n = int(args[0]) if args and args[0].isdigit() else 200_000
    data = headlines(n)
    days = float(args[args.index("--days") + 1]) if "--days" in args else 30.0
    start = datetime(2014, 3, 1, tzinfo=timezone.utc)
    step = days * 86400 / max(n, 1)
    times = [to_iso(start + timedelta(seconds=i * step)) for i in range(n)]
    dump = args[args.index("--dump") + 1] if "--dump" in args else None
    stories: dict[int, int] | None = {} if dump else None
    tag_dump = open(args[args.index("--dump-tags") + 1], "w", encoding="utf-8") if "--dump-tags" in args else None
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss   # the input: headlines and times
    model = None
    if "--no-topics" not in args:
        from aggregator.topics import TopicModel
        f0 = time.process_time()
        model = TopicModel.fit((h, h.endswith("\u2026")) for h in data[:50_000])
        print(f"TopicModel.fit on {min(n, 50_000)} headlines: {time.process_time() - f0:.2f}s CPU")
    grouper = StoryGrouper(3 * 86400.0)
    started = merged = 0   # stories counted as the aggregate step stores them, batch by batch
    group_cpu = tag_cpu = collect_cpu = 0.0
    rss_early = 0
    clock = time.process_time
    t0 = time.perf_counter()
    if "--interleaved" in args:   # the earlier method: each headline grouped then tagged, timed one by one
        for i, text in enumerate(data):
            c0 = clock()
            started += not grouper.add(i, times[i], f"{i:08d}", None, text)   # no link: a new story
            c1 = clock()
            if model is not None:
                _write_tags(tag_dump, i, model.topics(text, text.endswith("\u2026")))
            group_cpu += c1 - c0
            tag_cpu += clock() - c1
            if i % CHUNK == CHUNK - 1:
                merged = _take(grouper, merged, stories)
            if i == n // 10:
                rss_early = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    else:   # as aggregate() runs them: each chunk grouped, then tagged (--two-pass: every chunk grouped first)
        two_pass = "--two-pass" in args
        with contextlib.nullcontext() if two_pass else collector_paused():
            for lo in range(0, n, CHUNK):
                c0 = clock()
                rows = [(i, times[i], f"{i:08d}", None, data[i]) for i in range(lo, min(n, lo + CHUNK))]
                started += sum(not links for links in grouper.add_many(rows))   # no link: a new story
                group_cpu += clock() - c0
                merged = _take(grouper, merged, stories)
                if lo <= n // 10 < lo + CHUNK:
                    rss_early = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                if not two_pass:
                    tag_cpu += _tag_chunk(model, data, lo, tag_dump)
        if not two_pass:   # the collection the pause put off: a full one (an upper bound), counted as grouping
            c0 = clock()
            gc.collect()
            collect_cpu = clock() - c0
            group_cpu += collect_cpu
        for lo in range(0, n, CHUNK) if two_pass else ():
            tag_cpu += _tag_chunk(model, data, lo, tag_dump)
    merged = _take(grouper, merged, stories)
    wall = time.perf_counter() - t0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    both = group_cpu + tag_cpu
    print(f"grouping: {n / group_cpu:,.0f} headlines/s CPU ({1e6 * group_cpu / n:.1f} us each, of which "
          f"{1e6 * collect_cpu / n:.1f} the collection after the pass); {started - merged} stories")
    if model is not None:
        print(f"tagging:  {n / tag_cpu:,.0f} headlines/s CPU ({1e6 * tag_cpu / n:.1f} us each)")
    print(f"grouping+tagging: {n} headlines in {both:.2f}s CPU = {n / both:,.0f} headlines/s "
          f"(wall {wall:.2f}s{', including the timer calls' if '--interleaved' in args else ''})")
    print(f"peak RSS {rss_early / 1024:.0f} MB after {n // 10 + 1} headlines grouped, {rss1 / 1024:.0f} MB after {n} "
          f"(+{(rss1 - rss0) / 1024:.0f} MB over the input)")
    if tag_dump is not None:
        tag_dump.close()
    if dump and stories is not None:
        with open(dump, "w", encoding="utf-8") as out:
            out.writelines(f"{hid}\t{root}\n" for hid, root in sorted(stories.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
