"""Thin pipeline: clean (aggregator) and store (db); one `crawls` row per spider run."""
from __future__ import annotations

import logging
import os

from scrapy.exceptions import NotConfigured

from aggregator.prepare import prepare_lists
from db import DatabaseError, open_db
from db.ledger import finish_crawl, note_site_name, start_crawl, usual_items
from db.validators import save_validators
from db.writes import record_page, record_unchanged
from spiders.items import PageItem, UnchangedItem

logger = logging.getLogger(__name__)

# A run whose item count falls below this share of the source's usual count is `degraded`.
DEGRADED_SHARE = 0.3


class StorePipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("HEADLINES_DB")
        if not self.path:
            raise NotConfigured("HEADLINES_DB is not set")
        self.db = None
        self.crawl_id = 0
        self.items = 0
        self.new = 0

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        try:
            self.db = open_db(self.path)
        except DatabaseError as exc:
            raise NotConfigured(str(exc)) from None
        self.crawl_id = start_crawl(self.db, self.crawler.spider.source_name, os.getpid(),
                                    started_at=os.environ.get("HEADLINES_RUN_STARTED"))

    def process_item(self, item: PageItem | UnchangedItem) -> PageItem | UnchangedItem:
        spider = self.crawler.spider
        if isinstance(item, UnchangedItem):
            written = record_unchanged(self.db, item.source, item.page_url, item.fetched_at)
        else:
            written = record_page(self.db, item.source, item.page.url, item.fetched_at, prepare_lists(item.page))
            if item.page.url == spider.source.url or spider.pages == 1:
                save_validators(self.db, spider.source.url, item.etag, item.last_modified)
                if item.page.site_name:
                    note_site_name(self.db, item.source, item.page.site_name)
        self.items += written.items
        self.new += written.new_headlines
        stats = self.crawler.stats
        stats.inc_value("headlines/items", written.items)
        stats.inc_value("headlines/new", written.new_headlines)
        return item

    def close_spider(self) -> None:
        spider = self.crawler.spider
        usual = usual_items(self.db, spider.source_name, before_id=self.crawl_id)
        status, error = crawl_status(self.items, spider.errors, spider.notes, spider.not_modified, usual)
        finish_crawl(self.db, self.crawl_id, status, self.items, self.new, error)
        log = logger.warning if status in ("failed", "degraded") else logger.info
        log("crawl source=%s status=%s items=%d new=%d%s", spider.source_name, status,
            self.items, self.new, f" error={error}" if error else "")
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
