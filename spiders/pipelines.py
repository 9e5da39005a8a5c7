"""Thin pipeline: clean (aggregator) and store (db); one `crawls` row per source run.

Pages are stored in batches (db.writes.record_pages: one transaction, one statement per table
and batch), since a transaction per page was most of the pipeline's cost. A batch is written
when it holds BATCH_SIGHTINGS sightings, when the spider closes, and when a run is answered in
full: at once if nothing else is in flight, else within FINISH_WAIT_SECONDS so that runs ending
together share one transaction. A run's `crawls` row is closed in the same transaction as its
last pages, so its counts and status see every page it fetched. A page and the validators (and
site name) that came with it are committed together, so a 304 never answers for a page that
was not stored.
"""
from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured
from twisted.internet.base import DelayedCall

from aggregator.prepare import prepare_lists
from db import DatabaseError, open_db
from db.connection import write_transaction
from db.ledger import finish_crawl, note_site_name, start_crawl, usual_items
from db.validators import save_validators
from db.writes import PageInput, record_pages
from spiders.items import PageItem, SourceDone, UnchangedItem

if TYPE_CHECKING:
    from spiders.base import SourceRun

logger = logging.getLogger(__name__)

# A run whose item count falls below this share of the source's usual count is `degraded`.
DEGRADED_SHARE = 0.3
BATCH_SIGHTINGS = 2000   # sightings written per transaction at most (a 304 counts as one)
# A run answered in full waits at most this long for batch-mates to share its transaction; with
# nothing else in flight its row is closed at once.
FINISH_WAIT_SECONDS = 0.2


class StorePipeline:
    """Stores each page of each source, and keeps one `crawls` row per source of the spider."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("HEADLINES_DB")
        if not self.path:
            raise NotConfigured("HEADLINES_DB is not set")
        self.db = None
        self.crawl_ids: dict[str, int] = {}
        self.counts: dict[str, list[int]] = {}   # source -> [items, new headlines]
        self.pending: list[tuple[PageInput, PageItem | None]] = []  # page, and the item whose validators to keep
        self.pending_sightings = 0
        self.done: list[str] = []                # runs answered in full, their rows not yet closed
        self.timer: DelayedCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        try:
            self.db = open_db(self.path)
        except DatabaseError as exc:
            raise NotConfigured(str(exc)) from None
        started = os.environ.get("HEADLINES_RUN_STARTED")
        with write_transaction(self.db):  # one transaction for the batch's runs, not one each
            for name in self.crawler.spider.runs:
                self.crawl_ids[name] = start_crawl(self.db, name, os.getpid(), started_at=started)
                self.counts[name] = [0, 0]

    def process_item(self, item: PageItem | UnchangedItem | SourceDone):
        if isinstance(item, SourceDone):
            self.done.append(item.source)
            if any(run.pending for run in self.crawler.spider.runs.values()):
                self._flush_soon()  # batch-mates still fetching: their pages may share the transaction
            else:
                self.flush()
            return item
        if isinstance(item, UnchangedItem):
            self.pending.append((PageInput(item.source, item.page_url, item.fetched_at, None), None))
            self.pending_sightings += 1
        else:
            run = self.crawler.spider.runs[item.source]
            lists = prepare_lists(item.page)
            keeps = item.page.url == run.source.url or run.pages == 1
            self.pending.append((PageInput(item.source, item.page.url, item.fetched_at, lists),
                                 item if keeps else None))
            self.pending_sightings += sum(len(rows) for rows in lists.values()) or 1
        if self.pending_sightings >= BATCH_SIGHTINGS:
            self.flush()
        return item

    def _flush_soon(self) -> None:
        if self.timer is None or not self.timer.active():
            from twisted.internet import reactor
            self.timer = reactor.callLater(FINISH_WAIT_SECONDS, self._timed_flush)

    def _timed_flush(self) -> None:
        try:
            self.flush()
        except Exception:  # a timer has no caller to tell: log it; close_spider tries again
            logger.exception("storing a batch of pages failed")

    def flush(self) -> None:
        """Store the pending pages (with their validators and site names), then close the rows of
        the runs answered in full, in one transaction."""
        if self.timer is not None and self.timer.active():
            self.timer.cancel()
        pending, self.pending, self.pending_sightings = self.pending, [], 0
        done, self.done = self.done, []
        if not pending and not done:
            return
        with write_transaction(self.db):
            written = record_pages(self.db, [page for page, _item in pending]) if pending else []
            for _page, item in pending:
                if item is not None:
                    save_validators(self.db, self.crawler.spider.runs[item.source].source.validators_key, item.etag,
                                    item.last_modified)
                    if item.page.site_name:
                        note_site_name(self.db, item.source, item.page.site_name)
            stats = self.crawler.stats
            for (page, _item), result in zip(pending, written):
                counts = self.counts.get(page.source)
                if counts is not None:
                    counts[0] += result.items
                    counts[1] += result.new_headlines
                stats.inc_value("headlines/items", result.items)
                stats.inc_value("headlines/new", result.new_headlines)
            for name in done:
                self.finish(name)

    def finish(self, name: str) -> None:
        """Close a source's `crawls` row (once) with the status its run earned (its pages stored)."""
        crawl_id = self.crawl_ids.pop(name, None)
        if crawl_id is None:
            return
        run = self.crawler.spider.runs[name]
        items, new = self.counts[name]
        usual = usual_items(self.db, name, before_id=crawl_id)
        status, error = crawl_status(items, run.errors, run.notes, run.not_modified, usual)
        finish_crawl(self.db, crawl_id, status, items, new, error)
        log = logger.warning if status in ("failed", "degraded") else logger.info
        log("crawl source=%s status=%s items=%d new=%d%s", name, status, items, new,
            f" error={error}" if error else "")

    def close_spider(self) -> None:
        self.flush()
        # Told to stop (SIGTERM: a Ctrl-C, a stopping scheduler, a timeout), the crawl drains what
        # its downloader holds and closes. A run whose own page got no answer then has no outcome
        # of its source's ("empty" would be a success for back-off): its row is left 'running' for
        # the process that stopped this one, which records it with the reason (headlines/runner.py:
        # interrupted, abandoned, timed out). A run answered, its link targets cut, keeps its outcome.
        stopped = not self.crawler.crawling
        for name in list(self.crawl_ids):  # a run whose last answer never came back
            if stopped and not answered(self.crawler.spider.runs[name]):
                del self.crawl_ids[name]
                logger.info("crawl source=%s stopped before its page was answered", name)
            else:
                self.finish(name)
        self.db.close()


def answered(run: SourceRun) -> bool:
    """Whether a run's own page was answered: a page read, a 304, or an error or note recorded."""
    return bool(run.pages or run.not_modified or run.errors or run.notes)


def crawl_status(items: int, errors: list[str], notes: list[str], not_modified: bool = False,
                 usual: float | None = None) -> tuple[str, str | None]:
    """Status and one-line reason of a run from what its spider saw.

    `usual` is the source's typical item count; far below it means the layout changed.
    """
    if not_modified:
        return "not_modified", None
    if errors and not items:
        return "failed", errors[0]
    if not items:
        return "empty", notes[0] if notes else "no headlines found"
    layout = [n for n in notes if n.startswith("pinned list")]
    if layout:
        return "degraded", layout[0]
    if usual and items < DEGRADED_SHARE * usual:
        return "degraded", f"{items} items, far below the usual {usual:g}: did the layout change?"
    return "ok", errors[0] if errors else None
