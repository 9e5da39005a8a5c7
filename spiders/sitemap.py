"""Sitemap spider: a news sitemap's titles (news:title) as one list; indexes are followed.

A sitemap index lists child sitemaps; the newest few (by lastmod) are fetched. Gzipped
sitemaps are unpacked by the parser, so a gzip body is not "binary content" here.
"""
from __future__ import annotations

from scrapy.http import Response

from aggregator.sitemaps import parse_sitemap
from spiders.base import SourceSpider

MAX_CHILDREN = 5


class SitemapSpider(SourceSpider):
    name = "sitemap"

    async def start(self):
        yield self.conditional_request(self.source.url, self.parse_sitemap)

    def parse_sitemap(self, response: Response, depth: int = 0):
        if unchanged := self.unchanged(response):
            yield unchanged
            return
        if not response.body.startswith(b"\x1f\x8b") and self.reject(response):
            return
        result = parse_sitemap(response.body, response.url)
        if result.page.lists or not result.children:
            yield self.page_item(response, result.page)
        if depth == 0:
            for child in result.children[:MAX_CHILDREN]:
                yield self.request(child, self.parse_sitemap, cb_kwargs={"depth": 1})
