"""`headlines rebuild`: recompute every derived table from the raw captures with today's rules.

Captures keep each page's extracted lists as extracted (raw text, link, position), when they
were first and last seen and how often. Replaying them through clean -> dedupe -> store gives
headlines, appearances and hourly sightings again (a capture seen N times counts its first
sighting at first_seen and the other N-1 at last_seen); the aggregate step then redoes stories,
topics and rollups. Crawl ledger, sources and scheduling state are kept, and so are the
captures themselves and the page ledger (`page_moments`): they are raw, not derived; only each
capture's digest is recomputed under today's rules, so the next crawl compares like with like.
"""
from __future__ import annotations

from sqlite_utils import Database

from aggregator.prepare import digest_lists, prepare_lists
from db.connection import write_transaction
from db.writes import PageInput, batches, page_from_payload, record_pages

DERIVED = ("headline_topics", "topics", "headline_texts", "sightings_hourly", "appearances", "story_links",
           "headlines", "story_restarts", "topic_hourly", "topic_daily", "topic_weekly", "dirty_hours", "snapshots")
READ_CHUNK = 2000       # captures read at a time: memory stays flat however many there are
BATCH_SIGHTINGS = 5000  # sightings written per batch


def rebuild(db: Database) -> int:
    """Replay every capture, oldest first; returns how many were replayed. One transaction."""
    replayed, after = 0, ("", 0)
    with write_transaction(db):
        for table in DERIVED:
            db.execute(f"DELETE FROM {table}")
        while True:
            rows = db.execute("SELECT id, source, page_url, first_seen, last_seen, times_seen, payload FROM captures "
                              "WHERE (first_seen, id) > (?, ?) ORDER BY first_seen, id LIMIT ?",
                              [*after, READ_CHUNK]).fetchall()
            if not rows:
                return replayed
            after = (rows[-1][3], rows[-1][0])
            pages, digests = [], []
            for cid, source, page_url, first_seen, last_seen, times_seen, payload in rows:
                lists = prepare_lists(page_from_payload(page_url, payload), None)
                digests.append((digest_lists(lists), cid))
                pages.append(PageInput(source, page_url, first_seen, lists))
                if times_seen > 1:
                    pages.append(PageInput(source, page_url, last_seen, lists, times_seen - 1))
            for batch in batches(pages, BATCH_SIGHTINGS):
                record_pages(db, batch, replay=True)
            db.conn.executemany("UPDATE captures SET digest = ? WHERE id = ?", digests)
            replayed += len(rows)
