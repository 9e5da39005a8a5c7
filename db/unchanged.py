"""A page shown again as it was (a 304, or the same lists): its sightings counted set-based.

Why: a crawl round is mostly pages that did not change, and replaying one headline by headline in
Python (re-cleaning the capture's payload, resolving each text, one upsert per row) was most of
what such a page cost. Here the page's cleaned rows (a capture's, cached in `capture_rows`, or
the page's own, staged in a temporary table) are resolved against `headlines` by one statement
that follows the dedupe rules of db/writes.py `_resolve`, and counted with one statement per table.

When is that exact: replaying a list can change more than counts only when a headline's state
moves (a text or link that would win, a first sighting earlier than known) or a row names no
headline (it would create one, and maybe merge cut rows). The guard query finds those rows on the
state before the page; then the caller takes the per-sighting path for the whole page. Otherwise
each row's effects (last_seen, counts, a cut text kept as evidence) do not depend on the other
rows, so applying them all at once gives what one at a time gives.
"""
from __future__ import annotations

import sqlite3

# A cleaned row: its order in the page, list, position, key, text, link, cut, and whether a cut
# key is long enough to resolve by prefix alone (db/writes.py builds them: one place for the rules).
COLUMNS = "seq, list_name, position, key, text, url, truncated, prefix_ok"
_TOP = "char(1114111)"  # U+10FFFF: above every key that starts with a given one
_RANGE = f"h.key > r.key AND h.key < r.key || {_TOP} AND h.truncated = 0"

# Per row: the full headline a cut text is the start of (same link first: the lowest id, as the
# url index yields them; else the one full key it prefixes), else the headline of its own key.
_RESOLVE = (
    "INSERT INTO temp.repeat_rows (seq, list_name, position, text, url, truncated, full_id, hid) "
    "SELECT seq, list_name, position, text, url, truncated, full_id, "
    "coalesce(full_id, (SELECT id FROM headlines WHERE key = f.key)) FROM ("
    "SELECT r.*, CASE WHEN r.truncated THEN coalesce("
    "CASE WHEN r.url <> '' THEN (SELECT min(h.id) FROM headlines h WHERE h.url = r.url AND h.truncated = 0 "
    "AND substr(h.key, 1, length(r.key)) = r.key) END, "
    f"CASE WHEN r.prefix_ok AND (SELECT h.id FROM headlines h WHERE {_RANGE} LIMIT 1 OFFSET 1) IS NULL "
    f"THEN (SELECT h.id FROM headlines h WHERE {_RANGE} LIMIT 1) END) END AS full_id "
    "FROM {source} r) f")

# A row the per-sighting rules would do more for than count: no headline yet, a first sighting
# earlier than known, a full text that wins over the stored one, a link that wins over the stored one.
_GUARD = (
    "SELECT EXISTS (SELECT 1 FROM temp.repeat_rows x LEFT JOIN headlines h ON h.id = x.hid "
    "WHERE x.hid IS NULL OR :seen < h.first_seen OR (x.full_id IS NULL AND ("
    "(NOT x.truncated AND (h.truncated OR (:seen = h.first_seen AND x.text < h.text))) "
    "OR (x.url <> '' AND (h.url IS NULL OR (:seen = h.first_seen AND x.url < h.url))))))")

_WRITES = (
    "INSERT OR IGNORE INTO headline_texts (headline_id, text, first_seen) "
    "SELECT full_id, text, :seen FROM temp.repeat_rows WHERE full_id IS NOT NULL ORDER BY seq",
    "UPDATE headlines SET last_seen = max(last_seen, :seen) WHERE id IN (SELECT hid FROM temp.repeat_rows)",
    "INSERT INTO appearances (headline_id, source, list_name, first_seen, last_seen, times_seen, best_position) "
    "SELECT hid, :source, list_name, :seen, :seen, count(*) * :times, min(position) FROM temp.repeat_rows "
    "WHERE true GROUP BY hid, list_name ON CONFLICT (headline_id, source, list_name) DO UPDATE SET "
    "first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen), "
    "times_seen = times_seen + excluded.times_seen, best_position = min(best_position, excluded.best_position)",
    "INSERT INTO sightings_hourly (hour, headline_id, source, sightings) "
    "SELECT :hour, hid, :source, count(*) * :times FROM temp.repeat_rows WHERE true GROUP BY hid "
    "ON CONFLICT (hour, headline_id, source) DO UPDATE SET sightings = sightings + excluded.sightings",
)


def _temp_tables(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS page_rows (seq INTEGER PRIMARY KEY, list_name TEXT, "
                 "position INTEGER, key TEXT, text TEXT, url TEXT, truncated INTEGER, prefix_ok INTEGER)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS repeat_rows (seq INTEGER PRIMARY KEY, list_name TEXT, "
                 "position INTEGER, text TEXT, url TEXT, truncated INTEGER, full_id INTEGER, hid INTEGER)")


def is_cached(conn: sqlite3.Connection, capture_id: int) -> bool:
    return conn.execute("SELECT EXISTS (SELECT 1 FROM capture_rows WHERE capture_id = ?)",
                        (capture_id,)).fetchone()[0] == 1


def cache(conn: sqlite3.Connection, capture_id: int, rows: list[tuple]) -> None:
    """Keep a capture's cleaned rows, so its next repeats need no cleaning."""
    conn.executemany(f"INSERT OR REPLACE INTO capture_rows (capture_id, {COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [(capture_id, *row) for row in rows])


def repeat_capture(conn: sqlite3.Connection, capture_id: int, source: str, seen_at: str, hour: str,
                   times: int) -> int | None:
    """Count the cached rows of `capture_id` as seen again; sightings counted, or None (see module)."""
    _temp_tables(conn)
    conn.execute("DELETE FROM temp.repeat_rows")
    conn.execute(_RESOLVE.format(source=f"(SELECT {COLUMNS} FROM capture_rows WHERE capture_id = ?)"),
                 (capture_id,))
    return _apply(conn, source, seen_at, hour, times)


def repeat_rows(conn: sqlite3.Connection, rows: list[tuple], source: str, seen_at: str, hour: str,
                 times: int) -> int | None:
    """Count a page's own rows as seen again; sightings counted, or None (see module)."""
    _temp_tables(conn)
    conn.execute("DELETE FROM temp.page_rows")
    conn.execute("DELETE FROM temp.repeat_rows")
    conn.executemany(f"INSERT INTO temp.page_rows ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute(_RESOLVE.format(source="temp.page_rows"))
    return _apply(conn, source, seen_at, hour, times)


def _apply(conn: sqlite3.Connection, source: str, seen_at: str, hour: str, times: int) -> int | None:
    if conn.execute(_GUARD, {"seen": seen_at}).fetchone()[0]:
        return None
    params = {"seen": seen_at, "source": source, "hour": hour, "times": times}
    for statement in _WRITES:
        conn.execute(statement, params)
    return conn.execute("SELECT count(*) FROM temp.repeat_rows").fetchone()[0]
