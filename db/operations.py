"""State the scheduler keeps between runs: per-source polling state, alert cool-downs, retention."""
from __future__ import annotations

from datetime import timedelta

from sqlite_utils import Database

from aggregator.timewindow import parse_iso, to_iso, utcnow
from db.clock import newest_sighting
from db.connection import write_transaction


def source_states(db: Database) -> dict[str, dict]:
    return {row["source"]: row for row in db.query("SELECT * FROM source_state")}


def save_source_state(db: Database, source: str, interval: float, failures: int, next_run: str) -> None:
    with write_transaction(db):
        db["source_state"].upsert({"source": source, "interval_seconds": interval, "failures": failures,
                                   "next_run": next_run, "updated_at": to_iso(utcnow())}, pk="source")


def claim_alert(db: Database, key: str, kind: str, message: str, cooldown_since: str) -> bool:
    """Record an alert for `key` unless one was sent after `cooldown_since`; True if it is due.

    One statement decides, so two processes never both send the same alert.
    """
    now = to_iso(utcnow())
    with write_transaction(db):
        cursor = db.execute(
            "INSERT INTO alerts (key, kind, message, sent_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET message = excluded.message, sent_at = excluded.sent_at "
            "WHERE alerts.sent_at < ?", [key, kind, message, now, cooldown_since])
    return cursor.rowcount == 1


def prune_captures(db: Database, older_than: str) -> int:
    """Drop raw captures last seen before `older_than` (rollups, headlines and topics stay)."""
    with write_transaction(db):
        db.execute("DELETE FROM capture_hours WHERE capture_id IN (SELECT id FROM captures WHERE last_seen < ?)",
                   [older_than])
        removed = db.execute("DELETE FROM captures WHERE last_seen < ?", [older_than]).rowcount
        db.execute("DELETE FROM page_moments WHERE seen_at < ?", [older_than])  # their captures are gone
        db.execute("DELETE FROM http_validators WHERE updated_at < ?", [older_than])
    return removed


def prune_older_than(db: Database, seconds: float) -> tuple[int, str | None]:
    """Drop raw captures not seen for `seconds` before the newest sighting (the data's clock,
    so pruning a backfill of old headlines keeps what is recent in it); returns (removed, cutoff)."""
    newest = newest_sighting(db)
    if newest is None:
        return 0, None
    cutoff = to_iso(parse_iso(newest) - timedelta(seconds=seconds))
    return prune_captures(db, cutoff), cutoff
