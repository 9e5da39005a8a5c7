#!/usr/bin/env python3
"""Run the crawls on a schedule: `python schedule.py [--sources FILE] [--db FILE] [--once]`.

One APScheduler job per enabled source at its `every` interval (explicit id, max_instances=1,
coalesce, a misfire grace that fits the interval). Each crawl runs in a `scrapy crawlsources`
subprocess with a hard timeout; sources due within a short gathering window share one process.
An aggregate job keeps topics current. SIGINT/SIGTERM stop it: a running crawl is ended and
recorded as abandoned. On start, each source's next run follows the `crawls` ledger. Run as a
script (never `import schedule`: that name belongs to a PyPI package).
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
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

sys.path.insert(0, str(Path(__file__).resolve().parent))

from aggregator.timewindow import parse_iso, utcnow  # noqa: E402
from db import DatabaseError, open_db  # noqa: E402
from db.aggregate import refresh_topics  # noqa: E402
from db.ledger import abandon_running, last_started, sync_sources  # noqa: E402
from headlines.config import ConfigError, Source, load_sources, load_topic_settings  # noqa: E402
from headlines.runner import run_crawl  # noqa: E402

logger = logging.getLogger("headlines.schedule")


class Batcher:
    """Gathers sources that fall due together into one crawl process.

    The first job to fire opens a batch and waits `gather` seconds; jobs firing meanwhile join
    it. Every job blocks until its batch's process ends, so APScheduler's max_instances=1 also
    means "never two crawls of one source at once".
    """

    def __init__(self, db_path: str, sources_path: str, timeouts: dict[str, float], gather: float,
                 stopping: threading.Event, log_file: str) -> None:
        self.db_path, self.sources_path, self.timeouts = db_path, sources_path, timeouts
        self.gather, self.stopping, self.log_file = gather, stopping, log_file
        self.lock = threading.Lock()
        self.forming: dict | None = None

    def run_source(self, name: str) -> None:
        with self.lock:
            batch, leader = self.forming, self.forming is None
            if leader:
                batch = self.forming = {"names": [], "done": threading.Event()}
            batch["names"].append(name)
        if not leader:
            batch["done"].wait()
            return
        self.stopping.wait(self.gather)
        with self.lock:
            self.forming = None
        try:
            self._crawl(batch["names"])
        finally:
            batch["done"].set()

    def _crawl(self, names: list[str]) -> None:
        if self.stopping.is_set():
            return
        timeout = max(self.timeouts[n] for n in names)
        started = utcnow()
        try:
            run = run_crawl(names, db_path=self.db_path, sources_path=self.sources_path, timeout=timeout,
                            log_file=self.log_file, stop=self.stopping.is_set)
        except Exception:  # noqa: BLE001 - the scheduler must outlive any one crawl
            logger.exception("crawl of %s could not run", ", ".join(names))
            return
        seconds = (utcnow() - started).total_seconds()
        for row in run.rows:
            logger.info("run source=%s status=%s items=%s new=%s duration=%.1fs%s", row["source"],
                        row["status"], row["items"], row["new_headlines"], seconds,
                        f" error={row['error']!r}" if row["error"] else "")


def first_run(source: Source, last: str | None, index: int, count: int, now: datetime) -> datetime:
    """When a source should first run: its ledger's last start + interval, overdue ones spread out."""
    if last:
        due = parse_iso(last) + timedelta(seconds=source.every_seconds)
        if due > now:
            return due
    spread = min(source.every_seconds, 30.0) * index / max(count, 1) if last else 0.0
    return now + timedelta(seconds=spread + 0.5)


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
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr),
                                       logging.handlers.RotatingFileHandler(log_file, maxBytes=10_000_000,
                                                                            backupCount=5)]
    for handler in handlers:
        handler.setFormatter(fmt)
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.handlers[:] = handlers
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="schedule.py", description=__doc__.splitlines()[0])
    parser.add_argument("--sources", default=os.environ.get("HEADLINES_SOURCES", "sources.toml"))
    parser.add_argument("--db", default=os.environ.get("HEADLINES_DB", "data/headlines.db"))
    parser.add_argument("--once", action="store_true", help="run every enabled source once, then exit")
    return parser.parse_args(argv)


def aggregate(db_path: str) -> None:
    try:
        settings = load_topic_settings(os.environ.get("HEADLINES_TOPICS", "topics.toml"))
        db = open_db(db_path)
        changed = refresh_topics(db, aliases=settings.aliases, ignore=settings.ignore)
        db.close()
        logger.info("aggregate: %d headlines re-tagged", changed)
    except Exception:  # noqa: BLE001 - log and keep the schedule going
        logger.exception("aggregate failed")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        config = load_sources(args.sources)
        db = open_db(args.db)
    except (ConfigError, DatabaseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    setup_logging(str(Path(args.db).with_name("schedule.log")))
    for problem in config.errors:
        logger.warning("%s (entry skipped)", problem)
    sources = config.enabled()
    if not sources:
        print(f"error: {args.sources}: no enabled sources", file=sys.stderr)
        return 2
    lock = acquire_lock(args.db)
    if lock is None:
        print(f"error: {args.db}: another scheduler is already running on this database", file=sys.stderr)
        return 1
    sync_sources(db, config.sources)
    abandoned = abandon_running(db, "abandoned: the scheduler stopped before this run finished")
    if abandoned:
        logger.warning("%d run(s) left running by an earlier scheduler marked failed", abandoned)
    stopping = threading.Event()
    crawl_log = str(Path(args.db).with_name("crawl.log"))
    batcher = Batcher(args.db, args.sources, {s.name: s.timeout_seconds for s in sources},
                      gather=min(0.5, min(s.every_seconds for s in sources) / 4), stopping=stopping,
                      log_file=crawl_log)
    if args.once:
        batcher.gather = 0
        batcher._crawl([s.name for s in sources])
        aggregate(args.db)
        return 0
    scheduler = BlockingScheduler(executors={"default": ThreadPoolExecutor(len(sources) + 2)},
                                  job_defaults={"coalesce": True, "max_instances": 1}, timezone="UTC")
    ledger, now = last_started(db), utcnow()
    db.close()
    for index, source in enumerate(sources):
        scheduler.add_job(batcher.run_source, IntervalTrigger(seconds=source.every_seconds,
                                                              jitter=min(source.every_seconds * 0.02, 5)),
                          id=f"crawl:{source.name}", name=f"crawl {source.name}", args=[source.name],
                          next_run_time=first_run(source, ledger.get(source.name), index, len(sources), now),
                          misfire_grace_time=misfire_grace(source.every_seconds))
    every = max(10.0, min(300.0, min(s.every_seconds for s in sources)))
    scheduler.add_job(aggregate, IntervalTrigger(seconds=every), args=[args.db], id="aggregate",
                      misfire_grace_time=misfire_grace(every))

    def stop(signum: int, _frame) -> None:
        logger.info("signal %d: stopping (running crawls are ended and recorded)", signum)
        stopping.set()
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    logger.info("scheduling %d sources from %s into %s", len(sources), args.sources, args.db)
    scheduler.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
