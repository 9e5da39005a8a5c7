#!/usr/bin/env python3
"""Benchmark the distributed mode against the embedded (subprocess) mode on the same local pages.

Usage: PYTHONPATH=. python bench/bench_distributed.py [--sources 200] [--hosts 10] [--slots 4]
                                                       [--writer-pages 2000] [--out FILE]

One run of each, on the same local site (bench_schedule's outlets: 10-30 headline links per
page, some answering 304), served on --hosts loopback addresses (each host is one site, so one
job of it is out at a time):
  - embedded: `schedule.py --once` (crawls in `scrapy crawlsources` subprocesses);
  - distributed with 1 and with 2 `headlines worker`s (started and ready before the clock
    starts, as long-running workers are): `schedule.py --once --redis URL`.
Each reports wall time from the leader's start to its exit, runs/s and pages/s (list pages,
304s and followed story pages the site served). Then the writer alone: --writer-pages page
messages (prepared from the outlets' pages) are put on the items stream and one Writer stores
them into a fresh database; pages/s. Needs redis-server on PATH (or --redis-server).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_schedule import OUTLETS, Site, loadavg, start_redis  # noqa: E402

ENV = {**os.environ, "HEADLINES_DOWNLOAD_DELAY": "0",
       "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
HEADLINES = Path(sys.executable).with_name("headlines")


class MultiHostSite(Site):
    """The outlets of bench_schedule, answered on 127.0.0.1..127.0.0.N (one site per address)."""

    def __init__(self, outlets: int, hosts: int) -> None:
        super().__init__(outlets)
        self.extra = []
        self.bases = [self.base]
        for k in range(2, hosts + 1):
            server = ThreadingHTTPServer((f"127.0.0.{k}", 0), self.handler())
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.extra.append(server)
            self.bases.append(f"http://127.0.0.{k}:{server.server_address[1]}")

    def close(self) -> None:
        super().close()
        for server in self.extra:
            server.shutdown()
            server.server_close()

    def pages_served(self) -> int:
        return self.served["200"] + self.served["304"] + self.served["story"]


def write_sources(path: Path, site: MultiHostSite) -> None:
    parts = []
    for i, prefix in enumerate(site.outlets):
        base = site.bases[i % len(site.bases)]
        url = f"{base}{prefix}/{site.outlets[prefix].section}/"
        parts.append(f'[[source]]\nname = "{OUTLETS[i % len(OUTLETS)]}-{i}"\nurl = "{url}"\nfollow = 1\n'
                     f'timeout = "60s"\n')
    path.write_text("\n".join(parts), encoding="utf-8")


def leader(workdir: Path, redis_url: str | None) -> tuple[float, int]:
    cmd = [sys.executable, str(ROOT / "schedule.py"), "--once", "--sources", str(workdir / "sources.toml"),
           "--db", str(workdir / "h.db")]
    if redis_url:
        cmd += ["--redis", redis_url]
    began = time.monotonic()
    done = subprocess.run(cmd, cwd=workdir, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=900)
    if done.returncode:
        raise RuntimeError(f"schedule.py exited {done.returncode}: {done.stderr.decode()[-500:]}")
    import sqlite3
    conn = sqlite3.connect(workdir / "h.db")
    runs = conn.execute("SELECT count(*) FROM crawls WHERE status != 'running'").fetchone()[0]
    conn.close()
    return time.monotonic() - began, runs


def start_workers(count: int, redis_url: str, slots: int, workdir: Path) -> list[subprocess.Popen]:
    procs = []
    for i in range(count):
        log = workdir / f"worker{i}.log"
        procs.append(subprocess.Popen([str(HEADLINES), "worker", "--redis", redis_url, "--slots", str(slots),
                                       "--log-file", str(log)], cwd=workdir, env=ENV,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    deadline = time.monotonic() + 120
    for i in range(count):
        log = workdir / f"worker{i}.log"
        while time.monotonic() < deadline and not (log.exists() and "taking jobs" in log.read_text(errors="replace")):
            time.sleep(0.1)
    return procs


def crawl_mode(label: str, args, work: Path, workers: int) -> dict:
    workdir = work / label
    workdir.mkdir()
    site = MultiHostSite(args.sources, args.hosts)
    write_sources(workdir / "sources.toml", site)
    procs, redis_proc = [], None
    try:
        url = None
        if workers:
            redis_proc, url = start_redis(args.redis_server, workdir / "redis")
            procs = start_workers(workers, url, args.slots, workdir)
        seconds, runs = leader(workdir, url)
        pages = site.pages_served()
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        if redis_proc:
            redis_proc.kill()
            redis_proc.wait()
        site.close()
    return {"seconds": round(seconds, 2), "runs": runs, "pages": pages,
            "runs_per_s": round(runs / seconds, 2), "pages_per_s": round(pages / seconds, 2)}


def writer_bench(args, work: Path) -> dict:
    """Page messages as workers send them, stored by one Writer into a fresh database."""
    import redis

    from aggregator.extract import extract_page
    from aggregator.prepare import prepare_lists
    from headlines.alerts import Alerter
    from headlines.config import AlertSettings
    from headlines.distributed.leader import connect
    from headlines.distributed.protocol import ITEMS, encode, lists_to_wire
    from headlines.distributed.writer import Writer
    from headlines.scheduler import Planner

    workdir = work / "writer"
    workdir.mkdir()
    redis_proc, url = start_redis(args.redis_server, workdir / "redis")
    try:
        client = connect(url)
        site = Site(50)
        site.close()
        messages, items = [], 0
        for n in range(args.writer_pages):
            prefix = list(site.outlets)[n % 50]
            outlet = site.outlets[prefix]
            page_url = f"http://outlet{n % 50}.example{prefix}/{outlet.section}/"
            lists = prepare_lists(extract_page(outlet.render(n // 50), page_url, content_type="text/html"))
            items += sum(len(rows) for rows in lists.values())
            run = f"{prefix[1:]}@{n // 50}"
            messages.append(encode({"type": "page", "run": run, "source": prefix[1:],
                                    "started_at": "2026-03-01T12:00:00Z", "url": page_url,
                                    "fetched_at": "2026-03-01T12:00:05Z", "lists": lists_to_wire(lists)}))
        size = sum(len(m["m"]) for m in messages) / len(messages)
        pipe = client.pipeline(transaction=False)
        for message in messages:
            pipe.xadd(ITEMS, message)
        pipe.execute()
        halt = threading.Event()
        writer = Writer(client, str(workdir / "h.db"), Planner({}, Alerter(AlertSettings(log=False))),
                        lambda run: None, halt)
        from db import open_db
        open_db(workdir / "h.db").close()   # schema first: the clock measures storing only
        began = time.monotonic()
        thread = threading.Thread(target=writer.run, daemon=True)
        thread.start()
        while writer.stored < len(messages) and time.monotonic() - began < 600:
            time.sleep(0.02)
        seconds = time.monotonic() - began
        halt.set()
        thread.join(10)
        pending = client.xpending(ITEMS, "writer")["pending"]
        client.close()
    except redis.RedisError as exc:
        raise RuntimeError(f"writer benchmark: {exc}") from None
    finally:
        redis_proc.kill()
        redis_proc.wait()
    return {"pages": len(messages), "sightings": items, "avg_message_bytes": round(size),
            "seconds": round(seconds, 2), "pages_per_s": round(len(messages) / seconds, 1),
            "sightings_per_s": round(items / seconds), "left_pending": pending}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", type=int, default=200)
    ap.add_argument("--hosts", type=int, default=10)
    ap.add_argument("--slots", type=int, default=4)
    ap.add_argument("--writer-pages", type=int, default=2000)
    ap.add_argument("--redis-server", default=shutil.which("redis-server"))
    ap.add_argument("--out")
    args = ap.parse_args()
    if not args.redis_server:
        print("error: --redis-server: redis-server not found on PATH", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench-distributed-"))
    report = {"config": vars(args) | {"cpus": os.cpu_count()}, "loadavg_before": loadavg()}
    try:
        report["embedded"] = crawl_mode("embedded", args, work, 0)
        report["workers_1"] = crawl_mode("workers1", args, work, 1)
        report["workers_2"] = crawl_mode("workers2", args, work, 2)
        report["writer"] = writer_bench(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["loadavg_after"] = loadavg()
    base = report["embedded"]["seconds"]
    report["speedup_vs_embedded"] = {k: round(base / report[k]["seconds"], 2) for k in ("workers_1", "workers_2")}
    print(json.dumps(report, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
