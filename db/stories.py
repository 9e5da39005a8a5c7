"""Group new headlines into stories (near-duplicates) against the recently grouped ones."""
from __future__ import annotations

from datetime import timedelta

from sqlite_utils import Database

from aggregator.stories import StoryIndex
from aggregator.timewindow import hour_of, parse_iso, to_iso
from db.connection import write_transaction

# A rewrite or a syndicated copy shows up within days; older headlines need not be candidates.
STORY_WINDOW_DAYS = 3.0


def refresh_stories(db: Database, *, window_days: float = STORY_WINDOW_DAYS, chunk: int = 20_000) -> int:
    """Set story_id of ungrouped headlines, oldest first; returns how many were grouped.

    The index holds the grouped headlines of `window_days` before the chunk at hand (under their
    stored story ids); each new headline joins an earlier near-duplicate's story or starts its
    own. When the new headlines move past the window, the index is rebuilt for the new span, so
    memory stays bounded by one window of headlines, and cost grows with the new headlines.
    """
    window = timedelta(days=window_days)
    index, valid_until, grouped = StoryIndex(), "", 0
    while True:
        new = db.execute("SELECT id, text, url, first_seen FROM headlines WHERE grouped = 0 "
                         "ORDER BY first_seen, id LIMIT ?", [chunk]).fetchall()
        if not new:
            return grouped
        first = new[0][3]
        if first > valid_until:
            index = _seeded_index(db, to_iso(parse_iso(first) - window), first)
            valid_until = to_iso(parse_iso(first) + window)
        changes = [(index.add(hid, text, url), hid) for hid, text, url, _ in new]
        with write_transaction(db):
            db.conn.executemany("UPDATE headlines SET story_id = ?, grouped = 1 WHERE id = ?", changes)
            db.conn.executemany("INSERT OR IGNORE INTO dirty_hours (hour) VALUES (?)",
                                [(hour,) for hour in {hour_of(row[3]) for row in new}])
        grouped += len(changes)


def _seeded_index(db: Database, since: str, until: str) -> StoryIndex:
    """An index of the headlines grouped earlier that were on show between `since` and `until`."""
    index = StoryIndex()
    for text, url, story in db.execute("SELECT text, url, story_id FROM headlines WHERE grouped = 1 AND "
                                       "last_seen >= ? AND first_seen <= ? ORDER BY first_seen, id", [since, until]):
        index.remember(text, story, url)
    return index
