"""The scheduler behind schedule.py: a due-queue read by one short periodic tick, in both modes.

Each source's next run lives in the database (db/due.py). Every tick takes what is due, most
overdue first, groups it by site (one job holds at most SITE_BATCH sources of one site, and a
site has one job in flight at a time, so per-site politeness holds inside one crawl process)
and hands the jobs to a dispatcher: `EmbeddedCrawls` here (bounded `scrapy crawlsources`
subprocesses) or the Redis leader (headlines/distributed/leader.py). A dispatched source's
next run becomes its lease end (3 x its timeout): a run never recorded is due again then.
When a run is recorded, `Planner.after_run` plans the source's next run (adaptive polling,
back-off) and fires alerts. Memory and start-up grow with the sources file, not with timers.
"""
from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable, Protocol
from urllib.parse import urlsplit

from aggregator.timewindow import parse_iso, to_iso, utcnow
from db import open_db
from db.due import dispatch, due, park, release, state_of
from db.ledger import ended_by_us
from db.operations import save_source_state
from headlines.alerts import Alerter
from headlines.config import Source
from headlines.polling import next_interval
from headlines.runner import run_crawl

logger = logging.getLogger("headlines.schedule")

TICK_SECONDS = 0.5      # how often due sources are taken from the queue
SITE_BATCH = 20         # sources of one site in one job (their pages are fetched politely, in turn)
BATCH_SOURCES = 100     # sources one embedded crawl process serves
CRAWL_SLOTS = 2         # embedded crawl processes (and threads) at once
LEASE_FACTOR = 3        # a run not recorded within 3 x its timeout is due again
STOP_GRACE = 20.0       # seconds a stop may take, inside systemd's 30 s TimeoutStopSec
SCAN_LIMIT = 20_000     # due rows one tick looks at (a busy site's backlog cannot stall a tick)
BOOKKEEPING_CACHE_MB = 8   # the due queue and validators: a few rows per tick, no need for a big page cache


def site_of(url: str) -> str:
    """The politeness unit: a host (any port)."""
    return (urlsplit(url).hostname or "").lower()


def run_id(source: str, due_at: str) -> str:
    """A run's identity, stable across re-sends: the source and the time it was due."""
    return f"{source}@{due_at}"


def lease_seconds(source: Source) -> float:
    return LEASE_FACTOR * source.timeout_seconds


def schedule_problem(source: Source, now: datetime) -> str | None:
    """Why `source` cannot be scheduled (intervals no clock can hold), or None when it can."""
    for key, seconds in (("every", source.every_seconds), ("max_every", source.max_every_seconds),
                         ("timeout", source.timeout_seconds)):
        if not math.isfinite(seconds):
            return f"key '{key}': {seconds!r} seconds is not a finite interval"
        try:
            now + timedelta(seconds=4 * seconds * LEASE_FACTOR)
        except OverflowError:
            return f"key '{key}': {seconds:g} seconds is too long to schedule"
    return None


@dataclass
class Run:
    source: Source
    run_id: str
    started: str          # when it was dispatched (the run's start in the ledger)


@dataclass
class Job:
    """Due runs of one site, crawled by one process."""

    site: str
    runs: list[Run] = field(default_factory=list)

    @property
    def timeout(self) -> float:
        return max(r.source.timeout_seconds for r in self.runs)


def form_jobs(candidates: Iterable[tuple[str, str, str | None]], sources: dict[str, Source], busy: set[str],
              capacity: int, now: str, *, site_batch: int = SITE_BATCH, site_jobs: int = 1
              ) -> tuple[list[Job], list[str]]:
    """Jobs for up to `capacity` due runs, and names to park (not enabled any more).

    `candidates` are (source, due time, held run id) most overdue first; sites in `busy` wait;
    a site gets at most `site_jobs` jobs of `site_batch` runs. A held run id (lease ran out) is
    kept, so a re-sent run is the same run.
    """
    jobs: dict[str, list[Job]] = {}
    unknown: list[str] = []
    taken = 0
    for scanned, (name, due_at, held) in enumerate(candidates):
        if taken >= capacity or scanned >= SCAN_LIMIT:
            break
        source = sources.get(name)
        if source is None:
            unknown.append(name)
            continue
        site = site_of(source.url)
        if site in busy:
            continue
        mine = jobs.setdefault(site, [Job(site)])
        if len(mine[-1].runs) >= site_batch:
            if len(mine) >= site_jobs:
                continue
            mine.append(Job(site))
        mine[-1].runs.append(Run(source, held or run_id(name, due_at), now))
        taken += 1
    return [job for mine in jobs.values() for job in mine], unknown


