"""Sitemap spider: a news sitemap's titles (news:title) as one list; indexes are followed.

A sitemap index lists child sitemaps; the newest few (by lastmod) are fetched. Gzipped
sitemaps are unpacked by the parser, so a gzip body is not "binary content" here.
"""
from __future__ import annotations

from scrapy.http import Response

from aggregator.sitemaps import parse_sitemap
from spiders.base import SourceRun, SourceSpider

MAX_CHILDREN = 5


class SitemapSpider(SourceSpider):
    name = "sitemap"

    first_handler = "parse_sitemap"

    async def parse_sitemap(self, response: Response, run: SourceRun, depth: int = 0):
        if unchanged := self.unchanged(response, run):
            yield unchanged
            return
        if not response.body.startswith(b"\x1f\x8b") and self.reject(response, run):
            return
        result = parse_sitemap(response.body, response.url)
        if result.page.lists or not result.children:
            yield self.page_item(response, run, result.page)
        if depth == 0:
            for child in result.children[:MAX_CHILDREN]:
                yield self.request(run, child, "parse_sitemap", cb_kwargs={"depth": 1})
