"""The worker's spider and pipeline: jobs from a Redis stream in, page items to a stream out.

`StreamSpider` is one long-running spider of every kind (html, feed, sitemap handlers of the
stock spiders). Background tasks on Scrapy's asyncio loop claim jobs with the `workers`
consumer group (at most `slots` held at once), take over jobs of dead workers (XAUTOCLAIM of
entries idle longer than the claim limit) and heartbeat the jobs this worker holds (XCLAIM of
its own entries resets their idle time, so a slow but live crawl is never taken over).
Runs are keyed by run id, so a source sent twice (a lease ran out) is still one run here.
`StreamPipeline` turns items into messages in one ordered outbox; a sender task writes the
outbox in MULTI/EXEC blocks, so a run's last "done" and its job's XACK land together.
"""
from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from aggregator.prepare import prepare_lists
from headlines.distributed.protocol import ITEMS, JOBS, WORKERS, decode, encode, lists_to_wire, source_from_dict
from spiders.base import SourceRun, SourceSpider
from spiders.feed import FeedSpider
from spiders.html import HtmlSpider
from spiders.items import PageItem, SourceDone, UnchangedItem
from spiders.sitemap import SitemapSpider

logger = logging.getLogger(__name__)

REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)


@dataclass
class JobRun(SourceRun):
    """A source's run inside a job: known by its run id (a source may be sent again)."""

    run_id: str = ""
    job: str = ""
    started_at: str = ""
    deadline: float = 0.0
    etag: str | None = None
    last_modified: str | None = None

    @property
    def name(self) -> str:
        return self.run_id


