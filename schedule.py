#!/usr/bin/env python3
"""Run the crawls on a schedule: `python schedule.py [--sources FILE] [--db FILE] [--once]`.

One APScheduler job per enabled source (explicit id, max_instances=1, coalesce, a misfire
grace that fits the interval). Each crawl runs in a `scrapy crawlsources` subprocess with a
hard timeout; sources due within a short gathering window share one process. After each run
the source's next run adapts (headlines/polling.py: slower when nothing changes, faster when
much does, exponential back-off with jitter on failure) and alerts fire. An aggregate job keeps
topics current; a retention job prunes old raw captures. On start, each source's next run
follows its stored state and the `crawls` ledger; runs left 'running' by a killed scheduler
are recorded as failed. SIGINT/SIGTERM end a running crawl (grace, then kill) and record it.
Run as a script: never `import schedule` (that name belongs to a PyPI package).
"""
from __future__ import annotations

import argparse
import fcntl
import logging
import logging.handlers
import os
import signal
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.base import STATE_STOPPED
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

sys.path.insert(0, str(Path(__file__).resolve().parent))

from aggregator.timewindow import parse_iso, to_iso, utcnow  # noqa: E402
from db import DatabaseError, open_db  # noqa: E402
from db.aggregate import aggregate as run_aggregate  # noqa: E402
from db.clock import reference_time  # noqa: E402
from db.ledger import abandon_running, last_started, sync_sources  # noqa: E402
from db.operations import prune_older_than, save_source_state, source_states  # noqa: E402
from db.queries import trending_topics  # noqa: E402
from headlines.alerts import Alerter  # noqa: E402
from headlines.config import ConfigError, Source, SourcesFile, load_sources, load_topic_settings  # noqa: E402
from headlines.polling import next_interval  # noqa: E402
from headlines.runner import run_crawl  # noqa: E402

logger = logging.getLogger("headlines.schedule")


class Batch:
    """Sources crawled by one process, and which of their runs were already handled."""

    def __init__(self, names: list[str] | None = None) -> None:
        self.names: list[str] = list(names or [])
        self.handled: set[int] = set()      # crawl ids whose outcome was handled
        self.released: set[str] = set()     # sources whose run here is over
        self.started = utcnow()


