"""Synthetic data at scale for benchmarks: millions of appearances written by bulk SQL.

Not the crawl path (db.writes.record_page does resolution and dedupe per sighting, ~10k rows/s):
this writes already-distinct rows with `executemany` in large transactions (~300k+ rows/s), with
the same tables and indexes, so read queries see a realistic shape: headlines spread evenly over
`days`, each shown on 1-3 (source, list) places for a few hours, each mentioning 1-3 topics drawn
from a skewed (Zipf-like) popularity.

Example:
    db = open_db("bench/out/bench.db")
    fill(db, appearances=1_000_000)
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from itertools import accumulate
from typing import Callable, Iterator

from sqlite_utils import Database

from aggregator.timewindow import to_iso
from db.rollups import refresh_rollups

BATCH = 50_000


def fill(db: Database, appearances: int, *, days: float = 30, sources: int = 40, topics: int = 20_000,
         seed: int = 7, end: datetime | None = None, progress: Callable[[int], None] | None = None) -> dict:
    """Add about `appearances` appearances (plus their headlines, hourly sightings, topic tags)."""
    rng = random.Random(seed)
    end = end or datetime.now(timezone.utc)
    start = end - timedelta(days=days)
    conn = db.conn
    first_topic = _add_topics(conn, topics)
    first_headline = (conn.execute("SELECT coalesce(max(id), 0) FROM headlines").fetchone()[0]) + 1
    headline_count = max(1, appearances // 2)
    span = (end - start).total_seconds()
    cumulative = list(accumulate(1 / (rank + 1) ** 0.9 for rank in range(topics)))
    made = {"headlines": 0, "appearances": 0, "sightings_hourly": 0, "headline_topics": 0}
    for chunk in _chunks(range(headline_count), BATCH // 2):
        heads, apps, hours, tags = [], [], [], []
        for offset in chunk:
            hid = first_headline + offset
            seen = start + timedelta(seconds=span * offset / headline_count)
            places = rng.choice((1, 2, 2, 3))
            last = seen + timedelta(minutes=rng.choice((15, 30, 60, 120)))
            heads.append((hid, f"Synthetic headline {hid} about topic", f"synthetic headline {hid}",
                          to_iso(seen), to_iso(last)))
            for place in range(places):
                source = f"src{rng.randrange(sources):02d}"
                apps.append((hid, source, f"list{place}", to_iso(seen), to_iso(last), 4, place + 1))
                hours.extend(_hours(hid, source, seen, last))
            for topic in set(rng.choices(range(topics), cum_weights=cumulative, k=rng.choice((1, 2, 2, 3)))):
                tags.append((hid, first_topic + topic))
        with db.atomic():
            conn.executemany("INSERT INTO headlines (id, text, key, truncated, url, first_seen, last_seen, "
                             "story_id, tagged, grouped) VALUES (?1, ?2, ?3, 0, NULL, ?4, ?5, ?1, 1, 1)", heads)
            conn.executemany("INSERT OR IGNORE INTO appearances VALUES (?, ?, ?, ?, ?, ?, ?)", apps)
            conn.executemany("INSERT INTO sightings_hourly (hour, headline_id, source, sightings) "
                             "VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET sightings = sightings + "
                             "excluded.sightings", hours)
            conn.executemany("INSERT OR IGNORE INTO headline_topics VALUES (?, ?)", tags)
        for key, rows in (("headlines", heads), ("appearances", apps), ("sightings_hourly", hours),
                          ("headline_topics", tags)):
            made[key] += len(rows)
        if progress:
            progress(made["appearances"])
    refresh_rollups(db, everything=True)  # what the aggregate step keeps current
    db.analyze()  # planner statistics, as a long-running database would have
    return made


def _add_topics(conn, count: int) -> int:
    first = (conn.execute("SELECT coalesce(max(id), 0) FROM topics").fetchone()[0]) + 1
    with conn:
        conn.executemany("INSERT INTO topics (id, name, key, kind) VALUES (?, ?, ?, 'name')",
                         [(first + n, f"Topic {first + n}", f"topic {first + n}") for n in range(count)])
    return first


def _hours(hid: int, source: str, seen: datetime, last: datetime) -> Iterator[tuple]:
    hour = seen.replace(minute=0, second=0, microsecond=0)
    while hour <= last:
        yield (to_iso(hour), hid, source, 2)
        hour += timedelta(hours=1)


def _chunks(items: range, size: int) -> Iterator[range]:
    for begin in range(0, len(items), size):
        yield items[begin:begin + size]
