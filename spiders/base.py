"""What every source spider shares: its source from sources.toml, failure reasons, outcome."""
from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from typing import Any

import scrapy
from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError, DownloadTimeoutError
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from sqlite_utils import Database
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from aggregator.timewindow import to_iso, utcnow
from db import DatabaseError, open_db
from db.validators import validators_for
from headlines.config import ConfigError, Source, load_sources
from spiders.extract_pool import SETTING as EXTRACT_PROCESSES
from spiders.extract_pool import ExtractPool, processes_from
from spiders.items import PageItem, SourceDone, UnchangedItem
from spiders.middlewares import RefusedRequest

logger = logging.getLogger(__name__)

# What the extraction workers import before they take pages (their first page then costs no import).
EXTRACT_MODULES = ("aggregator.extract", "spiders.user_extractor")
_NOT_TEXT = ("image/", "audio/", "video/", "application/octet-stream", "application/pdf",
             "application/zip", "font/")


def content_type(response: Response) -> str | None:
    return response.headers.get(b"Content-Type", b"").decode("latin-1") or None


def body_problem(response: Response) -> str | None:
    """Why a response cannot hold headlines (empty or binary body), or None when it may."""
    body = response.body
    if not body or not body.strip():
        return "empty body"
    kind = (content_type(response) or "").lower()
    if kind.startswith(_NOT_TEXT) or b"\x00" in body[:2048]:
        return f"binary content ({kind or 'no content type'})"
    return None


def failure_reason(failure: Failure) -> str:
    """One line saying why a request failed."""
    if failure.check(RefusedRequest):
        return _one_line(failure)
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


@dataclass
class SourceRun:
    """One source's run inside a spider: what it fetched, why it failed, what is still pending."""

    source: Source
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pages: int = 0
    not_modified: bool = False
    pending: int = 0    # requests sent and not yet answered

    @property
    def name(self) -> str:
        return self.source.name


class SourceSpider(scrapy.Spider):
    """Base for crawling sources of one kind; `-a sources=A,B` names entries of HEADLINES_SOURCES.

    One spider serves every source of its kind in a batch (a crawler per source would cost
    ~15 ms of engine set-up each). Each source keeps its own run: its requests carry its name,
    and when its last request is answered the spider yields SourceDone, so its `crawls` row is
    closed then, not when the slowest batch-mate ends.
    """

    first_handler = ""   # the method that parses a source's own URL; each kind sets it

    def __init__(self, sources: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source_names = [name for name in sources.split(",") if name]
        self.runs: dict[str, SourceRun] = {}
        self._reader: Database | None = None
        self._pool: ExtractPool | None = None

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        path = crawler.settings.get("HEADLINES_SOURCES")
        try:
            config = load_sources(path)
        except ConfigError as exc:
            raise ValueError(str(exc)) from None
        for name in spider.source_names:
            source = config.get(name)
            if source is None:
                raise ValueError(f"{path}: no valid source named {name!r}")
            spider.runs[name] = SourceRun(source)
        spider.extraction  # noqa: B018 - a bad HEADLINES_EXTRACT_PROCESSES stops the crawl here, named
        return spider

    async def start(self):
        for run in self.runs.values():
            yield self.conditional_request(run)

    def request(self, run: SourceRun, url: str, handler: str, *, quiet: bool = False,
                cb_kwargs: dict | None = None, meta: dict | None = None, **kwargs: Any) -> scrapy.Request:
        """A request of `run`'s source, answered by method `handler(response, run, **cb_kwargs)`.

        `quiet` requests (extra fetches such as link targets) count no failure against the source.
        """
        run.pending += 1
        return scrapy.Request(url, callback=self._answer, errback=self._failed, dont_filter=True,
                              cb_kwargs={"handler": handler, **(cb_kwargs or {})},
                              meta={"source": run.name, "quiet": quiet, **(meta or {})}, **kwargs)

    def reader(self) -> Database | None:
        """One connection for the spider's reads (validators, links known in full), opened once:
        opening the file per request cost more than the reads. None when it cannot be opened."""
        if self._reader is None:
            try:
                self._reader = open_db(self.settings.get("HEADLINES_DB"), cache_mb=8)  # reads a row at a time
            except DatabaseError:
                return None
        return self._reader

    @property
    def extraction(self) -> ExtractPool:
        """Where pages are read: the spider's pool of extraction processes, made when the spider
        is (its setting checked) and started by spiders that read pages in `start`, so the
        workers load while the first requests are in flight."""
        if self._pool is None:
            processes = processes_from(self.settings.get(EXTRACT_PROCESSES))
            self._pool = ExtractPool(processes, preload=EXTRACT_MODULES)
        return self._pool

    def closed(self, reason: str) -> None:
        if self._pool is not None:   # every callback has been answered by now: nothing is lost
            self.crawler.stats.set_value("headlines/extracted_in_pool", self._pool.offloaded)
            self._pool.close()
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def conditional_request(self, run: SourceRun) -> scrapy.Request:
        """GET with If-None-Match / If-Modified-Since from the last stored response of the URL."""
        db = self.reader()
        try:
            headers = validators_for(db, run.source.validators_key) if db is not None else {}
        except sqlite3.Error:
            headers = {}
        return self.request(run, run.source.url, self.first_handler, headers=headers,
                            meta={"handle_httpstatus_list": [304]})

    async def _answer(self, response: Response, handler: str, **kwargs: Any):
        run = self.runs[response.meta["source"]]
        try:
            async for item in getattr(self, handler)(response, run, **kwargs):
                yield item
        finally:
            run.pending -= 1
        if run.pending == 0:
            yield SourceDone(run.name)

    def _failed(self, failure: Failure):
        run = self.runs[failure.request.meta["source"]]
        reason = failure_reason(failure)
        self.crawler.stats.inc_value(f"headlines/failed/{reason.split(':')[0].split(' ')[0].lower()}")
        if not failure.request.meta.get("quiet"):
            run.errors.append(reason)
            logger.warning("%s: %s", run.name, reason)
        run.pending -= 1
        return [SourceDone(run.name)] if run.pending == 0 else []

    def unchanged(self, response: Response, run: SourceRun) -> UnchangedItem | None:
        """For a 304 answer (the page is as stored; nothing to parse), the item that says so."""
        if response.status != 304:
            return None
        run.not_modified = True
        self.crawler.stats.inc_value("headlines/not_modified")
        return UnchangedItem(run.name, response.url, to_iso(utcnow()))

    def page_item(self, response: Response, run: SourceRun, page) -> PageItem:
        run.pages += 1
        if page.reason and not page.lists:
            run.notes.append(page.reason)
        if page.layout_changed:
            run.notes.append("pinned list(s) matched nothing, detection used: " + ", ".join(page.layout_changed))
        header = response.headers.get
        return PageItem(source=run.name, page=page, fetched_at=to_iso(utcnow()),
                        etag=_text(header(b"ETag")), last_modified=_text(header(b"Last-Modified")))

    def reject(self, response: Response, run: SourceRun, record: bool = True) -> bool:
        """Skip a response that cannot hold headlines, recording why unless told not to."""
        problem = body_problem(response)
        if problem and record:
            run.errors.append(f"{problem} at {response.url}")
        return problem is not None