class Crawls:
    """Runs due sources in batched subprocesses and plans each source's next run.

    The first job to fire opens a batch and waits `gather` seconds; jobs firing meanwhile join
    it, then the batch runs in its own thread and the jobs return. A source still running in
    an earlier batch is skipped (never two crawls of one source at once); each source's next
    run is planned the moment its own run is recorded, so a slow batch-mate delays no one.
    """

    def __init__(self, config: SourcesFile, db_path: str, gather: float, stopping: threading.Event) -> None:
        self.config, self.db_path, self.gather, self.stopping = config, db_path, gather, stopping
        self.sources = {s.name: s for s in config.enabled()}
        self.alerter = Alerter(config.alerts)
        self.scheduler: BlockingScheduler | None = None
        self.lock = threading.Lock()
        self.forming: Batch | None = None
        self.active: set[str] = set()
        self.threads: list[threading.Thread] = []
        self.crawl_log = str(Path(db_path).with_name("crawl.log"))

    def run_source(self, name: str) -> None:
        with self.lock:
            if name in self.active:
                logger.info("run source=%s skipped: its previous run is still going", name)
                return
            self.active.add(name)
            self.pause(name)  # its next run is planned when this one is recorded (after_run)
            batch, leader = self.forming, self.forming is None
            if leader:
                batch = self.forming = Batch()
            batch.names.append(name)
        if leader:
            self.stopping.wait(self.gather)
            with self.lock:
                self.forming = None
                batch.started = utcnow()  # the runs start now, after every member joined
            thread = threading.Thread(target=self.crawl, args=(batch,), name="crawl-batch")
            self.threads = [t for t in self.threads if t.is_alive()] + [thread]
            thread.start()

    def wait(self, timeout: float) -> None:
        """Wait for running batches to end (they end their process when stopping)."""
        for thread in list(self.threads):
            thread.join(timeout)

    def crawl(self, batch: Batch) -> None:
        """Run one batch's process to its end, handling each source's run as it is recorded."""
        try:
            if self.stopping.is_set():
                return
            run = run_crawl(batch.names, db_path=self.db_path, sources_path=self.config.path, started=batch.started,
                            timeout=max(self.sources[n].timeout_seconds for n in batch.names),
                            log_file=self.crawl_log, stop=self.stopping.is_set,
                            poll=lambda rows: self.on_rows(batch, rows))
            self.on_rows(batch, run.rows)
        except Exception:  # noqa: BLE001 - the scheduler must outlive any one crawl
            logger.exception("crawl of %s could not run", ", ".join(batch.names))
        finally:
            with self.lock:  # release only this batch's own runs: a released source may run elsewhere now
                unreleased = set(batch.names) - batch.released
                self.active.difference_update(unreleased)
            for name in unreleased:  # no run recorded (the batch failed): try again after an interval
                self.reschedule(name, utcnow() + timedelta(seconds=self.sources[name].every_seconds))

    def on_rows(self, batch: Batch, rows: list[dict]) -> None:
        done = [r for r in rows if r["status"] != "running" and r["id"] not in batch.handled]
        if not done:
            return
        db = open_db(self.db_path)
        try:
            for row in done:
                batch.handled.add(row["id"])
                try:
                    self.after_run(db, row, batch.started)
                except Exception:  # noqa: BLE001 - one bad row must not stop the others
                    logger.exception("planning the next run of %s failed", row["source"])
                    self.reschedule(row["source"], utcnow() + timedelta(seconds=self.sources[row["source"]].every_seconds))
                with self.lock:
                    batch.released.add(row["source"])
                    self.active.discard(row["source"])
        finally:
            db.close()

    def after_run(self, db, row: dict, started: datetime) -> None:
        source = self.sources[row["source"]]
        if (row["error"] or "").startswith("abandoned"):  # ended by our own shutdown: not the source's fault
            logger.info("run source=%s status=abandoned", source.name)
            return
        state = source_states(db).get(source.name, {})
        failures = state.get("failures", 0) + 1 if row["status"] == "failed" else 0
        interval = next_interval(row["status"], row["items"] or 0, row["new_headlines"] or 0,
                                 state.get("interval_seconds") or source.every_seconds,
                                 every=source.every_seconds, min_every=source.min_every_seconds,
                                 max_every=source.max_every_seconds, failures=failures)
        # Intervals run start to start, as "every 15m" reads; an overrun starts the next at once.
        next_run = max(utcnow(), started + timedelta(seconds=interval))
        seconds = (utcnow() - started).total_seconds()
        # A back-off interval is not kept as the polling interval: recovery starts from the last good one.
        kept = interval if failures == 0 else state.get("interval_seconds") or source.every_seconds
        save_source_state(db, source.name, kept, failures, to_iso(next_run))
        self.reschedule(source.name, next_run)
        logger.info("run source=%s status=%s items=%s new=%s duration=%.1fs next_in=%.0fs%s", source.name,
                    row["status"], row["items"], row["new_headlines"], seconds, interval,
                    f" error={row['error']!r}" if row["error"] else "")
        self.alerter.after_run(db, row, failures)

    def reschedule(self, name: str, when: datetime) -> None:
        if self.scheduler is not None and self.scheduler.state != STATE_STOPPED:
            self.scheduler.modify_job(f"crawl:{name}", next_run_time=when)

    def pause(self, name: str) -> None:
        """No trigger firings while a run is going on (they would only be skipped)."""
        if self.scheduler is not None and self.scheduler.state != STATE_STOPPED:
            self.scheduler.pause_job(f"crawl:{name}")


def first_run(source: Source, state: dict | None, last: str | None, index: int, count: int,
              now: datetime) -> datetime:
    """A source's first run after start: its planned next run, else last start + interval;
    overdue sources are spread over a short span instead of all starting at once."""
    if state and state.get("next_run"):
        due = parse_iso(state["next_run"])
    elif last:
        due = parse_iso(last) + timedelta(seconds=source.every_seconds)
    else:
        return now + timedelta(seconds=0.5)
    if due > now:
        return due
    return now + timedelta(seconds=0.5 + min(source.every_seconds, 30.0) * index / max(count, 1))


def misfire_grace(every: float) -> int:
    """Late runs within half an interval still run (APScheduler's 1 s default drops them)."""
    return max(1, int(every / 2))


