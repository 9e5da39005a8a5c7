"""Feed spider: RSS, Atom and JSON Feed entries as one list named "feed"."""
from __future__ import annotations

from scrapy.http import Response

from aggregator.feeds import parse_feed
from spiders.base import SourceSpider


class FeedSpider(SourceSpider):
    name = "feed"

    async def start(self):
        yield self.conditional_request(self.source.url, self.parse_feed)

    def parse_feed(self, response: Response):
        if unchanged := self.unchanged(response):
            yield unchanged
            return
        if self.reject(response):
            return
        yield self.page_item(response, parse_feed(response.body, response.url))
