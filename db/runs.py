"""The ledger of distributed runs: idempotent storage of what workers send.

A run is known by its run id (`source@due time`); its `crawls` row is created once, by the
first message of the run, and closed once, by its first "done". A page is stored once per
(run id, page URL) in `run_pages`, in the same transaction as its sightings, so a message
delivered again (after a worker or writer crash, or a lost ack) never counts a sighting twice.
The writer stores the pages it reads together (`store_pages`): one batch write for all of them.
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
from db.writes import PageInput, record_pages


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


@dataclass
class RunPage:
    """One page of a run as a worker sent it; `lists` None means it answered 304 (as last stored).

    `validators` (URL, ETag, Last-Modified) of the source's own page are kept for its next request.
    """

    run: RunRef
    page_url: str
    seen_at: str
    lists: dict[str, list[CleanSighting]] | None
    validators: tuple[str, str | None, str | None] | None = None
    site_name: str | None = None


def store_page(db: Database, run: RunRef, page_url: str, seen_at: str, lists: dict[str, list[CleanSighting]] | None,
               *, validators: tuple[str, str | None, str | None] | None = None, site_name: str | None = None) -> bool:
    """Store one page of a run once (see store_pages). False when stored before or the run is closed."""
    return store_pages(db, [RunPage(run, page_url, seen_at, lists, validators, site_name)])[0]


def store_pages(db: Database, pages: list[RunPage]) -> list[bool]:
    """Store pages of runs, each once per (run id, page URL), in one transaction: their sightings
    through one batch write (db/writes.record_pages). Per page: False when it was stored before
    (also earlier in `pages`) or its run is closed."""
    stored, inputs, crawl_of = [], [], []
    with write_transaction(db):
        crawl_ids: dict[str, int | None] = {}
        for page in pages:
            run = page.run
            if run.run_id not in crawl_ids:
                crawl_ids[run.run_id] = _open_run(db, run)
            crawl_id = crawl_ids[run.run_id]
            fresh = crawl_id is not None and db.execute(
                "INSERT OR IGNORE INTO run_pages (run_id, page_url) VALUES (?, ?)", [run.run_id, page.page_url]).rowcount
            stored.append(bool(fresh))
            if not fresh:
                continue
            inputs.append(PageInput(run.source, page.page_url, page.seen_at, page.lists))
            crawl_of.append(crawl_id)
            if page.validators:
                save_validators(db, *page.validators)
            if page.site_name:
                note_site_name(db, run.source, page.site_name)
        counts: dict[int, list[int]] = {}
        for crawl_id, written in zip(crawl_of, record_pages(db, inputs) if inputs else []):
            count = counts.setdefault(crawl_id, [0, 0])
            count[0] += written.items
            count[1] += written.new_headlines
        db.conn.executemany("UPDATE crawls SET items = items + ?, new_headlines = new_headlines + ? WHERE id = ?",
                            [(items, new, crawl_id) for crawl_id, (items, new) in counts.items()])
    return stored


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
