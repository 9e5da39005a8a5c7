"""The data's own clock: derived answers use the time of the newest sighting, never the wall
clock, so the same data gives the same answers today, next year, or for a 2014 backfill."""
from __future__ import annotations

from datetime import timedelta

from sqlite_utils import Database

from aggregator.timewindow import hour_of, parse_iso, to_iso


def newest_sighting(db: Database) -> str | None:
    """When the newest headline was last seen (ISO UTC), or None for an empty database."""
    row = db.execute("SELECT max(last_seen) FROM headlines").fetchone()
    return row[0] if row else None


def reference_time(db: Database) -> str | None:
    """The end of the hour of the newest sighting: where windows without --until/--at end.

    Ending at the hour's end keeps the newest hour whole, so a 24h window is exactly 24 hourly
    buckets, and a sighting stamped on the hour (a backfill with --seen-at 12:00) is inside.

    >>> from sqlite_utils import Database
    >>> db = Database(memory=True)
    >>> _ = db.execute("CREATE TABLE headlines (last_seen TEXT)")
    >>> _ = db.execute("INSERT INTO headlines VALUES ('2014-03-10T16:00:00Z')")
    >>> reference_time(db)
    '2014-03-10T17:00:00Z'
    """
    newest = newest_sighting(db)
    if newest is None:
        return None
    return to_iso(parse_iso(hour_of(newest)) + timedelta(hours=1))
