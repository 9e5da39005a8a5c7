"""The leader (`schedule.py --redis URL`): sends due jobs to the jobs stream and, in a thread,
writes what workers send back (headlines/distributed/writer.py).

It is the due-queue's dispatcher for the distributed mode: at most `max_inflight` runs are out
at once (a run's lease counts from its sending, so a flooded stream would only see leases run
out), and a site has one job out at a time, so its sources are fetched by one worker, politely.
A run whose lease ran out is due again in the database and is sent again under its run id.
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime

import redis

from aggregator.timewindow import parse_iso, utcnow
from db import open_db
from db.due import held_runs
from db.runs import validators_of
from headlines.distributed.address import shown
from headlines.distributed.protocol import ITEMS, JOBS, WORKERS, WRITER, encode, ensure_group, source_to_dict
from headlines.distributed.writer import Writer
from headlines.scheduler import BOOKKEEPING_CACHE_MB, Job, Planner, site_of

logger = logging.getLogger("headlines.leader")

SEND_CHUNK = 500   # jobs per pipeline round trip: bounds the messages held in memory at once


class LeaderError(RuntimeError):
    """Redis cannot be used; the message names the URL and says why."""


def connect(url: str) -> redis.Redis:
    """A client for `url` that answers PING, with the streams' consumer groups in place."""
    try:
        client = redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5, health_check_interval=30)
        client.ping()
        for stream, group in ((JOBS, WORKERS), (ITEMS, WRITER)):
            ensure_group(client, stream, group)
    except (redis.RedisError, ValueError) as exc:
        raise LeaderError(f"--redis {shown(url)}: cannot use this Redis ({exc})") from None
    return client


class Leader:
    site_jobs = 1   # one job of a site out at a time: one worker fetches a site, politely

    def __init__(self, url: str, db_path: str, planner: Planner, stopping: threading.Event, *,
                 max_inflight: int = 2000) -> None:
        self.client = connect(url)
        self.planner, self.max_inflight = planner, max_inflight
        self.lock = threading.Lock()
        self.inflight: dict[str, tuple[str, datetime]] = {}   # run id -> (site, lease end)
        self.db = open_db(db_path, cache_mb=BOOKKEEPING_CACHE_MB)   # the tick thread's: validators for the jobs it sends
        for source, (run, lease_end) in held_runs(self.db).items():   # sent by an earlier leader: may still finish
            if source in planner.sources and lease_end:
                self.inflight[run] = (site_of(planner.sources[source].url), parse_iso(lease_end))
        self.halt = threading.Event()
        self.writer = Writer(self.client, db_path, planner, self.done, self.halt)
        self.thread = threading.Thread(target=self.writer.run, name="writer", daemon=True)
        self.thread.start()
        self._stopping = stopping

    def _live(self) -> dict[str, tuple[str, datetime]]:
        """In-flight runs whose lease has not run out (caller holds the lock)."""
        now = utcnow()
        for run in [r for r, (_, end) in self.inflight.items() if end <= now]:
            del self.inflight[run]
        return self.inflight

    def capacity(self) -> int:
        with self.lock:
            return self.max_inflight - len(self._live())

    def busy_sites(self) -> set[str]:
        with self.lock:
            return {site for site, _ in self._live().values()}

    def in_flight(self) -> bool:
        with self.lock:
            return bool(self._live())

    def send(self, jobs: list[Job]) -> None:
        """One stream entry per job; each run carries what a worker needs, validators included.

        Sent in chunks, so a tick of 100 k due runs never holds all their messages at once."""
        for start in range(0, len(jobs), SEND_CHUNK):
            self._send_chunk(jobs[start:start + SEND_CHUNK])

    def _send_chunk(self, jobs: list[Job]) -> None:
        validators = validators_of(self.db, [r.source.validators_key for job in jobs for r in job.runs])
        pipe = self.client.pipeline(transaction=False)
        for job in jobs:
            runs = []
            for run in job.runs:
                etag, modified = validators.get(run.source.validators_key, (None, None))
                runs.append({"run_id": run.run_id, "started_at": run.started, "source": source_to_dict(run.source),
                             "etag": etag, "last_modified": modified})
            pipe.xadd(JOBS, encode({"site": job.site, "runs": runs}))
        pipe.execute()
        with self.lock:
            for job in jobs:
                for run in job.runs:
                    lease = parse_iso(run.started).timestamp() + 3 * run.source.timeout_seconds
                    self.inflight[run.run_id] = (job.site, datetime.fromtimestamp(lease, tz=utcnow().tzinfo))

    def done(self, run_id: str) -> None:
        with self.lock:
            self.inflight.pop(run_id, None)

    def stop(self, deadline: float) -> None:
        """Stop the writer after the batch it is storing (acked entries only are trimmed)."""
        self.halt.set()
        self.thread.join(max(0.0, deadline - time.monotonic()))
        self.client.close()
        self.db.close()
