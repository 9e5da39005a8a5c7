"""The due-queue: each source's next run in `source_state.next_run` (indexed), read by range.

A scheduler tick takes what is due in next-run order instead of keeping one timer per source,
so start-up and memory stay flat with 100 k sources. A dispatched source holds its run id in
`source_state.run_id` and its `next_run` becomes the run's lease end: if no outcome is recorded
by then, the same run is due again (sent again under the same run id).
"""
from __future__ import annotations

from typing import Iterable, Iterator

from sqlite_utils import Database

from aggregator.timewindow import to_iso, utcnow
from db.connection import write_transaction


def seed(db: Database, now: str, *, keep_runs: bool) -> int:
    """Give every enabled source of `sources` a next run; returns how many were added.

    A source never planned runs at its last start + interval (from the ledger), else now.
    `keep_runs` False (embedded mode: a dead scheduler's crawls died with it) plans runs left
    dispatched from their start in the ledger, like any run; True (distributed: workers may
    still finish them) keeps their leases.
    """
    with write_transaction(db):
        if not keep_runs:   # a dead scheduler's run counts as run: the next follows its start (ledger)
            db.execute("UPDATE source_state SET run_id = NULL, next_run = NULL WHERE run_id IS NOT NULL")
        added = db.execute(
            "INSERT INTO source_state (source, interval_seconds, failures, next_run, updated_at) "
            "SELECT s.name, s.every_seconds, 0, NULL, ? FROM sources s WHERE s.enabled = 1 "
            "AND NOT EXISTS (SELECT 1 FROM source_state st WHERE st.source = s.name)", [now]).rowcount
        db.execute(
            "UPDATE source_state SET next_run = coalesce((SELECT strftime('%Y-%m-%dT%H:%M:%SZ', "
            "max(c.started_at), '+' || CAST(s.every_seconds AS INTEGER) || ' seconds') FROM crawls c "
            "JOIN sources s ON s.name = c.source WHERE c.source = source_state.source), ?) "
            "WHERE next_run IS NULL", [now])
    return added


def due(db: Database, now: str, *, chunk: int = 2000) -> Iterator[tuple[str, str, str | None]]:
    """(source, next_run, run_id) of sources due at `now`, most overdue first, read in chunks."""
    after = ("", "")
    while True:
        rows = db.execute(
            "SELECT source, next_run, run_id FROM source_state WHERE next_run <= ? AND (next_run, source) > (?, ?) "
            "ORDER BY next_run, source LIMIT ?", [now, *after, chunk]).fetchall()
        yield from rows
        if len(rows) < chunk:
            return
        after = (rows[-1][1], rows[-1][0])


def dispatch(db: Database, runs: Iterable[tuple[str, str, str]]) -> None:
    """Mark (source, run id, lease end) as dispatched: the source is due again at its lease end."""
    with write_transaction(db):
        db.conn.executemany("UPDATE source_state SET run_id = ?, next_run = ? WHERE source = ?",
                            [(run_id, lease_end, source) for source, run_id, lease_end in runs])


def release(db: Database, source: str, run_id: str | None, next_run: str) -> None:
    """The run `run_id` of `source` is over: due next at `next_run` (if it is still the held run)."""
    with write_transaction(db):
        db.execute("UPDATE source_state SET run_id = NULL, next_run = ?, updated_at = ? "
                   "WHERE source = ? AND (run_id IS ? OR ? IS NULL)",
                   [next_run, to_iso(utcnow()), source, run_id, run_id])


def park(db: Database, sources: Iterable[str]) -> None:
    """Sources that cannot run (disabled, unschedulable): no next run until the config changes."""
    with write_transaction(db):
        db.conn.executemany("UPDATE source_state SET next_run = NULL, run_id = NULL WHERE source = ?",
                            [(name,) for name in sources])


def held_runs(db: Database) -> dict[str, tuple[str, str | None]]:
    """(run id, lease end) per source, for runs dispatched and not yet recorded."""
    return {source: (run, lease_end) for source, run, lease_end in
            db.execute("SELECT source, run_id, next_run FROM source_state WHERE run_id IS NOT NULL")}


def state_of(db: Database, source: str) -> dict:
    """One source's polling state (interval, failures), or {} before its first plan."""
    cursor = db.execute("SELECT * FROM source_state WHERE source = ?", [source])
    row = cursor.fetchone()
    return dict(zip([c[0] for c in cursor.description], row)) if row else {}
