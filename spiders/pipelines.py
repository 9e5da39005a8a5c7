"""Thin pipeline: clean (aggregator) and store (db); one `crawls` row per spider run."""
from __future__ import annotations

import logging
import os

from scrapy.exceptions import NotConfigured

from aggregator.prepare import prepare_lists
from db import DatabaseError, open_db
from db.ledger import finish_crawl, start_crawl
from db.writes import record_page
from spiders.items import PageItem

logger = logging.getLogger(__name__)


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
        self.crawl_id = start_crawl(self.db, self.crawler.spider.source_name, os.getpid())

    def process_item(self, item: PageItem) -> PageItem:
        lists = prepare_lists(item.page)
        written = record_page(self.db, item.source, item.page.url, item.fetched_at, lists)
        self.items += written.items
        self.new += written.new_headlines
        stats = self.crawler.stats
        stats.inc_value("headlines/items", written.items)
        stats.inc_value("headlines/new", written.new_headlines)
        return item

    def close_spider(self) -> None:
        spider = self.crawler.spider
        status, error = crawl_status(self.items, spider.errors, spider.notes)
        finish_crawl(self.db, self.crawl_id, status, self.items, self.new, error)
        logger.info("crawl source=%s status=%s items=%d new=%d%s", spider.source_name, status,
                    self.items, self.new, f" error={error}" if error else "")
        self.db.close()


def crawl_status(items: int, errors: list[str], notes: list[str]) -> tuple[str, str | None]:
    """Status and one-line reason of a run from what its spider saw."""
    if errors and not items:
        return "failed", errors[0]
    if not items:
        return "empty", notes[0] if notes else "no headlines found"
    layout = [n for n in notes if n.startswith("pinned list")]
    if layout:
        return "degraded", layout[0]
    return "ok", errors[0] if errors else None
