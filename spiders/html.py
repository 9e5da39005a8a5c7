"""Html spider: a page's headline lists, by the source's pinned CSS or by detection.

Cut headlines ("… See Inside the Chapel Wh…") are repaired by fetching a few of their link
targets (`follow = N` per crawl, same site only, links not already known in full) and
recording each target's own headline as a sighting; storage then merges the cut form into it.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.http import Response
from twisted.python.failure import Failure

from aggregator.clean import is_truncated
from aggregator.extract import extract_page
from aggregator.model import HeadlineList, Page, Sighting
from aggregator.prepare import TITLE_LIST
from db import DatabaseError, open_db
from db.queries import urls_with_full_text
from spiders.base import SourceSpider


class HtmlSpider(SourceSpider):
    name = "html"

    async def start(self):
        yield self.conditional_request(self.source.url, self.parse_page)

    def parse_page(self, response: Response):
        if unchanged := self.unchanged(response):
            yield unchanged
            return
        if self.reject(response):
            return
        page = extract_page(response.body, response.url, content_type=_content_type(response),
                            lists=self.source.lists or None)
        yield self.page_item(response, page)
        for link in self.links_to_follow(page):
            yield self.request(link, self.parse_target, cb_kwargs={"link": link}, errback=self.follow_failed)

    def links_to_follow(self, page: Page) -> list[str]:
        """Same-site links of cut headlines whose full text is unknown, within the budget."""
        if not self.source.follow:
            return []
        site = urlsplit(page.url).netloc
        cut = [s.url for lst in page.lists for s in lst.headlines
               if s.url and is_truncated(s.text) and urlsplit(s.url).netloc == site]
        cut = list(dict.fromkeys(cut))
        try:
            db = open_db(self.settings.get("HEADLINES_DB"))
            known = urls_with_full_text(db, cut)
            db.close()
        except DatabaseError:
            known = set()
        return [url for url in cut if url not in known][: self.source.follow]

    def parse_target(self, response: Response, link: str):
        """A linked story page: its own headline completes the cut text that linked here."""
        if response.status != 200 or self.reject(response, record=False):
            return
        title = extract_page(response.body, response.url, content_type=_content_type(response)).title
        if title:
            page = Page(url=link, title=title, lists=[HeadlineList(TITLE_LIST, [Sighting(title, link, 1)])])
            yield self.page_item(response, page)

    def follow_failed(self, failure: Failure) -> None:
        self.crawler.stats.inc_value("headlines/follow_failed")


def _content_type(response: Response) -> str | None:
    return response.headers.get(b"Content-Type", b"").decode("latin-1") or None
