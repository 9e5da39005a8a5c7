#!/usr/bin/env python3
"""Dump what a user sees of a database, sorted and without arrival-order ids, to compare two
databases built from the same rows (before/after a change of the write path).

Usage: python bench/dump_tables.py DB [DB2]   (with DB2: compare; exit 1 on any difference)
Tables: headlines, sightings (appearances and hourly counts), headline texts, story links,
stories (as sets of headline keys), topics and tags, hourly/daily/weekly rollups (by topic key).
"""
from __future__ import annotations

import hashlib
import sqlite3
import sys

QUERIES = {
    "headlines": "SELECT key, text, truncated, url, first_seen, last_seen FROM headlines",
    "appearances": "SELECT h.key, a.source, a.list_name, a.first_seen, a.last_seen, a.times_seen, a.best_position "
                   "FROM appearances a JOIN headlines h ON h.id = a.headline_id",
    "sightings_hourly": "SELECT s.hour, h.key, s.source, s.sightings FROM sightings_hourly s "
                        "JOIN headlines h ON h.id = s.headline_id",
    "headline_texts": "SELECT h.key, t.text, t.first_seen FROM headline_texts t JOIN headlines h ON h.id = t.headline_id",
    "links": "SELECT a.key, b.key FROM story_links l JOIN headlines a ON a.id = l.headline_id "
             "JOIN headlines b ON b.id = l.linked_id",
    "stories": "SELECT group_concat(key, '|') FROM (SELECT story_id, key FROM headlines ORDER BY story_id, key) "
               "GROUP BY story_id",
    "topics": "SELECT key, name, kind FROM topics",
    "tags": "SELECT h.key, t.key FROM headline_topics ht JOIN headlines h ON h.id = ht.headline_id "
            "JOIN topics t ON t.id = ht.topic_id",
    "topic_hourly": "SELECT r.hour, t.key, r.headlines, r.stories, r.sightings, r.sources FROM topic_hourly r "
                    "JOIN topics t ON t.id = r.topic_id",
    "topic_daily": "SELECT r.day, t.key, r.headlines, r.stories, r.sightings, r.sources, r.first_hour, r.last_hour "
                   "FROM topic_daily r JOIN topics t ON t.id = r.topic_id",
    "topic_weekly": "SELECT r.week, t.key, r.headlines, r.stories, r.sightings, r.sources, r.first_hour, r.last_hour "
                    "FROM topic_weekly r JOIN topics t ON t.id = r.topic_id",
}


def dump(path: str) -> dict[str, tuple[int, str]]:
    """Per table: row count and a digest of its rows sorted (memory: one table at a time)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    out = {}
    for name, sql in QUERIES.items():
        rows = sorted(repr(row) for row in conn.execute(sql))
        digest = hashlib.blake2b("\n".join(rows).encode(), digest_size=16).hexdigest()
        out[name] = (len(rows), digest)
    conn.close()
    return out


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    first = dump(sys.argv[1])
    second = dump(sys.argv[2]) if len(sys.argv) == 3 else first
    differ = 0
    for name, (count, digest) in first.items():
        same = second[name] == (count, digest)
        differ += not same
        other = "" if same else f"  DIFFERS: {second[name][0]:,} rows {second[name][1]}"
        print(f"{name:17} {count:>10,} rows {digest}{other}")
    if len(sys.argv) == 3:
        print("identical" if not differ else f"{differ} tables differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
