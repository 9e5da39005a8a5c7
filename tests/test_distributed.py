"""Distributed mode end to end: a real redis-server (AOF on), real `headlines worker` Scrapy
processes, `schedule.py --once --redis` as leader and writer, pages on local loopback hosts.

Each host is one site (one job, one worker at a time). A host's html source has two cut
headlines whose link targets answer slowly, so a worker holds that run for a while after it
has sent the run's first page: the moment the crash tests strike.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import fixture_bytes
from tests.distributed_helpers import (
    CRAWL_ENV,
    ROOT,
    Hosts,
    RedisServer,
    query,
    start_leader,
    start_worker,
    stop,
    totals,
    wait_for,
)

HOSTS = 3
STORIES = {
    "oscars-host-named-for-2027-ceremony": "Oscars Host Named for the 2027 Ceremony After Long Search",
    "grammys-ratings-slip-again": "Grammys Ratings Slip Again Despite Star-Studded Lineup",
}
RAIL = ("<html><body><ul class='latest'>"
        "<li><a href='/stories/2026/02/oscars-host-named-for-2027-ceremony'>Oscars Host Named for the 2027 Cer…</a></li>"
        "<li><a href='/stories/2026/02/grammys-ratings-slip-again'>Grammys Ratings Slip Again Despite Sta…</a></li>"
        "<li><a href='/stories/2026/02/met-gala'>Met Gala Theme Revealed With a Twist for Fans</a></li>"
        "</ul></body></html>")
SLOW_TARGET = 3.0


@pytest.fixture(scope="module")
def hosts():
    served = Hosts(HOSTS)
    served.state.add("/rail.html", RAIL)
    # Feeds answer late too: no run is recorded before the crash tests strike (a run recorded
    # before the leader dies would rightly be crawled again by a new `--once`).
    served.state.add("/feed.xml", fixture_bytes("feed.xml"), content_type="application/rss+xml", delay=SLOW_TARGET)
    served.state.add("/slow.html", fixture_bytes("rail.html"), delay=5)
    for slug, title in STORIES.items():
        served.state.add(f"/stories/2026/02/{slug}", f"<html><head><title>{title} | Starwatch</title>"
                         f"<meta property='og:title' content=\"{title}\"></head><body><h1>{title}</h1></body></html>",
                         delay=SLOW_TARGET)
    yield served
    served.close()


def write_sources(path, hosts: Hosts) -> None:
    entries = []
    for host in range(HOSTS):
        entries.append(f"""
[[source]]
name = "h{host}-rail"
url = "{hosts.url(host, '/rail.html')}"
follow = 2
timeout = "30s"
[[source.lists]]
name = "latest"
items = "ul.latest a"

