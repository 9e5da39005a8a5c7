"""The aggregate step, run after crawls and ingests and by the scheduler: stories, topics,
hourly rollups and ranking snapshots, each touching only what changed since the last run."""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Iterable, Mapping

from sqlite_utils import Database

from aggregator.timewindow import hour_of, to_iso, utcnow
from aggregator.topics import TopicModel, brand_names
from db.connection import write_transaction
from db.ledger import site_names
from db.queries import SNAPSHOT_BASELINE, SNAPSHOT_SIZE, top_topics, trending_topics
from db.rollups import mark_headlines_dirty, refresh_rollups
from db.stories import refresh_stories

FIT_DAYS = 30.0
FIT_SAMPLE = 50_000           # the model learns from at most this many recent headlines
CHUNK = 20_000                # headlines read and written per transaction
SNAPSHOT_WINDOWS = {"top": 86400.0, "trending": 6 * 3600.0}  # the CLI's and dashboard's default windows


def aggregate(db: Database, *, aliases: Mapping[str, str] | None = None, ignore: Iterable[str] = (),
              snapshot: bool = True, retag_all: bool = False) -> dict[str, int]:
    """Run every aggregate stage; returns counts of what each did."""
    done = {"grouped": refresh_stories(db)}
    done["retagged"] = refresh_topics(db, aliases=aliases, ignore=ignore, retag_all=retag_all)
    done["hours"] = refresh_rollups(db)
    if snapshot:
        take_snapshots(db)
    return done


def refresh_topics(db: Database, *, fit_days: float = FIT_DAYS, aliases: Mapping[str, str] | None = None,
                   ignore: Iterable[str] = (), retag_all: bool = False) -> int:
    """Fit the topic model on recent headlines; tag new ones and re-tag recent ones whose topics
    changed under the refreshed model. Returns how many headlines' topic sets changed.

    Headlines are read and written CHUNK at a time, so memory stays flat however many there are.
    """
    since = to_iso(utcnow() - timedelta(days=fit_days))
    sample = db.execute("SELECT text, truncated FROM headlines WHERE last_seen >= ? ORDER BY last_seen DESC "
                        "LIMIT ?", [since, FIT_SAMPLE]).fetchall()
    if not sample:
        sample = db.execute("SELECT text, truncated FROM headlines ORDER BY last_seen DESC LIMIT ?",
                            [FIT_SAMPLE]).fetchall()
    brands = {name for site in site_names(db) for name in brand_names(site)}
    model = TopicModel.fit(((text, bool(cut)) for text, cut in sample), aliases=aliases,
                           ignore=[*ignore, *brands])
    del sample
    topic_ids = {key: tid for tid, key in db.execute("SELECT id, key FROM topics")}
    cond, params = ("1", []) if retag_all else ("(h.tagged = 0 OR h.last_seen >= ?)", [since])
    changed, last_id = 0, 0
    while True:
        rows = db.execute(f"SELECT h.id, h.text, h.truncated FROM headlines h WHERE {cond} AND h.id > ? "
                          "ORDER BY h.id LIMIT ?", [*params, last_id, CHUNK]).fetchall()
        if not rows:
            break
        last_id = rows[-1][0]
        changed += _retag(db, model, rows, topic_ids)
    with write_transaction(db):
        db.execute("DELETE FROM topics WHERE id NOT IN (SELECT topic_id FROM headline_topics)")
    return changed


def _retag(db: Database, model: TopicModel, rows: list[tuple], topic_ids: dict[str, int]) -> int:
    """Tag one chunk of headlines; only those whose topic set changed are rewritten."""
    current: dict[int, set[str]] = {}
    for hid, key in db.execute("SELECT ht.headline_id, t.key FROM headline_topics ht JOIN topics t "
                               "ON t.id = ht.topic_id WHERE ht.headline_id BETWEEN ? AND ?", [rows[0][0], rows[-1][0]]):
        current.setdefault(hid, set()).add(key)
    changed: list[int] = []
    with write_transaction(db):
        for hid, text, cut in rows:
            topics = model.topics(text, bool(cut))
            if {t.key for t in topics} == current.get(hid, set()):
                continue
            changed.append(hid)
            db.execute("DELETE FROM headline_topics WHERE headline_id = ?", [hid])
            for topic in topics:
                if topic.key not in topic_ids:
                    topic_ids[topic.key] = db.execute("INSERT INTO topics (name, key, kind) VALUES (?, ?, ?)",
                                                      [topic.name, topic.key, topic.kind]).lastrowid
                db.execute("INSERT OR IGNORE INTO headline_topics (headline_id, topic_id) VALUES (?, ?)",
                           [hid, topic_ids[topic.key]])
        db.conn.executemany("UPDATE headlines SET tagged = 1 WHERE id = ? AND tagged = 0", [(r[0],) for r in rows])
        mark_headlines_dirty(db, changed)
    return len(changed)


def take_snapshots(db: Database, *, limit: int = SNAPSHOT_SIZE) -> None:
    """Store the current top and trending rankings; one snapshot per kind and hour is kept."""

    now = utcnow()
    until = to_iso(now)
    rankings = {
        "top": top_topics(db, to_iso(now - timedelta(seconds=SNAPSHOT_WINDOWS["top"])), until,
                          limit=limit, use_snapshots=False),
        "trending": trending_topics(db, to_iso(now - timedelta(seconds=SNAPSHOT_WINDOWS["trending"])), until,
                                    to_iso(now - timedelta(seconds=SNAPSHOT_WINDOWS["trending"] + SNAPSHOT_BASELINE)),
                                    limit=limit, use_snapshots=False),
    }
    with write_transaction(db):
        for kind, rows in rankings.items():
            db.execute("DELETE FROM snapshots WHERE kind = ? AND window_seconds = ? AND taken_at >= ? "
                       "AND taken_at < ?", [kind, SNAPSHOT_WINDOWS[kind], hour_of(until), until])
            db.execute("INSERT OR REPLACE INTO snapshots (taken_at, kind, window_seconds, payload) "
                       "VALUES (?, ?, ?, ?)", [until, kind, SNAPSHOT_WINDOWS[kind],
                                               json.dumps(rows, ensure_ascii=False)])
