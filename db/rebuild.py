"""`headlines rebuild`: recompute every derived table from the raw captures with today's rules.

Captures keep each page's extracted lists as extracted (raw text, link, position), when they
were first and last seen and how often. Replaying them through clean -> dedupe -> store gives
headlines, appearances and hourly sightings again (a capture seen N times counts its first
sighting at first_seen and the other N-1 at last_seen); the aggregate step then redoes stories,
topics and rollups. Crawl ledger, sources and scheduling state are kept.
"""
from __future__ import annotations

from sqlite_utils import Database

from aggregator.prepare import prepare_lists
from db.connection import write_transaction
from db.writes import page_from_payload, record_page

DERIVED = ("headline_topics", "topics", "headline_texts", "sightings_hourly", "appearances", "story_links",
           "headlines", "story_restarts", "topic_hourly", "dirty_hours", "snapshots")


def rebuild(db: Database) -> int:
    """Replay every capture; returns how many captures were replayed. One transaction."""
    captures = db.execute("SELECT source, page_url, first_seen, last_seen, times_seen, payload FROM captures "
                          "ORDER BY first_seen, id").fetchall()
    with write_transaction(db):
        for table in DERIVED:
            db.execute(f"DELETE FROM {table}")
        db.execute("DELETE FROM captures")
        for source, page_url, first_seen, last_seen, times_seen, payload in captures:
            lists = prepare_lists(page_from_payload(page_url, payload))
            record_page(db, source, page_url, first_seen, lists)
            if times_seen > 1:
                record_page(db, source, page_url, last_seen, lists, times=times_seen - 1)
    return len(captures)
