"""Group new headlines into stories (near-duplicates) against the recently grouped ones."""
from __future__ import annotations

from datetime import timedelta

from sqlite_utils import Database

from aggregator.stories import StoryIndex
from aggregator.timewindow import hour_of, to_iso, utcnow
from db.connection import write_transaction

# A rewrite or a syndicated copy shows up within days; older headlines need not be candidates.
STORY_WINDOW_DAYS = 3.0


def refresh_stories(db: Database, *, window_days: float = STORY_WINDOW_DAYS) -> int:
    """Set story_id of ungrouped headlines; returns how many were grouped.

    The index is seeded with the grouped headlines seen in the last `window_days` (under their
    stored story ids), then each new headline joins an earlier near-duplicate's story or starts
    its own. Cost grows with the recent window and the new headlines, not the whole table.
    """
    new = db.execute("SELECT id, text, url, first_seen, last_seen FROM headlines WHERE grouped = 0 "
                     "ORDER BY first_seen, id").fetchall()
    if not new:
        return 0
    earliest = min(row[3] for row in new)
    since = min(to_iso(utcnow() - timedelta(days=window_days)), earliest)
    index = StoryIndex()
    for text, url, story in db.execute("SELECT text, url, story_id FROM headlines WHERE grouped = 1 "
                                       "AND last_seen >= ? ORDER BY first_seen, id", [since]):
        index.remember(text, story, url)
    changes = []
    for hid, text, url, _first, _last in new:
        changes.append((index.add(hid, text, url), hid))
    with write_transaction(db):
        db.conn.executemany("UPDATE headlines SET story_id = ?, grouped = 1 WHERE id = ?", changes)
        db.conn.executemany("INSERT OR IGNORE INTO dirty_hours (hour) VALUES (?)",
                            [(hour,) for hour in {hour_of(row[3]) for row in new}])
    return len(changes)