[[source]]
name = "h{host}-feed"
url = "{hosts.url(host, '/feed.xml')}"
kind = "feed"
timeout = "30s"
""")
    path.write_text("".join(entries))


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.kill()


@pytest.fixture(scope="module")
def reference(hosts, tmp_path_factory):
    """What one worker stores for these sources, and what the embedded mode stores."""
    tmp = tmp_path_factory.mktemp("reference")
    write_sources(tmp / "sources.toml", hosts)
    server = RedisServer(tmp / "redis")
    server.start()
    started: list[subprocess.Popen] = []

    def spawn(*args, **kwargs):
        started.append(subprocess.Popen(*args, **kwargs))
        return started[-1]
    try:
        start_worker(spawn, server.url, tmp / "worker.log", slots=HOSTS)
        leader = start_leader(spawn, tmp, tmp / "ref.db", server.url, "--once")
        assert leader.wait(timeout=120) == 0, leader.stderr.read().decode()
        embedded = subprocess.run([sys.executable, str(ROOT / "schedule.py"), "--once", "--sources",
                                   str(tmp / "sources.toml"), "--db", str(tmp / "embedded.db")], cwd=tmp,
                                  capture_output=True, timeout=120, env={**os.environ, **CRAWL_ENV})
        assert embedded.returncode == 0, embedded.stderr.decode()
    finally:
        for proc in started:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        server.kill()
    return totals(tmp / "ref.db"), totals(tmp / "embedded.db")


def ready(log) -> bool:
    return log.exists() and "taking jobs" in log.read_text(errors="replace")


def pending(server: RedisServer) -> tuple[int, int]:
    client = server.client()
    return (client.xpending("headlines:jobs", "workers")["pending"],
            client.xpending("headlines:items", "writer")["pending"])


def holder_of_sent_run(server: RedisServer) -> int | None:
    """pid of a worker holding a job whose html run has already sent its first page."""
    client = server.client()
    if not client.exists("headlines:jobs"):
        return None
    sent = {m["m"].split('"run":"')[1].split('"')[0] for _, m in client.xrange("headlines:items")
            if '"type":"page"' in m["m"] and "-rail@" in m["m"]}
    done = {m["m"].split('"run":"')[1].split('"')[0] for _, m in client.xrange("headlines:items")
            if '"type":"done"' in m["m"]}
    for entry in client.xpending_range("headlines:jobs", "workers", "-", "+", 100):
        job = client.xrange("headlines:jobs", entry["message_id"], entry["message_id"])[0][1]["m"]
        if any(run in job for run in sent - done):
            return int(entry["consumer"].rsplit("-", 1)[1])
    return None


def test_embedded_and_distributed_modes_store_the_same(reference):
    distributed, embedded = reference
    assert distributed["appearances"] and distributed == embedded
    assert {status for _, status, _ in distributed["runs"]} == {"ok"}


def test_worker_killed_mid_run_and_writer_restarted_record_every_run_once(hosts, redis_server, tmp_path, spawn,
                                                                         reference):
    write_sources(tmp_path / "sources.toml", hosts)
    db = tmp_path / "h.db"
    workers = [start_worker(spawn, redis_server.url, tmp_path / f"worker{i}.log", slots=1) for i in range(3)]
    assert all(wait_for(lambda i=i: ready(tmp_path / f"worker{i}.log"), 60) for i in range(3))
    leader = start_leader(spawn, tmp_path, db, redis_server.url, "--once")
    assert wait_for(lambda: holder_of_sent_run(redis_server) is not None, 60), "no run in flight"
    victim = holder_of_sent_run(redis_server)
    os.kill(victim, signal.SIGKILL)
    # The writer (the leader's thread) dies too, once it has stored something, and is restarted.
    assert wait_for(lambda: db.exists() and query(db, "SELECT count(*) FROM run_pages")[0][0] > 0, 30)
    leader.send_signal(signal.SIGKILL)
    leader.wait(timeout=10)
    leader = start_leader(spawn, tmp_path, db, redis_server.url, "--once")
    assert leader.wait(timeout=120) == 0, leader.stderr.read().decode()
    runs = query(db, "SELECT source, status, run_id FROM crawls ORDER BY source")
    assert [r[0] for r in runs] == sorted(f"h{h}-{k}" for h in range(HOSTS) for k in ("feed", "rail"))
    assert len({r[2] for r in runs}) == len(runs) and {r[1] for r in runs} == {"ok"}
    assert totals(db) == reference[0]          # no sighting counted twice, none lost
    assert pending(redis_server) == (0, 0)     # every job and item acknowledged
    assert query(db, "SELECT count(*) FROM run_pages") == [(0,)]
    took_over = "".join((tmp_path / f"worker{i}.log").read_text() for i in range(3) if workers[i].pid != victim)
    assert "took over job" in took_over


def test_slow_page_is_not_taken_from_its_live_worker(hosts, redis_server, tmp_path, spawn):
    (tmp_path / "sources.toml").write_text(f"""
[[source]]
name = "slow"
url = "{hosts.url(1, '/slow.html')}"
timeout = "30s"
follow = 0
""")
    before = hosts.state.hits.get("/slow.html", 0)
    for i in range(2):
        start_worker(spawn, redis_server.url, tmp_path / f"worker{i}.log", slots=1, claim_idle=1.5)
    leader = start_leader(spawn, tmp_path, tmp_path / "h.db", redis_server.url, "--once")
    assert leader.wait(timeout=60) == 0, leader.stderr.read().decode()
    assert hosts.state.hits["/slow.html"] - before == 1       # fetched by one worker only, never re-sent
    assert query(tmp_path / "h.db", "SELECT status FROM crawls") == [("ok",)]
    logs = "".join((tmp_path / f"worker{i}.log").read_text() for i in range(2))
    assert "took over" not in logs
    assert pending(redis_server) == (0, 0)


def test_redis_restarted_from_its_aof_mid_run_loses_nothing(hosts, redis_server, tmp_path, spawn, reference):
    write_sources(tmp_path / "sources.toml", hosts)
    db = tmp_path / "h.db"
    for i in range(2):
        start_worker(spawn, redis_server.url, tmp_path / f"worker{i}.log", slots=2)
    leader = start_leader(spawn, tmp_path, db, redis_server.url, "--once")
    assert wait_for(lambda: holder_of_sent_run(redis_server) is not None, 60), "no run in flight"
    redis_server.kill()
    time.sleep(1)
    redis_server.start()
    assert leader.wait(timeout=120) == 0, leader.stderr.read().decode()
    assert totals(db) == reference[0]
    assert pending(redis_server) == (0, 0)


def test_leader_without_redis_is_a_one_line_error(tmp_path, spawn, hosts):
    write_sources(tmp_path / "sources.toml", hosts)
    leader = start_leader(spawn, tmp_path, tmp_path / "h.db", "redis://127.0.0.1:1/0", "--once")
    assert leader.wait(timeout=30) == 2
    err = leader.stderr.read().decode().strip()
    assert err.startswith("error: --redis redis://127.0.0.1:1/0: cannot use this Redis") and len(err.splitlines()) == 1


def test_worker_never_opens_a_database_and_stops_on_sigterm(redis_server, tmp_path, spawn):
    worker = start_worker(spawn, redis_server.url, tmp_path / "worker.log")
    assert wait_for(lambda: ready(tmp_path / "worker.log"), 30)
    assert stop(worker, timeout=20) == 0
    assert not list(tmp_path.glob("**/*.db")) and not (tmp_path / "data").exists()
