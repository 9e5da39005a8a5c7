"""Re-keying stored topics when the topic key rule changes (migration m016: keys without accents).

Topics whose new keys meet are merged: the one on most headlines keeps its id and takes the
most used spelling; the others' headline links move to it (a headline linked to both keeps one
link) and their rollup rows go. The survivor's hourly rows are then recomputed from the
sightings exactly as the aggregate step computes them, and its daily and weekly rows summed
from those, so nothing is counted twice. Rankings stored before that name a merged topic are
dropped (they are recomputed from the rollups on demand). Topic alerts follow their topic's key.
The SQL is this module's own copy of the aggregate step's (db/rollups.py), as migrations keep
theirs (m011): a later change to the rollups must not change what m016 does to an old database.
"""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Callable

from sqlite_utils import Database

from aggregator.names import fold_accents

_HOURS = """
INSERT INTO topic_hourly (hour, topic_id, headlines, stories, sightings, sources)
SELECT s.hour, ht.topic_id,
       count(DISTINCT CASE WHEN substr(h.first_seen, 1, 13) = substr(s.hour, 1, 13) THEN h.id END),
       count(DISTINCT CASE WHEN substr(h.first_seen, 1, 13) = substr(s.hour, 1, 13) AND h.story_id = h.id
                           THEN h.id END),
       sum(s.sightings), count(DISTINCT s.source)
FROM headline_topics ht
JOIN sightings_hourly s ON s.headline_id = ht.headline_id
JOIN headlines h ON h.id = ht.headline_id
WHERE ht.topic_id = ?1
GROUP BY s.hour
"""
_DAYS = """
INSERT INTO topic_daily (day, topic_id, headlines, stories, sightings, sources, first_hour, last_hour)
SELECT substr(hour, 1, 10) || 'T00:00:00Z', topic_id, sum(headlines), sum(stories), sum(sightings), max(sources),
       min(hour), max(hour)
FROM topic_hourly WHERE topic_id = ?1 GROUP BY 1
"""
_WEEKS = """
INSERT INTO topic_weekly (week, topic_id, headlines, stories, sightings, sources, first_hour, last_hour)
SELECT strftime('%Y-%m-%dT00:00:00Z', day, '-6 days', 'weekday 1'), topic_id, sum(headlines), sum(stories),
       sum(sightings), max(sources), min(first_hour), max(last_hour)
FROM topic_daily WHERE topic_id = ?1 GROUP BY 1
"""


def rekey_topics(db: Database, new_key: Callable[[str], str] = fold_accents) -> int:
    """Give every topic its key under `new_key(old_key)`, merging topics that meet; returns how
    many topics were merged away. Runs in the caller's transaction (migrations have one)."""
    groups: dict[str, list[tuple[int, str, str, str, int]]] = defaultdict(list)
    for tid, key, name, kind, uses in db.execute(
            "SELECT t.id, t.key, t.name, t.kind, (SELECT count(*) FROM headline_topics ht WHERE ht.topic_id = t.id) "
            "FROM topics t ORDER BY t.id"):
        groups[new_key(key)].append((tid, key, name, kind, uses))
    merged = 0
    renamed: set[str] = set()
    for key, members in sorted(groups.items()):
        if len(members) == 1 and members[0][1] == key:
            continue
        # The most used topic survives; the most used spelling names it (ties: lowest id).
        keep = min(members, key=lambda m: (-m[4], m[0]))
        gone = [m for m in members if m is not keep]
        for tid, *_ in gone:
            db.execute("INSERT OR IGNORE INTO headline_topics (headline_id, topic_id) "
                       "SELECT headline_id, ? FROM headline_topics WHERE topic_id = ?", [keep[0], tid])
            for table in ("headline_topics", "topic_hourly", "topic_daily", "topic_weekly"):
                db.execute(f"DELETE FROM {table} WHERE topic_id = ?", [tid])
            db.execute("DELETE FROM topics WHERE id = ?", [tid])
        _merge_names(db, key, members, keep)
        db.execute("UPDATE topics SET key = ?, name = ? WHERE id = ?", [key, keep[2], keep[0]])
        renamed.update(m[2] for m in gone)
        if gone:
            for table in ("topic_hourly", "topic_daily", "topic_weekly"):
                db.execute(f"DELETE FROM {table} WHERE topic_id = ?", [keep[0]])
            for sql in (_HOURS, _DAYS, _WEEKS):
                db.execute(sql, [keep[0]])
            merged += len(gone)
    if merged:
        for name in sorted(renamed):
            db.execute("DELETE FROM snapshots WHERE instr(payload, ?) > 0",
                       [json.dumps({"topic": name}, ensure_ascii=False)[1:-1]])
        db.execute("INSERT INTO rollup_changes (first_hour) VALUES ('')")   # long-lived readers start afresh
    _rekey_alerts(db, new_key)
    return merged


def _rekey_alerts(db: Database, new_key: Callable[[str], str]) -> None:
    """Topic alerts are keyed `trending:<topic key>`: re-key them too, so a topic's cooldown
    survives the new key (and a merged topic does not alert again); where keys meet, the latest
    alert stands."""
    rows = db.execute("SELECT key, kind, message, sent_at FROM alerts WHERE key LIKE 'trending:%' "
                      "ORDER BY sent_at").fetchall()
    for key, kind, message, sent_at in rows:
        moved = "trending:" + new_key(key[len("trending:"):])
        if moved == key:
            continue
        db.execute("DELETE FROM alerts WHERE key = ?", [key])
        db.execute("INSERT INTO alerts (key, kind, message, sent_at) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, message = excluded.message, "
                   "sent_at = excluded.sent_at WHERE alerts.sent_at < excluded.sent_at",
                   [moved, kind, message, sent_at])


def _merge_names(db: Database, key: str, members: list[tuple], keep: tuple) -> None:
    """The topic_names rows under the new key: as they were for a topic only re-keyed, one per
    epoch named as the surviving topic for merged ones."""
    if len(members) == 1:
        db.execute("UPDATE topic_names SET key = ? WHERE key = ?", [key, members[0][1]])
        return
    old = [m[1] for m in members]
    marks = ",".join("?" * len(old))
    epochs = sorted({row[0] for row in db.execute(f"SELECT epoch FROM topic_names WHERE key IN ({marks})", old)})
    db.execute(f"DELETE FROM topic_names WHERE key IN ({marks})", old)
    db.conn.executemany("INSERT INTO topic_names (key, epoch, name, kind) VALUES (?, ?, ?, ?)",
                        [(key, epoch, keep[2], keep[3]) for epoch in epochs])
