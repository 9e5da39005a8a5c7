"""Thin pipeline: clean (aggregator) and store (db); one `crawls` row per source run."""
from __future__ import annotations

import logging
import os

from scrapy.exceptions import NotConfigured

from aggregator.prepare import prepare_lists
from db import DatabaseError, open_db
from db.ledger import finish_crawl, note_site_name, start_crawl, usual_items
from db.validators import save_validators
from db.writes import record_page, record_unchanged
from spiders.items import PageItem, SourceDone, UnchangedItem

logger = logging.getLogger(__name__)

# A run whose item count falls below this share of the source's usual count is `degraded`.
DEGRADED_SHARE = 0.3


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

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        try:
            self.db = open_db(self.path)
        except DatabaseError as exc:
            raise NotConfigured(str(exc)) from None
        started = os.environ.get("HEADLINES_RUN_STARTED")
        for name in self.crawler.spider.runs:
            self.crawl_ids[name] = start_crawl(self.db, name, os.getpid(), started_at=started)
            self.counts[name] = [0, 0]

    def process_item(self, item: PageItem | UnchangedItem | SourceDone):
        if isinstance(item, SourceDone):
            self.finish(item.source)
            return item
        run = self.crawler.spider.runs[item.source]
        if isinstance(item, UnchangedItem):
            written = record_unchanged(self.db, item.source, item.page_url, item.fetched_at)
        else:
            written = record_page(self.db, item.source, item.page.url, item.fetched_at, prepare_lists(item.page))
            if item.page.url == run.source.url or run.pages == 1:
                save_validators(self.db, run.source.url, item.etag, item.last_modified)
                if item.page.site_name:
                    note_site_name(self.db, item.source, item.page.site_name)
        self.counts[item.source][0] += written.items
        self.counts[item.source][1] += written.new_headlines
        stats = self.crawler.stats
        stats.inc_value("headlines/items", written.items)
        stats.inc_value("headlines/new", written.new_headlines)
        return item

    def finish(self, name: str) -> None:
        """Close a source's `crawls` row (once) with the status its run earned."""
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
        for name in list(self.crawl_ids):  # a run whose last answer never came back
            self.finish(name)
        self.db.close()


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
