"""Latency of /api/top and /api/trending over HTTP on a big database, with and without a writer.

    python bench/bench_api.py DB_PATH [--build N] [--requests 100] [--writer-pages-per-s 10]

--build N first adds ~N synthetic appearances (db/synthetic.py, bulk SQL; 10,000,000 is the
target scale). Then `headlines serve` runs as a subprocess and each endpoint is timed over
HTTP, with no writer and then while a writer process stores pages through the crawl's own
write path (db.writes.record_page, one transaction per page of 50 new headlines): in WAL mode
readers should not stall while the writer commits. Two servers: `--cache-seconds 0` (every
request runs its query: the query cost) and the default answer cache (what a polling
dashboard sees; under a busy writer the cache expires every --cache-seconds).

Besides the windows ending at the data's end (top 24 h and trending 6 h / 7 d answer from the
stored snapshot there), windows ending 3 hours earlier (`until=`) are timed: what "any window"
costs when no snapshot answers. The server's memory (RSS and peak) is printed after its
requests. The load average is printed first and last: compare figures of one run only.
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Every window the dashboards and analysts ask for; only top 24 h and trending 6 h / 7 d can be
# answered by the stored ranking snapshot, the others read the hourly and daily rollups.
ENDPOINTS = tuple(f"/api/top?window={w}&limit=50" for w in ("1h", "24h", "7d", "30d", "90d")) + tuple(
    f"/api/trending?window=6h&baseline={b}&limit=50" for b in ("7d", "30d"))


def earlier_endpoints(db_path: str, hours: int = 3) -> tuple[str, ...]:
    """Top 1 h / 24 h and trending 6 h, 24 h and 7 d windows against 7 d and 30 d baselines,
    ending `hours` before the data's end (read-only)."""
    from datetime import timedelta

    from aggregator.timewindow import hour_of, parse_iso, to_iso
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    newest = conn.execute("SELECT max(last_seen) FROM headlines").fetchone()[0]
    conn.close()
    if newest is None:
        return ()
    until = to_iso(parse_iso(hour_of(newest)) + timedelta(hours=1 - hours))
    return tuple(f"/api/top?window={w}&until={until}&limit=50" for w in ("1h", "24h")) + tuple(
        f"/api/trending?window={w}&baseline={b}&until={until}&limit=50"
        for w, b in (("6h", "7d"), ("6h", "30d"), ("24h", "30d"), ("7d", "7d"), ("7d", "30d")))


def build(db_path: str, appearances: int) -> None:
    from db import open_db
    from db.aggregate import take_snapshots
    from db.synthetic import fill
    db = open_db(db_path)
    began = time.perf_counter()
    step = [0]

    def report(done: int) -> None:
        if done >= step[0]:
            print(f"  {done:,} appearances, {time.perf_counter() - began:.0f} s", flush=True)
            step[0] = done + 1_000_000
    made = fill(db, appearances, progress=report)
    take_snapshots(db)  # as the scheduler's aggregate step does after every refresh
    print(f"built {made} in {time.perf_counter() - began:.1f} s; file {Path(db_path).stat().st_size / 1e9:.2f} GB")
    db.close()


def writer(db_path: str, pages_per_s: float) -> None:
    """Store pages until killed; prints pages written and the slowest commit on SIGTERM."""
    import signal

    from aggregator.prepare import CleanSighting
    from aggregator.timewindow import to_iso, utcnow
    from db import open_db
    from db.writes import record_page
    db = open_db(db_path, migrate=False)
    pages, slowest, stop = 0, 0.0, []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    while not stop:
        began = time.perf_counter()
        rows = [CleanSighting(f"Live headline {os.getpid()} {pages} number {i}",
                              f"live headline {os.getpid()} {pages} number {i}", False, None, i + 1)
                for i in range(50)]
        record_page(db, "bench-writer", "https://writer.example/", to_iso(utcnow()), {"live": rows})
        spent = time.perf_counter() - began
        pages, slowest = pages + 1, max(slowest, spent)
        time.sleep(max(0.0, 1 / pages_per_s - spent))
    print(f"writer: {pages} pages ({pages * 50} headlines) stored, slowest commit {slowest * 1000:.0f} ms", flush=True)


def timed(base: str, path: str, count: int) -> list[float]:
    spent = []
    for _ in range(count):
        began = time.perf_counter()
        with urllib.request.urlopen(base + path, timeout=120) as response:
            response.read()
        spent.append((time.perf_counter() - began) * 1000)
    return spent


def memory(pid: int) -> str:
    """The server's resident memory now and at its peak (Linux /proc), for the totals trending
    keeps in memory (db/trend_index.py)."""
    try:
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    except OSError:
        return "unknown (no /proc)"
    return f"RSS {fields['VmRSS'].strip()}, peak {fields['VmHWM'].strip()}"


def summary(label: str, spent: list[float]) -> str:
    spent = sorted(spent)
    p95 = spent[min(len(spent) - 1, int(round(0.95 * (len(spent) - 1))))]
    return (f"{label:86s} n={len(spent):4d} median {statistics.median(spent):8.1f} ms  "
            f"p95 {p95:8.1f} ms  max {spent[-1]:8.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db_path")
    parser.add_argument("--build", type=int, default=0, metavar="N", help="first add ~N synthetic appearances")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per endpoint and phase")
    parser.add_argument("--writer-pages-per-s", type=float, default=10.0)
    parser.add_argument("--no-writer", action="store_true", help="skip the phase with a writer running")
    parser.add_argument("--no-cache-only", action="store_true", help="skip the server with the answer cache")
    parser.add_argument("--writer-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.writer_only:
        writer(args.db_path, args.writer_pages_per_s)
        return 0
    if args.build:
        build(args.db_path, args.build)
    endpoints = ENDPOINTS + earlier_endpoints(args.db_path)
    print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
    sys.path.insert(0, str(ROOT / "tests"))
    from serving import start_server  # the tests' helper: `headlines serve` on a free port
    servers = (("no cache", ["--cache-seconds", "0"]), ("cache", []))
    for label, extra in servers[:1] if args.no_cache_only else servers:
        server = start_server(Path(args.db_path), extra)
        try:
            # The server builds trending's in-memory totals at start; the first trending request
            # waits for them. Wait here too, so no request below runs beside the build.
            began = time.perf_counter()
            timed(server.base, ENDPOINTS[-1], 1)
            print(f"server ({label}) ready for trending {time.perf_counter() - began:.1f} s after listening; "
                  f"memory: {memory(server.process.pid)}", flush=True)
            for path in endpoints:
                timed(server.base, path, 2)  # warm the page cache
                print(summary(f"{path} {label}, no writer", timed(server.base, path, args.requests)), flush=True)
            print(f"server ({label}) memory after the requests: {memory(server.process.pid)}", flush=True)
            if args.no_writer:
                continue
            proc = subprocess.Popen([sys.executable, __file__, args.db_path, "--writer-only",
                                     "--writer-pages-per-s", str(args.writer_pages_per_s)],
                                    stdout=subprocess.PIPE, text=True)
            time.sleep(1)
            for path in endpoints:
                print(summary(f"{path} {label}, writer on", timed(server.base, path, args.requests)), flush=True)
            proc.terminate()
            print(proc.communicate(timeout=60)[0].strip())
        finally:
            server.stop()
    print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
