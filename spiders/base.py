"""What every source spider shares: its source from sources.toml, failure reasons, outcome."""
from __future__ import annotations

import logging
import os
from typing import Any

import scrapy
from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError, DownloadTimeoutError
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from aggregator.timewindow import to_iso, utcnow
from db import DatabaseError, open_db
from db.validators import validators_for
from headlines.config import ConfigError, Source, SourcesFile, load_sources
from spiders.items import PageItem, UnchangedItem

logger = logging.getLogger(__name__)

_NOT_TEXT = ("image/", "audio/", "video/", "application/octet-stream", "application/pdf",
             "application/zip", "font/")


def body_problem(response: Response) -> str | None:
    """Why a response cannot hold headlines (empty or binary body), or None when it may."""
    body = response.body
    if not body or not body.strip():
        return "empty body"
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    if content_type.startswith(_NOT_TEXT) or b"\x00" in body[:2048]:
        return f"binary content ({content_type or 'no content type'})"
    return None


def failure_reason(failure: Failure) -> str:
    """One line saying why a request failed."""
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status} from {failure.value.response.url}"
    if failure.check(DNSLookupError, CannotResolveHostError):
        return f"DNS lookup failed: {_one_line(failure)}"
    if failure.check(ConnectionRefusedError, DownloadConnectionRefusedError):
        return "connection refused"
    if failure.check(TimeoutError, TCPTimedOutError, DownloadTimeoutError):
        return f"timed out: {_one_line(failure)}"
    message = _one_line(failure)
    if "robots.txt" in message:
        return "disallowed by robots.txt"
    return f"{failure.type.__name__}: {message}"


def _text(value: bytes | None) -> str | None:
    return value.decode("latin-1") if value else None


def _one_line(failure: Failure) -> str:
    return " ".join(str(failure.getErrorMessage()).split())[:300]


_parsed: dict[tuple[str, int], SourcesFile] = {}


def sources_file(path: str) -> SourcesFile:
    """The sources file, parsed once per process however many spiders a batch starts."""
    try:
        key = (path, os.stat(path).st_mtime_ns)
    except OSError:
        return load_sources(path)  # raises the ConfigError that names the problem
    if key not in _parsed:
        _parsed[key] = load_sources(path)
    return _parsed[key]


class SourceSpider(scrapy.Spider):
    """Base for one source's crawl; `-a source=NAME` selects the entry in HEADLINES_SOURCES."""

    def __init__(self, source: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source_name = source
        self.source: Source | None = None
        self.errors: list[str] = []
        self.pages = 0
        self.notes: list[str] = []
        self.not_modified = False

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        path = crawler.settings.get("HEADLINES_SOURCES")
        try:
            spider.source = sources_file(path).get(spider.source_name)
        except ConfigError as exc:
            raise ValueError(str(exc)) from None
        if spider.source is None:
            raise ValueError(f"{path}: no valid source named {spider.source_name!r}")
        return spider

    def request(self, url: str, callback, **kwargs: Any) -> scrapy.Request:
        kwargs.setdefault("errback", self.on_error)
        return scrapy.Request(url, callback=callback, dont_filter=True, **kwargs)

    def conditional_request(self, url: str, callback) -> scrapy.Request:
        """GET with If-None-Match / If-Modified-Since from the last stored response of `url`."""
        try:
            db = open_db(self.settings.get("HEADLINES_DB"))
            headers = validators_for(db, url)
            db.close()
        except DatabaseError:
            headers = {}
        return self.request(url, callback, headers=headers, meta={"handle_httpstatus_list": [304]})

    def unchanged(self, response: Response) -> UnchangedItem | None:
        """For a 304 answer (the page is as stored; nothing to parse), the item that says so."""
        if response.status != 304:
            return None
        self.not_modified = True
        self.crawler.stats.inc_value("headlines/not_modified")
        return UnchangedItem(self.source_name, response.url, to_iso(utcnow()))

    def on_error(self, failure: Failure) -> None:
        reason = failure_reason(failure)
        self.errors.append(reason)
        self.crawler.stats.inc_value(f"headlines/failed/{reason.split(':')[0].split(' ')[0].lower()}")
        logger.warning("%s: %s", self.source_name, reason)

    def page_item(self, response: Response, page) -> PageItem:
        self.pages += 1
        if page.reason and not page.lists:
            self.notes.append(page.reason)
        if page.layout_changed:
            self.notes.append("pinned list(s) matched nothing, detection used: "
                              + ", ".join(page.layout_changed))
        header = response.headers.get
        return PageItem(source=self.source_name, page=page, fetched_at=to_iso(utcnow()),
                        etag=_text(header(b"ETag")), last_modified=_text(header(b"Last-Modified")))

    def reject(self, response: Response, record: bool = True) -> bool:
        """Skip a response that cannot hold headlines, recording why unless told not to."""
        problem = body_problem(response)
        if problem and record:
            self.errors.append(f"{problem} at {response.url}")
        return problem is not None
