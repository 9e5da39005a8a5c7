"""Html spider: a page's headline lists, by the source's own extractor, its pinned CSS or detection.

Cut headlines ("… See Inside the Chapel Wh…") are repaired by fetching a few of their link
targets (`follow = N` per crawl, same site only, links not already known in full) and
recording each target's own headline as a sighting; storage then merges the cut form into it.
"""
from __future__ import annotations

import sqlite3
from urllib.parse import urlsplit

from scrapy.http import Response

from aggregator.clean import is_truncated
from aggregator.extract import extract_page
from aggregator.model import HeadlineList, Page, Sighting
from aggregator.prepare import TITLE_LIST
from db.queries import urls_with_full_text
from spiders.base import SourceRun, SourceSpider, content_type
from spiders.user_extractor import ExtractorError, extractor_page


class HtmlSpider(SourceSpider):
    name = "html"
    first_handler = "parse_page"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.extraction.spawn()   # the workers load while the engine is set up
        return spider

    async def start(self):
        self.extraction.start()
        async for request in super().start():
            yield request

    async def parse_page(self, response: Response, run: SourceRun):
        if unchanged := self.unchanged(response, run):
            yield unchanged
            return
        if self.reject(response, run):
            return
        if run.source.extractor:
            try:
                page = await self.extraction.run(extractor_page, run.source.extractor, response.body,
                                                 response.url, content_type(response))
            except ExtractorError as exc:
                run.errors.append(str(exc))
                return
        else:
            page = await self.extraction.run(extract_page, response.body, response.url,
                                             content_type=content_type(response), lists=run.source.lists or None)
        yield self.page_item(response, run, page)
        for link in self.links_to_follow(run, page):
            yield self.request(run, link, "parse_target", quiet=True, cb_kwargs={"link": link})

    def links_to_follow(self, run: SourceRun, page: Page) -> list[str]:
        """Same-site links of cut headlines whose full text is unknown, within the budget."""
        if not run.source.follow:
            return []
        site = urlsplit(page.url).netloc
        cut = [s.url for lst in page.lists for s in lst.headlines
               if s.url and is_truncated(s.text) and urlsplit(s.url).netloc == site]
        cut = list(dict.fromkeys(cut))
        known = self.known_in_full(cut)
        return [url for url in cut if url not in known][: run.source.follow]

    def known_in_full(self, urls: list[str]) -> set[str]:
        """Which `urls` already link a headline stored in full (read from the database)."""
        if not urls:
            return set()
        db = self.reader()
        try:
            return urls_with_full_text(db, urls) if db is not None else set()
        except sqlite3.Error:
            return set()

    async def parse_target(self, response: Response, run: SourceRun, link: str):
        """A linked story page: its own headline completes the cut text that linked here."""
        if response.status != 200 or self.reject(response, run, record=False):
            return
        title = (await self.extraction.run(extract_page, response.body, response.url,
                                           content_type=content_type(response))).title
        if title:
            page = Page(url=link, title=title, lists=[HeadlineList(TITLE_LIST, [Sighting(title, link, 1)])])
            yield self.page_item(response, run, page)
