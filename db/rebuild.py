"""`headlines rebuild`: recompute every derived table from the raw captures with today's rules.

Captures keep each page's extracted lists as extracted (raw text, link, position), when they
were first and last seen and how often. Replaying them through clean -> dedupe -> store gives
headlines, appearances and hourly sightings again (a capture's first and last sightings at their
exact times, the others in the hours `capture_hours` counted them in); a row capture (a batch of an
ingested row file) replays each of its pages of rows at its own source and moment. The aggregate
step then redoes stories, topics and rollups. Crawl ledger, sources and scheduling state are kept,
and so are the captures themselves and the ingest ledgers (`row_moments`, `page_moments`): they
are raw, not derived; only each page capture's digest is recomputed under today's rules, so the
next crawl compares like with like.
"""
from __future__ import annotations

from sqlite_utils import Database

from aggregator.prepare import digest_lists, prepare_lists
from aggregator.timewindow import hour_of
from db.connection import write_transaction
from db.writes import PageInput, batches, page_from_payload, record_pages, row_capture_pages

DERIVED = ("headline_topics", "topics", "headline_texts", "sightings_hourly", "appearances", "story_links",
           "headlines", "story_restarts", "topic_hourly", "topic_daily", "topic_weekly", "dirty_hours", "snapshots",
           "capture_rows")
READ_CHUNK = 2000       # captures read at a time: memory stays flat however many there are
READ_BYTES = 16 << 20   # ... and at most about this much payload (a row capture holds a whole batch)
BATCH_SIGHTINGS = 5000  # sightings written per batch


def rebuild(db: Database) -> int:
    """Replay every capture, oldest first; returns how many were replayed. One transaction."""
    replayed, after = 0, ("", 0)
    with write_transaction(db):
        for table in DERIVED:
            db.execute(f"DELETE FROM {table}")
        while True:
            rows = _read(db, after)
            if not rows:
                return replayed
            after = (rows[-1][3], rows[-1][0])
            hours = _capture_hours(db, [row[0] for row in rows if row[7] != "rows"])
            pages, digests = [], []
            for cid, source, page_url, first_seen, last_seen, times_seen, payload, form in rows:
                if form == "rows":
                    pages += [PageInput(row_source, page_url, seen_at, lists)
                              for row_source, seen_at, lists in row_capture_pages(payload)]
                    continue
                lists = prepare_lists(page_from_payload(page_url, payload), None)
                digests.append((digest_lists(lists), cid))
                for seen_at, times in replay_moments(first_seen, last_seen, times_seen, hours.get(cid, {})):
                    pages.append(PageInput(source, page_url, seen_at, lists, times))
            for batch in batches(pages, BATCH_SIGHTINGS):
                record_pages(db, batch, replay=True)
            db.conn.executemany("UPDATE captures SET digest = ? WHERE id = ?", digests)
            replayed += len(rows)


def _read(db: Database, after: tuple[str, int]) -> list[tuple]:
    """The next captures in replay order: up to READ_CHUNK of them or about READ_BYTES of payload."""
    cursor = db.execute("SELECT id, source, page_url, first_seen, last_seen, times_seen, payload, form FROM captures "
                        "WHERE (first_seen, id) > (?, ?) ORDER BY first_seen, id LIMIT ?", [*after, READ_CHUNK])
    rows, size = [], 0
    for row in cursor:
        rows.append(row)
        size += len(row[6] or "")
        if size >= READ_BYTES:
            break
    cursor.close()
    return rows


def _capture_hours(db: Database, ids: list[int]) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for cid, hour, times in db.execute("SELECT capture_id, hour, times FROM capture_hours WHERE capture_id IN "
                                           f"({','.join('?' * len(chunk))})", chunk):
            found.setdefault(cid, {})[hour] = times
    return found


def replay_moments(first_seen: str, last_seen: str, times_seen: int, hours: dict[str, int]) -> list[tuple[str, int]]:
    """When to replay a capture's sightings: the first and last at their exact times, the rest in
    the hours they were counted in, so first/last seen and hourly sightings come back as they were.

    >>> replay_moments("2026-11-01T09:10:00Z", "2026-11-01T15:20:00Z", 4,
    ...                {"2026-11-01T09:00:00Z": 1, "2026-11-01T12:00:00Z": 2, "2026-11-01T15:00:00Z": 1})
    [('2026-11-01T09:10:00Z', 1), ('2026-11-01T15:20:00Z', 1), ('2026-11-01T12:00:00Z', 2)]
    """
    moments = [(first_seen, 1)] + ([(last_seen, 1)] if times_seen > 1 else [])
    left = dict(hours)
    for seen_at, _times in moments:
        left[hour_of(seen_at)] = left.get(hour_of(seen_at), 0) - 1
    if not hours or sum(max(0, n) for n in left.values()) != times_seen - len(moments):
        return [(first_seen, 1)] + ([(last_seen, times_seen - 1)] if times_seen > 1 else [])  # hours unknown
    for hour, times in sorted(left.items()):
        if times > 0:
            at = first_seen if hour == hour_of(first_seen) else last_seen if hour == hour_of(last_seen) else hour
            moments.append((at, times))
    return moments