class Dispatcher(Protocol):
    site_jobs: int   # jobs of one site in flight at once (1: one crawl process fetches a site)

    def capacity(self) -> int: ...
    def busy_sites(self) -> set[str]: ...
    def send(self, jobs: list[Job]) -> None: ...
    def in_flight(self) -> bool: ...
    def stop(self, deadline: float) -> None: ...


class Planner:
    """Plans a source's next run once its run is recorded; one place for the polling policy."""

    def __init__(self, sources: dict[str, Source], alerter: Alerter) -> None:
        self.sources, self.alerter = sources, alerter
        self.recorded: set[str] = set()           # run ids recorded (for --once)
        self.lock = threading.Lock()

    def after_run(self, db, row: dict, run: str | None, now: datetime | None = None) -> None:
        """Store the source's polling state and next run after `row` (a finished `crawls` row)."""
        now = now or utcnow()
        source = self.sources.get(row["source"])
        with self.lock:
            if run:
                self.recorded.add(run)
        if source is None:
            return
        if ended_by_us(row["status"], row["error"]):  # a stop or a Ctrl-C: neither failure nor success
            release(db, source.name, run, to_iso(now))
            logger.info("run source=%s status=%s error=%r (not counted)", source.name, row["status"], row["error"])
            return
        state = state_of(db, source.name)
        failures = state.get("failures", 0) + 1 if row["status"] == "failed" else 0
        interval = next_interval(row["status"], row["items"] or 0, row["new_headlines"] or 0,
                                 state.get("interval_seconds") or source.every_seconds,
                                 every=source.every_seconds, min_every=source.min_every_seconds,
                                 max_every=source.max_every_seconds, failures=failures)
        started = parse_iso(row["started_at"])
        # Intervals run start to start, as "every 15m" reads; an overrun starts the next at once.
        next_run = max(now, started + timedelta(seconds=interval))
        # A back-off interval is not kept as the polling interval: recovery starts from the last good one.
        kept = interval if failures == 0 else state.get("interval_seconds") or source.every_seconds
        save_source_state(db, source.name, kept, failures, to_iso(next_run))
        release(db, source.name, run, to_iso(next_run))
        logger.info("run source=%s status=%s items=%s new=%s duration=%.1fs next_in=%.0fs%s", source.name,
                    row["status"], row["items"], row["new_headlines"], (now - started).total_seconds(),
                    interval, f" error={row['error']!r}" if row["error"] else "")
        self.alerter.after_run(db, row, failures)

    def retry_later(self, db, name: str, run: str | None, now: datetime | None = None) -> None:
        """No outcome was recorded for this run: due again after one interval."""
        source = self.sources.get(name)
        every = source.every_seconds if source else 900.0
        release(db, name, run, to_iso((now or utcnow()) + timedelta(seconds=every)))