class StreamSpider(HtmlSpider, FeedSpider, SitemapSpider):
    name = "stream"
    handlers = {"html": "parse_page", "feed": "parse_feed", "sitemap": "parse_sitemap"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__("", *args, **kwargs)
        self.jobs: dict[str, set[str]] = {}        # job entry id -> its runs not yet done
        self.outbox: asyncio.Queue | None = None
        self.tasks: list[asyncio.Task] = []
        self.client: aioredis.Redis | None = None
        self.consumer = f"{socket.gethostname()}-{os.getpid()}"
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super(SourceSpider, cls).from_crawler(crawler, *args, **kwargs)   # jobs, not a sources file
        settings = crawler.settings
        spider.redis_url = settings.get("STREAM_REDIS_URL")
        spider.slots = settings.getint("STREAM_SLOTS", 4)
        spider.claim_idle = settings.getfloat("STREAM_CLAIM_IDLE", 60.0)
        spider.extraction  # noqa: B018 - a bad HEADLINES_EXTRACT_PROCESSES stops the worker here, named
        crawler.signals.connect(spider.on_idle, signals.spider_idle)
        crawler.signals.connect(spider.on_closed, signals.spider_closed)
        return spider

    async def start(self):
        self.client = aioredis.Redis.from_url(self.redis_url, socket_timeout=10, socket_connect_timeout=5)
        self.outbox = asyncio.Queue()
        self.extraction.start()   # the worker's extraction processes live as long as it does
        for loop in (self.claim_loop, self.heartbeat_loop, self.send_loop):
            self.tasks.append(asyncio.ensure_future(self._forever(loop)))
        logger.info("worker %s: taking jobs from %s (slots=%d, claim idle %.0fs)", self.consumer,
                    self.redis_url, self.slots, self.claim_idle)
        return
        yield  # an async generator that starts no request itself: jobs bring them

    def on_idle(self) -> None:
        if not self.closing:
            raise DontCloseSpider

    async def on_closed(self) -> None:
        """Send what the outbox holds (a few seconds at most), then stop the loops."""
        self.closing = True
        deadline = time.monotonic() + 5
        while self.outbox is not None and not self.outbox.empty() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        for task in self.tasks:
            task.cancel()
        if self.client is not None:
            await self.client.aclose()

    async def _forever(self, loop) -> None:
        """Run one loop; Redis outages (a restart) are waited out with back-off, never fatal."""
        wait = 0.2
        while not self.closing:
            try:
                await loop()
                return
            except asyncio.CancelledError:
                raise
            except REDIS_DOWN as exc:
                logger.warning("worker %s: Redis unreachable (%s); retrying in %.1fs", self.consumer, exc, wait)
            except ResponseError as exc:
                if "NOGROUP" not in str(exc):
                    logger.exception("worker %s: Redis refused a command", self.consumer)
                else:
                    logger.warning("worker %s: no jobs stream yet (is the leader running?)", self.consumer)
            await asyncio.sleep(wait)
            wait = min(wait * 2, 5.0)

    # ------------------------------------------------------------------ jobs in

    async def claim_loop(self) -> None:
        reclaimed = 0.0
        while not self.closing:
            free = self.slots - len(self.jobs)
            if free <= 0:
                await asyncio.sleep(0.1)
                continue
            if time.monotonic() - reclaimed > self.claim_idle / 4:   # jobs of dead workers first
                reclaimed = time.monotonic()
                _, entries, *_ = await self.client.xautoclaim(JOBS, WORKERS, self.consumer,
                                                              int(self.claim_idle * 1000), "0-0", count=free)
                for entry_id, fields in entries:
                    if fields:
                        logger.warning("worker %s: took over job %s of a worker that stopped answering",
                                       self.consumer, _text(entry_id))
                        self.take(_text(entry_id), decode(fields))
                continue
            reply = await self.client.xreadgroup(WORKERS, self.consumer, {JOBS: ">"}, count=free, block=1000)
            for _, entries in reply or []:
                for entry_id, fields in entries:
                    self.take(_text(entry_id), decode(fields))

    def take(self, entry_id: str, job: dict) -> None:
        """Start the job's runs (one request each); a run already going here is not started twice."""
        if entry_id in self.jobs:
            return
        fresh = [r for r in job["runs"] if r["run_id"] not in self.runs]
        self.jobs[entry_id] = {r["run_id"] for r in fresh}
        if not fresh:
            self.jobs.pop(entry_id)
            self.outbox.put_nowait((None, entry_id))
            return
        for spec in fresh:
            source = source_from_dict(spec["source"])
            run = JobRun(source, run_id=spec["run_id"], job=entry_id, started_at=spec["started_at"],
                         deadline=time.monotonic() + source.timeout_seconds, etag=spec.get("etag"),
                         last_modified=spec.get("last_modified"))
            self.runs[run.run_id] = run
            self.crawler.engine.crawl(self.conditional_request(run))

    async def heartbeat_loop(self) -> None:
        """Keep held jobs fresh (idle time reset) and end runs past their timeout."""
        while not self.closing:
            await asyncio.sleep(min(self.claim_idle / 4, 5.0))
            if self.jobs:   # only entries still ours: one taken over meanwhile stays with its new owner
                mine = await self.client.xpending_range(JOBS, WORKERS, "-", "+", 10 * self.slots + 100,
                                                        consumername=self.consumer)
                held = [e["message_id"] for e in mine if _text(e["message_id"]) in self.jobs]
                if held:
                    await self.client.xclaim(JOBS, WORKERS, self.consumer, 0, held, justid=True)
            now = time.monotonic()
            for run in [r for r in self.runs.values() if isinstance(r, JobRun) and r.deadline < now]:
                run.errors.insert(0, f"timed out after {run.source.timeout_seconds:g}s")
                self.finish_run(run.run_id)

    # ------------------------------------------------------------------ requests and answers

    def conditional_request(self, run: JobRun):
        """GET with the validators the job carried (workers never open the database)."""
        headers = {}
        if run.etag:
            headers["If-None-Match"] = run.etag
        if run.last_modified:
            headers["If-Modified-Since"] = run.last_modified
        return self.request(run, run.source.url, self.handlers[run.source.kind], headers=headers,
                            meta={"handle_httpstatus_list": [304]})

    def known_in_full(self, urls: list[str]) -> set[str]:
        return set()   # no database here: the link budget (`follow`) bounds the extra fetches

    async def _answer(self, response: Response, handler: str, **kwargs: Any):
        if response.meta["source"] not in self.runs:   # its run ended (timed out) meanwhile
            return
        async for item in super()._answer(response, handler, **kwargs):
            yield item

    def _failed(self, failure):
        if failure.request.meta["source"] not in self.runs:
            return []
        return super()._failed(failure)

    # ------------------------------------------------------------------ items out

    def send(self, message: dict, ack: str | None = None) -> None:
        self.outbox.put_nowait((message, ack))

    def finish_run(self, run_id: str) -> None:
        """The run is over: its "done" goes out, with its job's ack when it was the job's last run."""
        run = self.runs.pop(run_id, None)
        if not isinstance(run, JobRun):
            return
        left = self.jobs.get(run.job, set())
        left.discard(run_id)
        ack = None
        if not left:
            self.jobs.pop(run.job, None)
            ack = run.job
        self.send({"type": "done", **self.header(run), "errors": run.errors, "notes": run.notes,
                   "not_modified": run.not_modified}, ack)

    @staticmethod
    def header(run: JobRun) -> dict:
        return {"run": run.run_id, "source": run.source.name, "started_at": run.started_at}

    async def send_loop(self) -> None:
        """Write the outbox in order, many messages per MULTI/EXEC; a failed block is sent again
        (the writer stores a message once however often it arrives)."""
        while True:
            batch = [await self.outbox.get()]
            while not self.outbox.empty() and len(batch) < 500:
                batch.append(self.outbox.get_nowait())
            wait = 0.2
            while True:
                try:
                    pipe = self.client.pipeline(transaction=True)
                    for message, ack in batch:
                        if message is not None:
                            pipe.xadd(ITEMS, encode(message))
                        if ack is not None:
                            pipe.xack(JOBS, WORKERS, ack)
                    await pipe.execute()
                    break
                except REDIS_DOWN as exc:
                    logger.warning("worker %s: cannot send %d message(s) (%s); retrying in %.1fs",
                                   self.consumer, len(batch), exc, wait)
                    await asyncio.sleep(wait)
                    wait = min(wait * 2, 5.0)


class StreamPipeline:
    """Page items become messages to the items stream (cleaned here: workers share that CPU)."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item: PageItem | UnchangedItem | SourceDone):
        spider: StreamSpider = self.crawler.spider
        if isinstance(item, SourceDone):
            spider.finish_run(item.source)
            return item
        run = spider.runs.get(item.source)
        if not isinstance(run, JobRun):
            return item
        if isinstance(item, UnchangedItem):
            spider.send({"type": "unchanged", **spider.header(run), "url": item.page_url,
                         "fetched_at": item.fetched_at})
            return item
        message = {"type": "page", **spider.header(run), "url": item.page.url, "fetched_at": item.fetched_at,
                   "lists": lists_to_wire(prepare_lists(item.page))}
        if item.page.url == run.source.url or run.pages == 1:   # the source's own page: keep its validators
            message.update(validators_url=run.source.validators_key, etag=item.etag, last_modified=item.last_modified,
                           site_name=item.page.site_name)
        spider.send(message)
        self.crawler.stats.inc_value("headlines/pages_sent")
        return item


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
