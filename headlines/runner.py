"""Run crawls as `python -m scrapy crawlsources` subprocesses with a hard timeout.

Used by `headlines crawl` and schedule.py; neither imports Scrapy (a Twisted reactor cannot
restart inside one process). Runs the child left 'running' (killed, crashed, or told to stop
before their pages were answered) are recorded as failed with the reason, and sources that never
started get a failed row, so every run is in the ledger.
"""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Sequence

from aggregator.timewindow import to_iso, utcnow
from db import open_db
from db.ledger import abandon_running, crawls_since, finish_crawl, max_crawl_id, start_crawl

PROJECT_DIR = Path(__file__).resolve().parent.parent
logger = logging.getLogger(__name__)


@dataclass
class CrawlRun:
    sources: list[str]
    returncode: int | None
    timed_out: bool
    rows: list[dict]


def crawl_command(names: Sequence[str], db_path: str, sources_path: str, log_file: str | None) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawlsources", *names,
           "-s", f"HEADLINES_DB={os.path.abspath(db_path)}",
           "-s", f"HEADLINES_SOURCES={os.path.abspath(sources_path)}"]
    if log_file:
        cmd += ["-s", f"LOG_FILE={os.path.abspath(log_file)}", "-s", "LOG_FILE_APPEND=True"]
    return cmd


def run_crawl(names: Sequence[str], *, db_path: str, sources_path: str, timeout: float,
              log_file: str | None = None, poll: Callable[[list[dict]], None] | None = None,
              stop: Callable[[], bool] | None = None, grace: float = 5.0,
              started: datetime | None = None) -> CrawlRun:
    """Crawl `names` in one child process; kill it after `timeout` s or when `stop()` is true.

    `started` (default now) is recorded as the runs' start, so intervals count from when the
    run was launched, process start-up included.
    """
    db = open_db(db_path)
    first_id = max_crawl_id(db)
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "spiders.settings", "HEADLINES_PARENT_PID": str(os.getpid()),
           "HEADLINES_RUN_STARTED": to_iso(started or utcnow()),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_DIR), os.getcwd(), os.environ.get("PYTHONPATH")]))}
    errors = tempfile.TemporaryFile()  # a file, not a pipe: a chatty child can never block on it
    proc = subprocess.Popen(crawl_command(names, db_path, sources_path, log_file), cwd=PROJECT_DIR,
                            env=env, stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True)
    deadline = time.monotonic() + timeout
    timed_out = stopped = interrupted = False
    try:
        while proc.poll() is None:
            if poll:
                _safely(poll, lambda: crawls_since(db, first_id, names, pid=proc.pid))
            if time.monotonic() > deadline:
                timed_out = True
            if stop and stop():
                stopped = True
            if timed_out or stopped:
                _end(proc, grace)
                break
            time.sleep(0.1)
    except KeyboardInterrupt:
        # Ctrl-C reaches only this process (the child has its own session): end the child as
        # the scheduler would (it stores what it holds), record its runs, then stop.
        interrupted = True
        _end(proc, grace)
    proc.wait()
    errors.seek(0)
    stderr = errors.read()[-20000:].decode("utf-8", "replace")
    errors.close()
    reason = "interrupted (Ctrl-C)" if interrupted else _reason(proc.returncode, timed_out, stopped, timeout, stderr)
    abandon_running(db, reason, pid=proc.pid)
    rows = crawls_since(db, first_id, names, pid=proc.pid)
    for name in sorted(set(names) - {r["source"] for r in rows}):
        finish_crawl(db, start_crawl(db, name, proc.pid), "failed", error=reason)
    rows = crawls_since(db, first_id, names, pid=proc.pid)
    if poll:
        _safely(poll, lambda: rows)
    db.close()
    if interrupted:
        raise KeyboardInterrupt
    return CrawlRun(list(names), proc.returncode, timed_out, rows)


def _safely(poll: Callable[[list[dict]], None], rows: Callable[[], list[dict]]) -> None:
    """Report progress without ever abandoning the child: a failing callback is logged only."""
    try:
        poll(rows())
    except Exception:  # the child must still be waited for and recorded
        logger.exception("progress callback failed; the crawl goes on")


def _end(proc: subprocess.Popen, grace: float) -> None:
    """SIGTERM the child's process group, then SIGKILL after `grace` seconds."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _reason(code: int | None, timed_out: bool, stopped: bool, timeout: float, stderr: str) -> str:
    if timed_out:
        return f"timed out after {timeout:g}s (crawl process ended)"
    if stopped:
        return "abandoned: scheduler stopping"
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    last = lines[-1] if lines else "no output"
    return f"crawl process exited with code {code}: {last}"[:300]