class EmbeddedCrawls:
    """Jobs crawled in `scrapy crawlsources` subprocesses on this host: at most `slots` at once,
    each serving up to `batch` sources (several sites' jobs share a process start).

    As before the due-queue, a site is not held while one of its runs is going: a slow run
    delays no batch-mate's next run (a source itself never runs twice at once: it is not due
    while dispatched)."""

    site_jobs = BATCH_SOURCES // SITE_BATCH

    def __init__(self, planner: Planner, db_path: str, sources_path: str, stopping: threading.Event, *,
                 slots: int = CRAWL_SLOTS, batch: int = BATCH_SOURCES, log_file: str | None = None) -> None:
        self.planner, self.db_path, self.sources_path, self.stopping = planner, db_path, sources_path, stopping
        self.slots, self.batch, self.log_file = slots, batch, log_file
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []

    def capacity(self) -> int:
        with self.lock:
            self.threads = [t for t in self.threads if t.is_alive()]
            return (self.slots - len(self.threads)) * self.batch

    def busy_sites(self) -> set[str]:
        return set()

    def send(self, jobs: list[Job]) -> None:
        batches: list[list[Job]] = []
        for job in jobs:
            if not batches or sum(len(j.runs) for j in batches[-1]) + len(job.runs) > self.batch:
                batches.append([])
            batches[-1].append(job)
        for batch in batches:
            thread = threading.Thread(target=self.crawl, args=(batch,), name="crawl-batch", daemon=True)
            with self.lock:
                self.threads.append(thread)
            thread.start()

    def crawl(self, jobs: list[Job]) -> None:
        """Run one process to its end, planning each source's next run as its run is recorded."""
        runs = {r.source.name: r for job in jobs for r in job.runs}
        handled: set[int] = set()
        db = open_db(self.db_path)
        try:
            if not self.stopping.is_set():
                result = run_crawl(list(runs), db_path=self.db_path, sources_path=self.sources_path,
                                   started=parse_iso(next(iter(runs.values())).started),
                                   timeout=max(job.timeout for job in jobs), log_file=self.log_file,
                                   stop=self.stopping.is_set, poll=lambda rows: self.on_rows(db, runs, rows, handled))
                self.on_rows(db, runs, result.rows, handled)
        except Exception:  # the scheduler must outlive any one crawl
            logger.exception("crawl of %s could not run", ", ".join(runs))
        finally:
            for name, run in runs.items():  # no run recorded (the process failed): try again after an interval
                try:
                    self.planner.retry_later(db, name, run.run_id)
                except Exception:
                    logger.exception("planning the next run of %s failed", name)
            db.close()

    def on_rows(self, db, runs: dict[str, Run], rows: list[dict], handled: set[int]) -> None:
        for row in rows:
            if row["status"] == "running" or row["id"] in handled or row["source"] not in runs:
                continue
            handled.add(row["id"])
            run = runs.pop(row["source"])
            try:
                self.planner.after_run(db, row, run.run_id)
            except Exception:  # one bad row must not stop the others
                logger.exception("planning the next run of %s failed", row["source"])
                self.planner.retry_later(db, row["source"], run.run_id)

    def in_flight(self) -> bool:
        with self.lock:
            return any(t.is_alive() for t in self.threads)

    def stop(self, deadline: float) -> None:
        """Wait for running crawls (they end their processes, stopping is set) until `deadline`."""
        for thread in list(self.threads):
            thread.join(max(0.0, deadline - time.monotonic()))


class Ticker:
    """Takes due sources from the queue and hands them to the dispatcher, one tick at a time."""

    def __init__(self, db_path: str, sources: dict[str, Source], dispatcher: Dispatcher) -> None:
        self.db = open_db(db_path, cache_mb=BOOKKEEPING_CACHE_MB)
        self.sources, self.dispatcher = sources, dispatcher
        self.lock = threading.Lock()
        self.dispatched = 0

    def tick(self, now: datetime | None = None, candidates: Iterable[tuple[str, str, str | None]] | None = None
             ) -> list[Run]:
        """Dispatch what is due at `now` (or `candidates`); returns the runs sent."""
        with self.lock:
            now_iso = to_iso(now or utcnow())
            capacity = self.dispatcher.capacity()
            if capacity <= 0:
                return []
            rows = due(self.db, now_iso) if candidates is None else candidates
            jobs, unknown = form_jobs(rows, self.sources, self.dispatcher.busy_sites(), capacity, now_iso,
                                      site_jobs=self.dispatcher.site_jobs)
            if unknown:
                park(self.db, unknown)
            if not jobs:
                return []
            start = parse_iso(now_iso)
            # Sent first, then marked: a crawl never waits on a write lock (an aggregate step may
            # hold it for a while); a run sent but never marked is sent again under the same id.
            self.dispatcher.send(jobs)
            dispatch(self.db, [(r.source.name, r.run_id, to_iso(start + timedelta(seconds=lease_seconds(r.source))))
                               for job in jobs for r in job.runs])
            runs = [r for job in jobs for r in job.runs]
            self.dispatched += len(runs)
            return runs

    def close(self) -> None:
        self.db.close()
