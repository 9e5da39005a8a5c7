"""Feed spider: RSS, Atom and JSON Feed entries as one list named "feed"."""
from __future__ import annotations

from scrapy.http import Response

from aggregator.feeds import parse_feed
from spiders.base import SourceRun, SourceSpider


class FeedSpider(SourceSpider):
    name = "feed"

    first_handler = "parse_feed"

    async def parse_feed(self, response: Response, run: SourceRun):
        if unchanged := self.unchanged(response, run):
            yield unchanged
            return
        if self.reject(response, run):
            return
        yield self.page_item(response, run, parse_feed(response.body, response.url))
