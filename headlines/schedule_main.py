"""`python schedule.py`: start-up checks, the periodic jobs, signals; the scheduling itself is in
headlines/scheduler.py (embedded) and headlines/distributed/leader.py (`--redis`).

One scheduler per database (a lock file). Bad source entries are skipped with a one-line
error each. Periodic jobs: the due-queue tick, the aggregate step (topics, alerts) and the
retention prune. SIGINT/SIGTERM end running crawls and exit within STOP_GRACE seconds.
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
import time
from datetime import timedelta
from pathlib import Path

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

from aggregator.timewindow import to_iso, utcnow
from db import DatabaseError, open_db
from db.aggregate import aggregate as run_aggregate
from db.due import held_runs, park, seed
from db.ledger import abandon_running, sync_sources
from db.operations import prune_older_than
from headlines import reports
from headlines.alerts import Alerter
from headlines.config import ConfigError, Source, SourcesFile, load_sources, load_topic_settings
from headlines.scheduler import (
    BOOKKEEPING_CACHE_MB,
    STOP_GRACE,
    TICK_SECONDS,
    EmbeddedCrawls,
    Planner,
    Ticker,
    schedule_problem,
)
from spiders import environment

logger = logging.getLogger("headlines.schedule")

FIRST_AGGREGATE_SECONDS = 30.0


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
        settings = load_topic_settings()
        db = open_db(db_path)
        try:
            done = run_aggregate(db, aliases=settings.aliases, ignore=settings.ignore)
            logger.info("aggregate: %(grouped)d grouped into stories, %(retagged)d re-tagged, "
                        "%(hours)d hours rolled up", done)
            if alerter.settings.trending_score:
                cfg = alerter.settings
                alerter.trending(db, reports.trending(db, window=cfg.trending_window,
                                                      baseline=cfg.trending_baseline)["topics"])
        finally:
            db.close()
    except Exception:  # log and keep the schedule going
        logger.exception("aggregate failed")


def retention(db_path: str, keep_seconds: float) -> None:
    try:
        db = open_db(db_path)
        removed, _cutoff = prune_older_than(db, keep_seconds)
        db.close()
        logger.info("retention: %d raw captures pruned", removed)
    except Exception:
        logger.exception("retention failed")


def positive_int(text: str) -> int:
    """argparse type: a whole number >= 1 (0 in-flight runs would dispatch nothing, forever)."""
    if not (text.strip().isascii() and text.strip().isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a whole number >= 1")
    return int(text)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="schedule.py", description="Run the crawls on a schedule.")
    parser.add_argument("--sources", metavar="FILE", default=os.environ.get("HEADLINES_SOURCES", "sources.toml"),
                        help="sources file (env HEADLINES_SOURCES; default %(default)s)")
    parser.add_argument("--db", metavar="FILE", default=os.environ.get("HEADLINES_DB", "data/headlines.db"),
                        help="SQLite database file (env HEADLINES_DB; default %(default)s)")
    parser.add_argument("--once", action="store_true", help="run every enabled source once, then exit")
    parser.add_argument("--redis", metavar="URL", default=os.environ.get("HEADLINES_REDIS"),
                        help="distributed mode: send jobs to `headlines worker`s through this Redis "
                             "(redis://HOST:PORT/0); without it crawls run on this host")
    parser.add_argument("--max-inflight", type=positive_int, default=2000, metavar="N",
                        help="distributed mode: runs sent and not yet recorded, at most (default 2000)")
    return parser.parse_args(argv)


def usable_sources(config: SourcesFile) -> dict[str, Source]:
    """Enabled sources that can be scheduled; each one that cannot is skipped with a one-line error."""
    now, usable = utcnow(), {}
    for source in config.enabled():
        problem = schedule_problem(source, now)
        if problem:
            logger.error("%s: source '%s': %s (entry skipped)", config.path, source.name, problem)
            continue
        usable[source.name] = source
    return usable


def build_scheduler(alerter: Alerter, sources: dict[str, Source], config: SourcesFile,
                    db_path: str) -> BlockingScheduler:
    scheduler = BlockingScheduler(executors={"default": ThreadPoolExecutor(3)},
                                  job_defaults={"coalesce": True, "max_instances": 1}, timezone="UTC")
    every = max(10.0, min(300.0, min(s.min_every_seconds for s in sources.values())))
    # The first pass comes soon after the first crawls, not a whole interval (up to 5 min) later:
    # a freshly started scheduler otherwise stores headlines that `top` does not show yet.
    scheduler.add_job(aggregate, IntervalTrigger(seconds=every), args=[db_path, alerter],
                      id="aggregate", misfire_grace_time=misfire_grace(every),
                      next_run_time=utcnow() + timedelta(seconds=min(every, FIRST_AGGREGATE_SECONDS)))
    if config.retention_seconds:
        scheduler.add_job(retention, IntervalTrigger(hours=1), args=[db_path, config.retention_seconds],
                          id="retention", next_run_time=utcnow() + timedelta(seconds=60), misfire_grace_time=1800)
    return scheduler


def tick_loop(ticker: Ticker, stopping: threading.Event) -> None:
    """The due-queue tick, every TICK_SECONDS after the previous one ended (a long tick at
    start-up with 100 k due sources delays the next; ticks never pile up)."""
    while not stopping.wait(TICK_SECONDS):
        try:
            ticker.tick()
        except Exception:  # the next tick tries again
            logger.exception("dispatching due sources failed")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.redis:   # before any file is read or the database opened (an empty HEADLINES_REDIS: embedded)
        from headlines.distributed.address import redis_address_problem, shown
        problem = redis_address_problem(args.redis)
        if problem:
            print(f"error: --redis: {problem}", file=sys.stderr)
            return 2
    try:
        config = load_sources(args.sources)
        load_topic_settings()   # checked now: the aggregate job reads it again each time (edits apply)
        problem = environment.problem()   # checked now: every crawl process reads them again
        if problem:
            raise ConfigError(problem)
        db = open_db(args.db, cache_mb=BOOKKEEPING_CACHE_MB)
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
        logger.error("%s (entry skipped)", problem)
    sources = usable_sources(config)
    if not sources:
        print(f"error: {args.sources}: no source can be scheduled", file=sys.stderr)
        return 2
    sync_sources(db, config.sources)
    if args.redis:
        from db.runs import abandon_local_runs
        abandoned = abandon_local_runs(db, "abandoned: the scheduler stopped before this run finished")
    else:
        abandoned = abandon_running(db, "abandoned: the scheduler stopped before this run finished")
    if abandoned:
        logger.warning("%d run(s) left running by an earlier scheduler recorded as failed", abandoned)
    seed(db, to_iso(utcnow()), keep_runs=bool(args.redis))
    park(db, [s.name for s in config.sources if s.name not in sources])
    held = {run: source for source, (run, _) in held_runs(db).items() if source in sources}
    db.close()

    stopping = threading.Event()
    alerter = Alerter(config.alerts)
    planner = Planner(sources, alerter)
    if args.redis:
        from headlines.distributed.leader import Leader, LeaderError
        try:
            dispatcher = Leader(args.redis, args.db, planner, stopping, max_inflight=args.max_inflight)
        except LeaderError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    else:
        dispatcher = EmbeddedCrawls(planner, args.db, config.path, stopping,
                                    log_file=str(Path(args.db).with_name("crawl.log")))
    ticker = Ticker(args.db, sources, dispatcher)

    def stop(signum: int, _frame) -> None:
        logger.info("signal %d: stopping (running crawls are ended and recorded)", signum)
        stopping.set()
        if scheduler is not None:
            scheduler.shutdown(wait=False)

    scheduler: BlockingScheduler | None = None
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.once:
        code = run_once(ticker, planner, dispatcher, sources, held, stopping)
        aggregate(args.db, alerter)
        return code
    scheduler = build_scheduler(alerter, sources, config, args.db)
    ticking = threading.Thread(target=tick_loop, args=(ticker, stopping), name="tick", daemon=True)
    ticking.start()
    logger.info("scheduling %d sources from %s into %s%s", len(sources), args.sources, args.db,
                f" through {shown(args.redis)}" if args.redis else "")
    scheduler.start()
    deadline = time.monotonic() + STOP_GRACE
    ticking.join(max(0.0, deadline - time.monotonic()))
    dispatcher.stop(deadline)
    ticker.close()
    return 0


def run_once(ticker: Ticker, planner: Planner, dispatcher, sources: dict[str, Source], held: dict[str, str],
             stopping: threading.Event) -> int:
    """Send every source once (as capacity allows), then wait until each run is recorded or
    its lease ran out. Runs an earlier leader sent (`held`: run id -> source, distributed mode)
    are waited for, not sent again: after a crash, `--once` resumes instead of counting twice."""
    pending = dict.fromkeys(sorted(set(sources) - set(held.values())))
    sent: dict[str, float] = {run: time.monotonic() + sources[name].timeout_seconds * 3 for run, name in held.items()}
    now_iso = to_iso(utcnow())
    while pending and not stopping.is_set():
        try:
            for run in ticker.tick(candidates=[(name, now_iso, None) for name in pending]):
                pending.pop(run.source.name, None)
                sent[run.run_id] = time.monotonic() + run.source.timeout_seconds * 3
        except Exception as exc:  # noqa: BLE001 - e.g. Redis restarting: the same run ids are sent again
            logger.warning("sending runs failed (%s: %s); trying again", type(exc).__name__, exc)
            stopping.wait(1.0)
        if pending:
            stopping.wait(0.1)
    while not stopping.is_set():
        with planner.lock:
            open_runs = [r for r in sent if r not in planner.recorded]
        if not open_runs or not dispatcher.in_flight() or all(time.monotonic() > sent[r] for r in open_runs):
            break
        stopping.wait(0.1)
    dispatcher.stop(time.monotonic() + STOP_GRACE)
    with planner.lock:
        lapsed = sorted(r for r in sent if r not in planner.recorded)
    if lapsed:
        logger.warning("%d run(s) not recorded before their lease ran out: %s", len(lapsed), ", ".join(lapsed))
        print(f"{len(lapsed)} run(s) not recorded before their lease ran out: {', '.join(lapsed)}",
              file=sys.stderr)
    ticker.close()
    return 0