def acquire_lock(db_path: str):
    """One scheduler per database: an exclusive lock on DB.schedule.lock."""
    handle = open(f"{db_path}.schedule.lock", "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


def setup_logging(log_file: str) -> None:
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = [
        logging.StreamHandler(sys.stderr),
        logging.handlers.RotatingFileHandler(log_file, maxBytes=10_000_000, backupCount=5)]
    for handler in handlers:
        handler.setFormatter(fmt)
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.handlers[:] = handlers
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def aggregate(db_path: str, alerter: Alerter) -> None:
    """Refresh topics, then raise alerts for topics trending above the threshold."""
    try:
        settings = load_topic_settings(os.environ.get("HEADLINES_TOPICS", "topics.toml"))
        db = open_db(db_path)
        try:
            done = run_aggregate(db, aliases=settings.aliases, ignore=settings.ignore)
            logger.info("aggregate: %(grouped)d grouped into stories, %(retagged)d re-tagged, "
                        "%(hours)d hours rolled up", done)
            if alerter.settings.trending_score:
                now, cfg = parse_iso(reference_time(db) or to_iso(utcnow())), alerter.settings
                since = now - timedelta(seconds=cfg.trending_window)
                alerter.trending(db, trending_topics(db, to_iso(since), to_iso(now),
                                                     to_iso(since - timedelta(seconds=cfg.trending_baseline))))
        finally:
            db.close()
    except Exception:  # noqa: BLE001 - log and keep the schedule going
        logger.exception("aggregate failed")


def retention(db_path: str, keep_seconds: float) -> None:
    try:
        db = open_db(db_path)
        removed, _cutoff = prune_older_than(db, keep_seconds)
        db.close()
        logger.info("retention: %d raw captures pruned", removed)
    except Exception:  # noqa: BLE001
        logger.exception("retention failed")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="schedule.py", description=__doc__.splitlines()[0])
    parser.add_argument("--sources", default=os.environ.get("HEADLINES_SOURCES", "sources.toml"))
    parser.add_argument("--db", default=os.environ.get("HEADLINES_DB", "data/headlines.db"))
    parser.add_argument("--once", action="store_true", help="run every enabled source once, then exit")
    return parser.parse_args(argv)


def build_scheduler(crawls: Crawls, db, config: SourcesFile, db_path: str) -> BlockingScheduler:
    sources = config.enabled()
    scheduler = BlockingScheduler(executors={"default": ThreadPoolExecutor(len(sources) + 3)},
                                  job_defaults={"coalesce": True, "max_instances": 1}, timezone="UTC")
    states, ledger, now = source_states(db), last_started(db), utcnow()
    for index, source in enumerate(sources):
        scheduler.add_job(
            crawls.run_source, IntervalTrigger(seconds=source.every_seconds,
                                               jitter=min(source.every_seconds * 0.02, 5)),
            id=f"crawl:{source.name}", name=f"crawl {source.name}", args=[source.name],
            next_run_time=first_run(source, states.get(source.name), ledger.get(source.name), index,
                                    len(sources), now),
            misfire_grace_time=misfire_grace(source.every_seconds))
    every = max(10.0, min(300.0, min(s.min_every_seconds for s in sources)))
    scheduler.add_job(aggregate, IntervalTrigger(seconds=every), args=[db_path, crawls.alerter],
                      id="aggregate", misfire_grace_time=misfire_grace(every))
    if config.retention_seconds:
        scheduler.add_job(retention, IntervalTrigger(hours=1), args=[db_path, config.retention_seconds],
                          id="retention", next_run_time=now + timedelta(seconds=60), misfire_grace_time=1800)
    crawls.scheduler = scheduler
    return scheduler


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        config = load_sources(args.sources)
        db = open_db(args.db)
    except (ConfigError, DatabaseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not config.enabled():
        print(f"error: {args.sources}: no enabled sources", file=sys.stderr)
        return 2
    lock = acquire_lock(args.db)
    if lock is None:
        print(f"error: {args.db}: another scheduler is already running on this database", file=sys.stderr)
        return 1
    setup_logging(str(Path(args.db).with_name("schedule.log")))
    for problem in config.errors:
        logger.warning("%s (entry skipped)", problem)
    sync_sources(db, config.sources)
    abandoned = abandon_running(db, "abandoned: the scheduler stopped before this run finished")
    if abandoned:
        logger.warning("%d run(s) left running by an earlier scheduler recorded as failed", abandoned)
    stopping = threading.Event()
    crawls = Crawls(config, args.db, gather=min(0.5, min(s.every_seconds for s in config.enabled()) / 4),
                    stopping=stopping)
    if args.once:
        crawls.crawl(Batch([s.name for s in config.enabled()]))
        aggregate(args.db, crawls.alerter)
        return 0
    scheduler = build_scheduler(crawls, db, config, args.db)
    db.close()

    def stop(signum: int, _frame) -> None:
        logger.info("signal %d: stopping (running crawls are ended and recorded)", signum)
        stopping.set()
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    logger.info("scheduling %d sources from %s into %s", len(config.enabled()), args.sources, args.db)
    scheduler.start()
    crawls.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
