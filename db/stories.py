"""Group new headlines into stories (near-duplicates) against the recently grouped ones."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlite_utils import Database

from aggregator.stories import Prepared, StoryIndex, prepare
from aggregator.timewindow import hour_of, parse_iso, to_iso
from db.connection import write_transaction

# A rewrite or a syndicated copy shows up within days; older headlines need not be candidates.
STORY_WINDOW_DAYS = 3.0


def refresh_stories(db: Database, *, window_days: float = STORY_WINDOW_DAYS, chunk: int = 20_000) -> int:
    """Set story_id of ungrouped headlines, oldest first; returns how many were grouped.

    The index holds the grouped headlines on show within `window_days` before the chunk at hand
    (under their stored story ids); each new headline joins an earlier near-duplicate's story or
    starts its own. When the new headlines move a window past the index's start, it is rebuilt
    from the entries still in the window (kept prepared, so none is prepared twice): memory stays
    bounded by about one and a half windows of headlines, and cost grows with the new headlines.
    """
    window = timedelta(days=window_days)
    entries: list[Entry] = []
    index, valid_until, grouped = None, "", 0
    while True:
        new = db.execute("SELECT id, text, url, first_seen, last_seen FROM headlines WHERE grouped = 0 "
                         "ORDER BY first_seen, id LIMIT ?", [chunk]).fetchall()
        if not new:
            return grouped
        first = new[0][3]
        if index is None or first > valid_until:
            since = to_iso(parse_iso(first) - window)
            if index is None:
                entries = _grouped_since(db, since, first)
            entries = [e for e in entries if e.last_seen >= since]
            index = StoryIndex()
            for entry in entries:
                index.remember(entry.text, entry.story, entry.url, entry.prep)
            valid_until = to_iso(parse_iso(first) + window / 2)  # rebuilt each half window: <= 1.5 windows held
        changes = []
        for hid, text, url, _first_seen, last_seen in new:
            prep = prepare(text)
            story = index.add_prepared(hid, prep, url)
            entries.append(Entry(text, url, story, last_seen, prep))
            changes.append((story, hid))
        with write_transaction(db):
            db.conn.executemany("UPDATE headlines SET story_id = ?, grouped = 1 WHERE id = ?", changes)
            db.conn.executemany("INSERT OR IGNORE INTO dirty_hours (hour) VALUES (?)",
                                [(hour,) for hour in {hour_of(row[3]) for row in new}])
        grouped += len(changes)


@dataclass(slots=True)
class Entry:
    """A grouped headline as the index needs it."""

    text: str
    url: str | None
    story: int
    last_seen: str
    prep: Prepared


def _grouped_since(db: Database, since: str, until: str) -> list[Entry]:
    """Headlines grouped earlier that were on show between `since` and `until`, prepared."""
    return [Entry(text, url, story, last_seen, prepare(text)) for text, url, story, last_seen in db.execute(
        "SELECT text, url, story_id, last_seen FROM headlines WHERE grouped = 1 AND last_seen >= ? "
        "AND first_seen <= ? ORDER BY first_seen, id", [since, until])]
