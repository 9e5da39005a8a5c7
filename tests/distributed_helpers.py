"""Real services for distributed-mode tests: a redis-server on a free loopback port (AOF on, in a
temp dir), a local site answering on several loopback hosts (one politeness unit each), and
`headlines worker` / `schedule.py --redis` processes."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import redis

from tests.conftest import BacklogServer, FixtureServer, _handler
from tests.serving import free_port

ROOT = Path(__file__).resolve().parent.parent
HEADLINES_BIN = Path(sys.executable).with_name("headlines")
CRAWL_ENV = {"HEADLINES_DOWNLOAD_DELAY": "0"}   # timing under test, not politeness


class RedisServer:
    """redis-server with `appendonly yes` and `appendfsync always`: a restart replays every write."""

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is not installed (make test installs it: .ci/setup-tools)"
        self.binary, self.directory, self.port = binary, directory, free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory),
             "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not answer within 20 s")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_connect_timeout=1, decode_responses=True)


class Hosts:
    """One FixtureServer's routes served on 127.0.0.1 and more loopback addresses (same port
    number is not needed: each host gets its own free port on its own address)."""

    def __init__(self, count: int) -> None:
        self.state = FixtureServer()
        self.state.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        self.servers = []
        for index in range(count):
            server = BacklogServer((f"127.0.0.{index + 1}", 0), _handler(self.state))
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers.append(server)

    def url(self, host: int, path: str) -> str:
        address, port = self.servers[host].server_address[:2]
        return f"http://{address}:{port}{path}"

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


def start_worker(spawn, redis_url: str, log: Path, *, slots: int = 2, claim_idle: float = 2.0) -> subprocess.Popen:
    return spawn([str(HEADLINES_BIN), "worker", "--redis", redis_url, "--slots", str(slots),
                  "--claim-idle", str(claim_idle), "--log-file", str(log)],
                 cwd=log.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **CRAWL_ENV})


def start_leader(spawn, tmp: Path, db: Path, redis_url: str, *extra: str) -> subprocess.Popen:
    return spawn([sys.executable, str(ROOT / "schedule.py"), "--sources", str(tmp / "sources.toml"), "--db", str(db),
                  "--redis", redis_url, *extra], cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                 env={**os.environ, **CRAWL_ENV})


def stop(process: subprocess.Popen, timeout: float = 30) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    return process.wait(timeout=timeout)


def query(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def totals(db: Path) -> dict:
    """What a crawl stored, in terms that must not depend on how often items were delivered."""
    return {
        "appearances": sorted(query(db, "SELECT h.key, a.source, a.list_name, a.times_seen FROM appearances a "
                                        "JOIN headlines h ON h.id = a.headline_id")),
        "sightings": sorted(query(db, "SELECT h.key, s.source, sum(s.sightings) FROM sightings_hourly s "
                                      "JOIN headlines h ON h.id = s.headline_id GROUP BY h.key, s.source")),
        "runs": sorted(query(db, "SELECT source, status, items FROM crawls")),
    }


def wait_for(condition, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False
