"""The writer: the one consumer of the items stream, next to the database (a leader thread).

Each batch read from the stream is stored in one transaction (its pages through one batch write;
a savepoint per entry when that fails, so one bad entry is skipped with a one-line error and the
rest kept), then acknowledged: an entry is
acked only after its commit. After a crash the writer first re-reads its own pending entries;
storage is idempotent (db/runs.py), so a redelivered entry changes nothing. Acknowledged
entries are trimmed from both streams now and then.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable

import redis

from db import open_db
from db.connection import write_transaction
from db.runs import RunPage, RunRef, close_run, holds, store_pages
from headlines.distributed.protocol import ITEMS, JOBS, WORKERS, WRITER, decode, ensure_group, lists_from_wire
from headlines.scheduler import Planner

logger = logging.getLogger("headlines.writer")

CONSUMER = "writer"      # one writer per database: a fixed name finds its own pending entries again
TRIM_EVERY = 10.0        # seconds between stream trims


class Writer:
    def __init__(self, client: redis.Redis, db_path: str, planner: Planner, done: Callable[[str], None],
                 halt: threading.Event, *, batch: int = 200) -> None:
        self.client, self.db_path, self.planner, self.done, self.halt = client, db_path, planner, done, halt
        self.batch = batch
        self.stored = 0        # entries stored (pages, 304s, dones), for benchmarks and logs

    def run(self) -> None:
        """Read, store, ack until halted; Redis outages are waited out (reconnect with back-off)."""
        db = open_db(self.db_path)
        backlog, wait, trimmed = True, 0.5, time.monotonic()
        try:
            while not self.halt.is_set():
                try:
                    start = "0" if backlog else ">"   # "0": entries delivered to us before and not acked
                    reply = self.client.xreadgroup(WRITER, CONSUMER, {ITEMS: start}, count=self.batch,
                                                   block=None if backlog else 500)
                    entries = reply[0][1] if reply else []
                    if backlog and not entries:
                        backlog = False
                        continue
                    if entries:
                        self.store(db, entries)
                        self.client.xack(ITEMS, WRITER, *[entry_id for entry_id, _ in entries])
                    if time.monotonic() - trimmed > TRIM_EVERY:
                        trim(self.client, ITEMS, WRITER)
                        trim(self.client, JOBS, WORKERS)
                        trimmed = time.monotonic()
                    wait = 0.5
                except redis.ConnectionError as exc:
                    logger.warning("writer: Redis unreachable (%s); retrying in %.1fs", exc, wait)
                    self.halt.wait(wait)
                    wait, backlog = min(wait * 2, 10.0), True   # an ack may be lost: read our pending again
                except redis.ResponseError as exc:
                    if "NOGROUP" not in str(exc):
                        raise
                    logger.warning("writer: the items stream is gone (Redis lost its data?); recreating it")
                    ensure_group(self.client, ITEMS, WRITER)
                    ensure_group(self.client, JOBS, WORKERS)
        except Exception:  # logged; the leader's leases re-send what was not recorded
            logger.exception("writer stopped")
        finally:
            db.close()

    def store(self, db, entries: list) -> None:
        """Store a batch in one transaction, then plan the next run of each run it closed.

        Pages are stored together (db/runs.store_pages: one batch write) up to the next "done"
        of the batch; if that fails, they are stored one by one so only a bad entry is skipped."""
        closed: list[tuple[dict, str]] = []
        pages: list[tuple[object, RunPage]] = []
        with write_transaction(db):
            for entry_id, fields in entries:
                if not fields:   # trimmed before it was acked: nothing left to store
                    continue
                try:
                    message = decode(fields)
                    page = run_page(message)
                except Exception as exc:  # noqa: BLE001 - one bad entry must not lose the batch
                    _skipped(entry_id, exc)
                    continue
                if page is not None:
                    pages.append((entry_id, page))
                    continue
                self._store_pages(db, pages)
                pages = []
                closing = self._one(db, entry_id, lambda message=message: self.store_one(db, message))
                if closing:
                    closed.append(closing)
            self._store_pages(db, pages)
        self.stored += len(entries)
        for row, run_id in closed:
            try:
                self.planner.after_run(db, row, run_id)
            except Exception:
                logger.exception("planning the next run of %s failed", row["source"])
            self.done(run_id)

    def _store_pages(self, db, pages: list[tuple[object, RunPage]]) -> None:
        if not pages:
            return
        if self._one(db, None, lambda: store_pages(db, [page for _, page in pages]), quiet=True) is not False:
            return
        for entry_id, page in pages:   # one of them cannot be stored: find it, keep the others
            self._one(db, entry_id, lambda page=page: store_pages(db, [page]))

    @staticmethod
    def _one(db, entry_id, action: Callable, quiet: bool = False):
        """`action` inside a savepoint: its result, or False when it failed (rolled back)."""
        conn = db.conn
        conn.execute("SAVEPOINT entry")
        try:
            result = action()
            conn.execute("RELEASE entry")
            return result
        except Exception as exc:  # noqa: BLE001 - one bad entry must not lose the batch
            conn.execute("ROLLBACK TO entry")
            conn.execute("RELEASE entry")
            if not quiet:
                _skipped(entry_id, exc)
            return False

    def store_one(self, db, message: dict) -> tuple[dict, str] | None:
        """A message that is not a page (pages go through `_store_pages`): a "done" closes its run."""
        run = RunRef(message["run"], message["source"], message["started_at"])
        kind = message["type"]
        if kind == "done":
            row = close_run(db, run, message.get("errors", []), message.get("notes", []),
                            bool(message.get("not_modified")))
            if row is None and holds(db, run.source, run.run_id):   # recorded, but its plan was lost in a crash
                row = db["crawls"].get(db.execute("SELECT id FROM crawls WHERE run_id = ?",
                                                  [run.run_id]).fetchone()[0])
            if row is not None:
                return row, run.run_id
        else:
            raise ValueError(f"unknown message type {kind!r}")
        return None


def run_page(message: dict) -> RunPage | None:
    """The page a "page" or "unchanged" message carries; None for other messages."""
    kind = message["type"]
    if kind not in ("page", "unchanged"):
        return None
    run = RunRef(message["run"], message["source"], message["started_at"])
    if kind == "unchanged":
        return RunPage(run, message["url"], message["fetched_at"], None)
    validators = message.get("validators_url")
    return RunPage(run, message["url"], message["fetched_at"], lists_from_wire(message["lists"]),
                   validators=(validators, message.get("etag"), message.get("last_modified")) if validators else None,
                   site_name=message.get("site_name"))


def _skipped(entry_id, exc: Exception) -> None:
    logger.error("items stream entry %s: cannot store it (%s: %s); skipped",
                 _text(entry_id), type(exc).__name__, str(exc)[:200])


def trim(client: redis.Redis, stream: str, group: str) -> int:
    """Drop entries the group has acknowledged: everything older than its oldest pending entry."""
    groups = {_text(g["name"]): g for g in client.xinfo_groups(stream)}
    if group not in groups:
        return 0
    pending = client.xpending(stream, group)
    oldest = pending["min"] if pending["pending"] else groups[group]["last-delivered-id"]
    if _text(oldest) in ("0-0", ""):
        return 0
    return client.xtrim(stream, minid=oldest)


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
