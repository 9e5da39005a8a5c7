"""The writer as it was, one page and one sighting at a time: the reference the batch writer is
compared with (tests/test_write_batches.py). Not used by the tool.

Store one page's sightings: resolve each to a distinct headline, update appearances in place.

Resolution: same key -> same headline; a cut headline resolves to the full
headline with the same link, else to the one full headline whose key starts with its key; when
a full text arrives later, cut rows it completes are merged into it (their text kept as
evidence in headline_texts). Everything for one page is one transaction.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from sqlite_utils import Database

from aggregator.model import HeadlineList, Page, Sighting
from aggregator.prepare import CleanSighting, digest_lists, prepare_lists
from aggregator.timewindow import hour_of
from db.connection import write_transaction

# A cut headline must keep this much text before it may resolve by prefix alone.
MIN_PREFIX_CHARS = 20
MIN_PREFIX_WORDS = 3


@dataclass
class PageWrite:
    items: int = 0
    new_headlines: int = 0


def record_page(db: Database, source: str, page_url: str, seen_at: str,
                lists: dict[str, list[CleanSighting]], *, times: int = 1) -> PageWrite:
    """Write one page's lists seen at `seen_at` (ISO UTC); returns items and new headlines.

    `times` > 1 records that many sightings at once (rebuild replays "seen N times" captures).
    """
    result = PageWrite()
    if not lists:
        return result
    with write_transaction(db):
        conn = db.conn
        _store_capture(conn, source, page_url, seen_at, lists, times)
        hour = hour_of(seen_at)
        conn.execute("INSERT OR IGNORE INTO dirty_hours (hour) VALUES (?)", (hour,))
        for list_name, rows in lists.items():
            for row in rows:
                headline_id, created = _resolve(conn, row, seen_at)
                result.items += 1
                result.new_headlines += created
                _record_appearance(conn, headline_id, source, list_name, row.position, seen_at, hour, times)
    return result


def record_unchanged(db: Database, source: str, page_url: str, seen_at: str) -> PageWrite:
    """A 304 for a page: the lists of its latest capture were on show again at `seen_at`."""
    row = db.execute("SELECT payload FROM captures WHERE source = ? AND page_url = ? ORDER BY last_seen DESC "
                     "LIMIT 1", [source, page_url]).fetchone()
    if row is None:
        return PageWrite()
    return record_page(db, source, page_url, seen_at, prepare_lists(page_from_payload(page_url, row[0])))


def page_from_payload(page_url: str, payload: str) -> Page:
    """The Page a capture's payload ({list: [[raw text, url, position]...]}) was stored from."""
    return Page(url=page_url, lists=[HeadlineList(name, [Sighting(text, url, pos) for text, url, pos in rows])
                                     for name, rows in json.loads(payload).items()])


def _store_capture(conn: sqlite3.Connection, source: str, page_url: str, seen_at: str,
                   lists: dict[str, list[CleanSighting]], times: int = 1) -> None:
    """Keep the raw extraction only when it differs from the page's previous capture."""
    digest = digest_lists(lists)
    last = conn.execute(
        "SELECT id, digest FROM captures WHERE source = ? AND page_url = ? "
        "ORDER BY last_seen DESC LIMIT 1", (source, page_url)).fetchone()
    if last and last[1] == digest:
        conn.execute("UPDATE captures SET first_seen = min(first_seen, ?), last_seen = max(last_seen, ?), "
                     "times_seen = times_seen + ? WHERE id = ?", (seen_at, seen_at, times, last[0]))
        return
    payload = json.dumps({name: [[r.raw or r.text, r.url, r.position] for r in rows]
                          for name, rows in lists.items()}, ensure_ascii=False)
    conn.execute("INSERT INTO captures (source, page_url, digest, first_seen, last_seen, "
                 "times_seen, payload) VALUES (?, ?, ?, ?, ?, 1, ?)",
                 (source, page_url, digest, seen_at, seen_at, payload))


