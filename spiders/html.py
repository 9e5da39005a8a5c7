"""Html spider: a page's headline lists, by the source's pinned CSS or by detection."""
from __future__ import annotations

from scrapy.http import Response

from aggregator.extract import extract_page
from spiders.base import SourceSpider


class HtmlSpider(SourceSpider):
    name = "html"

    async def start(self):
        yield self.conditional_request(self.source.url, self.parse_page)

    def parse_page(self, response: Response):
        if self.unchanged(response) or self.reject(response):
            return
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
        page = extract_page(response.body, response.url, content_type=content_type,
                            lists=self.source.lists or None)
        yield self.page_item(response, page)
