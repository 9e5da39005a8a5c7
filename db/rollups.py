"""Hourly and daily topic rollups: what `top` and `trending` read, refreshed for what changed.

A row per (hour, topic) holds the topic's headlines and stories *first seen* in that hour, so
summing a window counts each distinct headline once however long it stays on show; sightings
are those of that hour; sources is the most sources showing the topic in one hour of it.
A row per (day, topic) sums the day's hour rows (sources: their maximum; first/last hour row),
and a row per (week from Monday, topic) its days', so a long window reads whole weeks, the whole
days beside them and the hours of its two partial days, with the answer the hours alone give.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlite_utils import Database

from db.connection import write_transaction

# A day's or week's rows are rewritten only where their counts changed (an upsert that skips equal
# rows; rows of topics gone from all its hours deleted): the rollups carry ranked and topic-first
# indexes, and most rows of a day or week are unchanged when one of its hours is refreshed.
CHANGED = ("ON CONFLICT ({key}, topic_id) DO UPDATE SET headlines = excluded.headlines, stories = excluded.stories, "
           "sightings = excluded.sightings, sources = excluded.sources{spans} "
           "WHERE (headlines, stories, sightings, sources{spans_now}) IS NOT "
           "(excluded.headlines, excluded.stories, excluded.sightings, excluded.sources{spans_new})")
SPAN_CHANGED = CHANGED.format(key="{key}", spans=", first_hour = excluded.first_hour, last_hour = excluded.last_hour",
                              spans_now=", first_hour, last_hour", spans_new=", excluded.first_hour, excluded.last_hour")

HOUR_SQL = """
INSERT INTO topic_hourly (hour, topic_id, headlines, stories, sightings, sources)
SELECT ?1, ht.topic_id,
       count(DISTINCT CASE WHEN substr(h.first_seen, 1, 13) = substr(?1, 1, 13) THEN h.id END),
       count(DISTINCT CASE WHEN substr(h.first_seen, 1, 13) = substr(?1, 1, 13) AND h.story_id = h.id
                           THEN h.id END),
       sum(s.sightings), count(DISTINCT s.source)
FROM sightings_hourly s
JOIN headline_topics ht ON ht.headline_id = s.headline_id
JOIN headlines h ON h.id = s.headline_id
WHERE s.hour = ?1
GROUP BY ht.topic_id
"""


DAY_SQL = """
INSERT INTO topic_daily (day, topic_id, headlines, stories, sightings, sources, first_hour, last_hour)
SELECT ?1, topic_id, sum(headlines), sum(stories), sum(sightings), max(sources), min(hour), max(hour)
FROM topic_hourly WHERE hour >= ?1 AND hour < ?2
GROUP BY topic_id
""" + SPAN_CHANGED.format(key="day")
DAY_STALE_SQL = ("DELETE FROM topic_daily WHERE day = ?1 AND topic_id IN (SELECT value FROM json_each(?3)) "
                 "AND NOT EXISTS (SELECT 1 FROM topic_hourly h WHERE h.topic_id = topic_daily.topic_id "
                 "AND h.hour >= ?1 AND h.hour < ?2)")


WEEK_SQL = """
INSERT INTO topic_weekly (week, topic_id, headlines, stories, sightings, sources, first_hour, last_hour)
SELECT ?1, topic_id, sum(headlines), sum(stories), sum(sightings), max(sources), min(first_hour), max(last_hour)
FROM topic_daily WHERE day >= ?1 AND day < ?2
GROUP BY topic_id
""" + SPAN_CHANGED.format(key="week")
WEEK_STALE_SQL = ("DELETE FROM topic_weekly WHERE week = ?1 AND topic_id IN (SELECT value FROM json_each(?3)) "
                  "AND NOT EXISTS (SELECT 1 FROM topic_daily d WHERE d.topic_id = topic_weekly.topic_id "
                  "AND d.day >= ?1 AND d.day < ?2)")


def day_of(hour: str) -> str:
    """The UTC day an hour bucket belongs to, as its first hour: "2026-11-27T00:00:00Z"."""
    return hour[:10] + "T00:00:00Z"


def week_of(day: str) -> str:
    """The Monday (UTC) starting the week a day belongs to, as its first hour."""
    moment = datetime.strptime(day[:10], "%Y-%m-%d")
    return (moment - timedelta(days=moment.weekday())).strftime("%Y-%m-%dT00:00:00Z")


def _plus_days(day: str, days: int) -> str:
    return (datetime.strptime(day[:10], "%Y-%m-%d") + timedelta(days=days)).strftime("%Y-%m-%dT00:00:00Z")


def refresh_rollups(db: Database, *, everything: bool = False) -> int:
    """Recompute topic_hourly for dirty hours (or every hour); returns the hours refreshed."""
    with write_transaction(db):
        if everything:
            db.execute("INSERT OR IGNORE INTO dirty_hours (hour) SELECT DISTINCT hour FROM sightings_hourly")
        hours = [row[0] for row in db.execute("SELECT hour FROM dirty_hours ORDER BY hour")]
        gone: set[int] = set()  # topics whose row of a refreshed hour went away
        for hour in hours:
            before = {row[0] for row in db.execute("SELECT topic_id FROM topic_hourly WHERE hour = ?", [hour])}
            db.execute("DELETE FROM topic_hourly WHERE hour = ?", [hour])
            db.execute(HOUR_SQL, [hour])
            gone |= before.difference(row[0] for row in db.execute(
                "SELECT topic_id FROM topic_hourly WHERE hour = ?", [hour]))
        topics = json.dumps(sorted(gone))
        days = sorted({day_of(hour) for hour in hours})
        for day in days:
            db.execute(DAY_SQL, [day, day[:10] + "T24"])
            if gone:
                db.execute(DAY_STALE_SQL, [day, day[:10] + "T24", topics])
        for week in sorted({week_of(day) for day in days}):
            db.execute(WEEK_SQL, [week, _plus_days(week, 7)])
            if gone:
                db.execute(WEEK_STALE_SQL, [week, _plus_days(week, 7), topics])
        db.execute("DELETE FROM dirty_hours")
        if hours:
            note_change(db, "" if everything else hours[0])
    return len(hours)


KEPT_CHANGES = 1000  # rows of rollup_changes kept; a reader further behind recomputes everything


def note_change(db: Database, first_hour: str) -> None:
    """A new rollup generation, from `first_hour` on ('' = every hour), in the caller's transaction."""
    db.execute("INSERT INTO rollup_changes (first_hour) VALUES (?)", [first_hour])
    db.execute("DELETE FROM rollup_changes WHERE generation <= (SELECT max(generation) FROM rollup_changes) - ?",
               [KEPT_CHANGES])


def mark_headlines_dirty(db: Database, headline_ids: list[int]) -> None:
    """The hours a set of headlines was seen in need recomputing (their topics changed)."""
    for start in range(0, len(headline_ids), 500):
        chunk = headline_ids[start:start + 500]
        db.execute("INSERT OR IGNORE INTO dirty_hours (hour) SELECT DISTINCT hour FROM sightings_hourly "
                   f"WHERE headline_id IN ({','.join('?' * len(chunk))})", chunk)
