"""Hourly topic rollups: what `top` and `trending` read, refreshed for the hours that changed.

A row per (hour, topic) holds the topic's headlines and stories *first seen* in that hour, so
summing a window counts each distinct headline once however long it stays on show; sightings
are those of that hour; sources is the most sources showing the topic in one hour of it.
"""
from __future__ import annotations

from sqlite_utils import Database

from db.connection import write_transaction

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


def refresh_rollups(db: Database, *, everything: bool = False) -> int:
    """Recompute topic_hourly for dirty hours (or every hour); returns the hours refreshed."""
    with write_transaction(db):
        if everything:
            db.execute("INSERT OR IGNORE INTO dirty_hours (hour) SELECT DISTINCT hour FROM sightings_hourly")
        hours = [row[0] for row in db.execute("SELECT hour FROM dirty_hours ORDER BY hour")]
        for hour in hours:
            db.execute("DELETE FROM topic_hourly WHERE hour = ?", [hour])
            db.execute(HOUR_SQL, [hour])
        db.execute("DELETE FROM dirty_hours")
    return len(hours)


def mark_headlines_dirty(db: Database, headline_ids: list[int]) -> None:
    """The hours a set of headlines was seen in need recomputing (their topics changed)."""
    for start in range(0, len(headline_ids), 500):
        chunk = headline_ids[start:start + 500]
        db.execute("INSERT OR IGNORE INTO dirty_hours (hour) SELECT DISTINCT hour FROM sightings_hourly "
                   f"WHERE headline_id IN ({','.join('?' * len(chunk))})", chunk)