def _resolve(conn: sqlite3.Connection, row: CleanSighting, seen_at: str) -> tuple[int, bool]:
    """The distinct headline this sighting is, creating or upgrading rows as needed.

    A cut text looks for its full form first, so a link can settle what a prefix cannot.
    """
    if row.truncated:
        full_id = _full_form_of(conn, row)
        if full_id is not None:
            _keep_text(conn, full_id, row.text, seen_at)
            _widen(conn, full_id, seen_at)
            return full_id, False
    found = conn.execute("SELECT id, first_seen, text, truncated, url FROM headlines WHERE key = ?",
                         (row.key,)).fetchone()
    if found:
        headline_id, first_seen, text, cut, url = found
        _widen(conn, headline_id, seen_at, first_seen)
        if not row.truncated and (cut or (seen_at, row.text) < (first_seen, text)):
            # Shown whole once seen uncut, else as first seen (ties: code-point order), so the text
            # does not depend on which copy happened to arrive first.
            conn.execute("UPDATE headlines SET text = ?, truncated = 0, tagged = 0, grouped = 0 WHERE id = ?",
                         (row.text, headline_id))
        if row.url and (url is None or (seen_at, row.url) < (first_seen, url)):
            conn.execute("UPDATE headlines SET url = ? WHERE id = ?", (row.url, headline_id))
        return headline_id, False
    # story_id starts as the headline's own id (the rowid SQLite assigns: max + 1), in one statement.
    cursor = conn.execute(
        "INSERT INTO headlines (text, key, truncated, url, first_seen, last_seen, tagged, story_id) "
        "VALUES (?, ?, ?, ?, ?, ?, 0, (SELECT coalesce(max(id), 0) + 1 FROM headlines))",
        (row.text, row.key, int(row.truncated), row.url, seen_at, seen_at))
    headline_id = cursor.lastrowid
    if not row.truncated:
        for cut_id in _cut_forms_of(conn, row):
            merge_headline(conn, cut_id, headline_id)
    return headline_id, True


def _widen(conn: sqlite3.Connection, headline_id: int, seen_at: str, first_seen: str | None = None) -> None:
    """A sighting of the headline at `seen_at`, cut or full: its span widens either way.

    Seen earlier than known (historical ingest, out of order): its first hour moves."""
    if first_seen is None:
        first_seen = conn.execute("SELECT first_seen FROM headlines WHERE id = ?", (headline_id,)).fetchone()[0]
    if seen_at < first_seen:
        conn.execute("INSERT OR IGNORE INTO dirty_hours (hour) VALUES (?)", (hour_of(first_seen),))
    conn.execute("UPDATE headlines SET last_seen = max(last_seen, ?), first_seen = min(first_seen, ?) "
                 "WHERE id = ?", (seen_at, seen_at, headline_id))


def _prefix_ok(key: str) -> bool:
    return len(key) >= MIN_PREFIX_CHARS and key.count(" ") + 1 >= MIN_PREFIX_WORDS


def _full_form_of(conn: sqlite3.Connection, row: CleanSighting) -> int | None:
    """A full headline this cut one is the start of: same link first, else the unique prefix match."""
    if row.url:
        for hid, key in conn.execute("SELECT id, key FROM headlines WHERE url = ? AND truncated = 0",
                                     (row.url,)):
            if key.startswith(row.key):
                return hid
    if not _prefix_ok(row.key):
        return None
    matches = conn.execute(
        "SELECT id FROM headlines WHERE key > ? AND key < ? AND truncated = 0 LIMIT 2",
        (row.key, row.key + "\U0010ffff")).fetchall()
    return matches[0][0] if len(matches) == 1 else None


def _cut_forms_of(conn: sqlite3.Connection, row: CleanSighting) -> list[int]:
    """Cut headlines stored earlier that this full headline completes."""
    lower = row.key[:MIN_PREFIX_CHARS]
    candidates = conn.execute(
        "SELECT id, key, url FROM headlines WHERE key >= ? AND key < ? AND truncated = 1",
        (lower, row.key)).fetchall()
    result = []
    for cut_id, cut_key, cut_url in candidates:
        if not row.key.startswith(cut_key):
            continue
        same_link = bool(row.url) and cut_url == row.url
        if same_link or (_prefix_ok(cut_key) and _unique_full_form(conn, cut_key)):
            result.append(cut_id)
    return result


