"""The ledger of distributed runs: idempotent storage of what workers send.

A run is known by its run id (`source@due time`); its `crawls` row is created once, by the
first message of the run, and closed once, by its first "done". A page is stored once per
(run id, page URL) in `run_pages`, in the same transaction as its sightings, so a message
delivered again (after a worker or writer crash, or a lost ack) never counts a sighting twice.
Pages of a run already closed are ignored; a closed run's `run_pages` rows are dropped.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from aggregator.prepare import CleanSighting
from aggregator.timewindow import to_iso, utcnow
from db.connection import write_transaction
from db.ledger import finish_crawl, note_site_name, usual_items
from db.validators import save_validators
from db.writes import record_page, record_unchanged


@dataclass
class RunRef:
    run_id: str
    source: str
    started_at: str


def abandon_local_runs(db: Database, reason: str) -> int:
    """Runs left 'running' by a local crawl process (not distributed runs, which may still finish)."""
    with write_transaction(db):
        return db.execute("UPDATE crawls SET status = 'failed', finished_at = ?, error = ? "
                          "WHERE status = 'running' AND run_id IS NULL", [to_iso(utcnow()), reason]).rowcount


def _open_run(db: Database, run: RunRef) -> int | None:
    """The run's `crawls` id (created on first sight), or None once the run is closed."""
    row = db.execute("SELECT id, status FROM crawls WHERE run_id = ?", [run.run_id]).fetchone()
    if row is None:
        return db.execute("INSERT INTO crawls (source, started_at, status, items, new_headlines, run_id) "
                          "VALUES (?, ?, 'running', 0, 0, ?)", [run.source, run.started_at, run.run_id]).lastrowid
    return row[0] if row[1] == "running" else None


def store_page(db: Database, run: RunRef, page_url: str, seen_at: str, lists: dict[str, list[CleanSighting]] | None,
               *, validators: tuple[str, str | None, str | None] | None = None, site_name: str | None = None) -> bool:
    """Store one page of a run once; `lists` None means the page answered 304 (as last stored).

    `validators` (URL, ETag, Last-Modified) of the source's own page are kept for its next request.

    Returns False when this page of this run was stored before (or the run is closed).
    """
    with write_transaction(db):
        crawl_id = _open_run(db, run)
        if crawl_id is None:
            return False
        if not db.execute("INSERT OR IGNORE INTO run_pages (run_id, page_url) VALUES (?, ?)",
                          [run.run_id, page_url]).rowcount:
            return False
        if lists is None:
            written = record_unchanged(db, run.source, page_url, seen_at)
        else:
            written = record_page(db, run.source, page_url, seen_at, lists)
        if validators:
            save_validators(db, *validators)
        if site_name:
            note_site_name(db, run.source, site_name)
        db.execute("UPDATE crawls SET items = items + ?, new_headlines = new_headlines + ? WHERE id = ?",
                   [written.items, written.new_headlines, crawl_id])
    return True


def close_run(db: Database, run: RunRef, errors: list[str], notes: list[str], not_modified: bool) -> dict | None:
    """Close the run's `crawls` row with the status it earned; the row, or None if already closed."""
    from spiders.pipelines import crawl_status  # one status policy for both modes

    with write_transaction(db):
        crawl_id = _open_run(db, run)
        if crawl_id is None:
            return None
        items, new = db.execute("SELECT items, new_headlines FROM crawls WHERE id = ?", [crawl_id]).fetchone()
        status, error = crawl_status(items, errors, notes, not_modified,
                                     usual_items(db, run.source, before_id=crawl_id))
        finish_crawl(db, crawl_id, status, items, new, error)
        db.execute("DELETE FROM run_pages WHERE run_id = ?", [run.run_id])
    return db["crawls"].get(crawl_id)


def is_recorded(db: Database, run_id: str) -> bool:
    row = db.execute("SELECT status FROM crawls WHERE run_id = ?", [run_id]).fetchone()
    return row is not None and row[0] != "running"


def validators_of(db: Database, urls: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """(ETag, Last-Modified) stored per URL, for the jobs that carry them to workers."""
    found: dict[str, tuple[str | None, str | None]] = {}
    for start in range(0, len(urls), 500):
        chunk = urls[start:start + 500]
        for url, etag, modified in db.execute(
                f"SELECT url, etag, last_modified FROM http_validators WHERE url IN ({','.join('?' * len(chunk))})",
                chunk):
            found[url] = (etag, modified)
    return found


def holds(db: Database, source: str, run_id: str) -> bool:
    """Whether `source` is still dispatched under `run_id` (its next run not yet planned)."""
    row = db.execute("SELECT run_id FROM source_state WHERE source = ?", [source]).fetchone()
    return row is not None and row[0] == run_id