def _unique_full_form(conn: sqlite3.Connection, cut_key: str) -> bool:
    count = conn.execute("SELECT count(*) FROM (SELECT 1 FROM headlines WHERE key > ? AND key < ? "
                         "AND truncated = 0 LIMIT 2)", (cut_key, cut_key + "\U0010ffff")).fetchone()
    return count[0] == 1


def _keep_text(conn: sqlite3.Connection, headline_id: int, text: str, seen_at: str) -> None:
    conn.execute("INSERT OR IGNORE INTO headline_texts (headline_id, text, first_seen) VALUES (?, ?, ?)",
                 (headline_id, text, seen_at))


def merge_headline(conn: sqlite3.Connection, old_id: int, into_id: int) -> None:
    """Fold headline `old_id` into `into_id`: appearances, hourly sightings, texts; then delete it."""
    conn.execute("INSERT OR IGNORE INTO dirty_hours (hour) SELECT hour FROM sightings_hourly "
                 "WHERE headline_id IN (?, ?)", (old_id, into_id))
    conn.execute(
        "INSERT INTO appearances (headline_id, source, list_name, first_seen, last_seen, times_seen, "
        "best_position) SELECT ?, source, list_name, first_seen, last_seen, times_seen, best_position "
        "FROM appearances WHERE headline_id = ? ON CONFLICT (headline_id, source, list_name) DO UPDATE "
        "SET first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen), "
        "times_seen = times_seen + excluded.times_seen, "
        "best_position = min(best_position, excluded.best_position)", (into_id, old_id))
    conn.execute(
        "INSERT INTO sightings_hourly (hour, headline_id, source, sightings) "
        "SELECT hour, ?, source, sightings FROM sightings_hourly WHERE headline_id = ? "
        "ON CONFLICT (hour, headline_id, source) DO UPDATE SET sightings = sightings + excluded.sightings",
        (into_id, old_id))
    conn.execute("INSERT OR IGNORE INTO headline_texts (headline_id, text, first_seen) "
                 "SELECT ?, text, first_seen FROM headlines WHERE id = ?", (into_id, old_id))
    conn.execute("INSERT OR IGNORE INTO headline_texts (headline_id, text, first_seen) "
                 "SELECT ?, text, first_seen FROM headline_texts WHERE headline_id = ?", (into_id, old_id))
    conn.execute("UPDATE headlines SET first_seen = min(first_seen, (SELECT first_seen FROM headlines "
                 "WHERE id = ?)), tagged = 0 WHERE id = ?", (old_id, into_id))
    conn.execute("UPDATE headlines SET story_id = ? WHERE story_id = ?", (into_id, old_id))
    for table in ("appearances", "sightings_hourly", "headline_topics", "headline_texts"):
        conn.execute(f"DELETE FROM {table} WHERE headline_id = ?", (old_id,))
    conn.execute("DELETE FROM headlines WHERE id = ?", (old_id,))


def _record_appearance(conn: sqlite3.Connection, headline_id: int, source: str, list_name: str,
                       position: int, seen_at: str, hour: str, times: int = 1) -> None:
    conn.execute(
        "INSERT INTO appearances (headline_id, source, list_name, first_seen, last_seen, times_seen, "
        "best_position) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (headline_id, source, list_name) "
        "DO UPDATE SET first_seen = min(first_seen, excluded.first_seen), "
        "last_seen = max(last_seen, excluded.last_seen), times_seen = times_seen + excluded.times_seen, "
        "best_position = min(best_position, excluded.best_position)",
        (headline_id, source, list_name, seen_at, seen_at, times, position))
    conn.execute(
        "INSERT INTO sightings_hourly (hour, headline_id, source, sightings) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (hour, headline_id, source) DO UPDATE SET sightings = sightings + excluded.sightings",
        (hour, headline_id, source, times))


