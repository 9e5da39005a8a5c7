#!/usr/bin/env python3
"""Benchmark the real scheduler (schedule.py) against a local site of 20 headline pages.

Usage: PYTHONPATH=. python bench/bench_schedule.py [--sources 20] [--runs 200] [--every 2s]
                                                   [--limit 300] [--idle 30] [--out FILE]

Phase 1 (load): N sources at `every` (max_every = every, so adaptive polling cannot slow them)
run until >= --runs runs are finished in `crawls` (or --limit seconds), then SIGTERM. From the
ledger, the local server's request log and schedule.log it reports run counts, missed runs,
overlapping runs and peak RSS of the scheduler and of the `scrapy crawlsources` children.

Missed-run rule: for each source, a gap between consecutive run starts larger than
1.5 x every + 1 s (process start) is a miss. Starts are taken from the server's log of each
source's page request (ms resolution, one request per run); the ledger's started_at is kept to
the second only, so the ledger check allows one more second. APScheduler "skipped: maximum
number of running instances" and "was missed by" lines in schedule.log are counted as well.

Phase 2 (idle): the same sources at every = 1h on a fresh database; once each has run once and
no crawl child is alive, the scheduler's own CPU time (utime+stime, /proc/PID/stat) is sampled
over --idle seconds and reported as % of one core.

Phase 3 (scale, with --scale N, e.g. 100000): N synthetic sources (10 per host, hosts on closed
loopback ports: no crawling to speak of) on a fresh database. For the embedded mode and for the
distributed leader (--redis-server BINARY starts a private redis-server; no workers) it reports
start time (process start to the "scheduling N sources" log line, goal <= 5 s), the
scheduler's peak RSS (goal <= 150 MB), SIGTERM-to-exit time, and for the leader how many due
sources it dispatched per second (all N are due at start). --skip-load skips phases 1 and 2.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aggregator.timewindow import parse_duration  # noqa: E402

CLK_TCK = os.sysconf("SC_CLK_TCK")

# ---------------------------------------------------------------- the local site

OUTLETS = ["metro-daily", "the-courier", "evening-post", "city-wire", "star-herald", "valley-times",
           "morning-ledger", "coast-gazette", "capital-report", "north-star", "river-news", "the-sentinel",
           "daily-beacon", "tribune-online", "harbor-journal", "plains-record", "summit-press",
           "bay-chronicle", "the-observer", "weekend-review", "delta-dispatch", "lake-examiner"]
SECTIONS = ["news", "politics", "business", "sport", "entertainment", "tech", "world", "health"]
WHO = ["Mayor Lina Ortiz", "The city council", "Apple", "Taylor Swift", "The Lakers", "Senate Democrats",
       "NASA", "The Bank of England", "Storm Helene", "Local teachers", "Tesla", "The Premier League",
       "Governor Mark Reyes", "Zendaya", "Pfizer", "The transit authority", "Manchester United",
       "Farmers in Iowa", "The Supreme Court", "Beyoncé", "Microsoft", "Hospital workers", "OpenAI",
       "The Oscars academy", "Firefighters", "The World Health Organization", "Airbnb", "Coldplay"]
DID = ["unveils", "rejects", "delays", "announces", "approves", "warns over", "sues over", "celebrates",
       "cancels", "backs", "investigates", "defends", "doubles down on", "quietly drops", "wins fight over"]
WHAT = ["new stadium plan", "budget cuts", "record quarterly profit", "tour dates for 2026", "housing bill",
        "Mars sample mission", "interest rate rise", "flood defences", "pay deal", "self-driving taxis",
        "transfer window move", "water prices", "vaccine rollout", "surprise album", "data centre",
        "school closures", "bike lane network", "award snub", "wildfire response", "privacy rules",
        "rent controls", "summer festival", "merger talks", "strike action", "AI safety pledge"]
TAILS = ["", "", "", " after weeks of talks", " amid backlash", ": what we know", " — live updates",
         " as deadline looms", " in shock move", ", sources say"]


def headline(rng: random.Random) -> str:
    return f"{rng.choice(WHO)} {rng.choice(DID)} {rng.choice(WHAT)}{rng.choice(TAILS)}"


def slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())[:60]


class Outlet:
    """One source's page: a window of its story pool that moves on every `change_every`-th hit."""

    def __init__(self, index: int, prefix: str) -> None:
        rng = random.Random(1000 + index)
        self.index, self.prefix = index, prefix
        self.count = 10 + (index * 7) % 21            # 10..30 links
        self.change_every = (1, 2, 3, 5)[index % 4]   # hits per content change
        self.etag = index % 3 == 0                    # some answer 304 to If-None-Match
        self.layout = index % 3
        self.section = SECTIONS[index % len(SECTIONS)]
        self.pool = []
        for n in range(400):
            text = headline(rng)
            self.pool.append((text, f"{prefix}/{self.section}/2026/03/{slug(text)}-{index}{n:04d}"))
        self.hits = 0
        self.lock = threading.Lock()

    def version(self) -> int:
        with self.lock:
            self.hits += 1
            return (self.hits - 1) // self.change_every

    def render(self, version: int) -> bytes:
        start = (version * 3) % (len(self.pool) - self.count)
        stories = self.pool[start:start + self.count]
        name = OUTLETS[self.index % len(OUTLETS)].replace("-", " ").title()
        if self.layout == 0:
            items = "\n".join(f'<li class="story"><a href="{u}"><span class="t">{t}</span></a>'
                              f'<span class="ago">{k + 2} min ago</span></li>' for k, (t, u) in enumerate(stories))
            body = f'<section class="latest"><h2>Latest</h2><ul class="stories">\n{items}\n</ul></section>'
        elif self.layout == 1:
            items = "\n".join(f'<article class="card"><h3 class="card__title"><a href="{u}">{t}</a></h3>'
                              f'<p class="card__kicker">{self.section.title()}</p></article>' for t, u in stories)
            body = f'<div class="grid">\n{items}\n</div>'
        else:
            items = "\n".join(f'<div class="item"><h2><a class="headline" href="{u}">{t}</a></h2>'
                              f'<time>{8 + k % 12}:{k * 7 % 60:02d}</time></div>' for k, (t, u) in enumerate(stories))
            body = f'<main id="top-stories"><h1>Top stories</h1>\n{items}\n</main>'
        html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{self.section.title()} | {name}</title>
<meta name="viewport" content="width=device-width"><link rel="stylesheet" href="/static/site.css"></head>
<body><header><a class="logo" href="/">{name}</a><nav><a href="/news">News</a> <a href="/sport">Sport</a>
<a href="/business">Business</a> <a href="/entertainment">Entertainment</a> <a href="/login">Sign in</a></nav></header>
{body}
<aside><h3>Newsletter</h3><form><input name="email"><button>Subscribe</button></form></aside>
<footer><a href="/about">About us</a> <a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>"""
        return html.encode("utf-8")

    def story(self, path: str) -> bytes:
        text = next((t for t, u in self.pool if u == path), "Story")
        return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{text}</title>"
                f"<meta property='og:title' content=\"{text}\"></head><body><h1>{text}</h1>"
                f"<p>Story text.</p></body></html>").encode()


class Site:
    def __init__(self, n: int) -> None:
        self.outlets = {f"/o{i:02d}": Outlet(i, f"/o{i:02d}") for i in range(n)}
        self.page_hits: dict[str, list[float]] = {p: [] for p in self.outlets}   # time.time() of list fetches
        self.served = {"200": 0, "304": 0, "robots": 0, "story": 0}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True, name="site").start()

    def list_url(self, prefix: str) -> str:
        return f"{self.base}{prefix}/{self.outlets[prefix].section}/"

    def handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                status, ctype, body, headers = 404, "text/plain", b"not found", {}
                prefix = path[:4]
                outlet = site.outlets.get(prefix)
                if path == "/robots.txt":
                    status, body = 200, b"User-agent: *\nDisallow: /private/\nDisallow: /login\n"
                    site.served["robots"] += 1
                elif outlet and path == f"{prefix}/{outlet.section}/":
                    site.page_hits[prefix].append(time.time())
                    version = outlet.version()
                    status, ctype, body = 200, "text/html; charset=utf-8", outlet.render(version)
                    if outlet.etag:
                        tag = f'"o{outlet.index}-v{version}"'
                        headers["ETag"] = tag
                        if self.headers.get("If-None-Match") == tag:
                            status, body = 304, b""
                    site.served[str(status)] += 1
                elif outlet:
                    status, ctype, body = 200, "text/html; charset=utf-8", outlet.story(path)
                    site.served["story"] += 1
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format, *args) -> None:
                pass

        return Handler

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def write_sources(path: Path, site: Site, every: str) -> list[str]:
    names, parts = [], []
    for i, prefix in enumerate(site.outlets):
        name = f"{OUTLETS[i % len(OUTLETS)]}{'' if i < len(OUTLETS) else f'-{i}'}"
        names.append(name)
        parts.append(f'[[source]]\nname = "{name}"\nurl = "{site.list_url(prefix)}"\nkind = "html"\n'
                     f'every = "{every}"\nmax_every = "{every}"\ntimeout = "60s"\n')
    path.write_text("\n".join(parts), encoding="utf-8")
    return names


# ---------------------------------------------------------------- /proc sampling

def proc_status(pid: int) -> dict[str, int]:
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS", "PPid"):
                out[key] = int(value.split()[0])
    except (OSError, ValueError):
        pass
    return out


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK   # utime, stime (fields 14, 15)


def cpu_ns(pid: int) -> int:
    """On-CPU time of all the process's threads, ns (/proc/PID/task/*/schedstat), finer than ticks."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            total += int(Path(f"/proc/{pid}/task/{tid}/schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return total


def children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(entry))
    return kids


class Sampler(threading.Thread):
    """Every 0.2 s: the scheduler's VmHWM and each `crawlsources` child's VmHWM."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True, name="sampler")
        self.pid, self.done = pid, threading.Event()
        self.sched_kb = 0
        self.child_kb: dict[int, int] = {}
        self.live_children = 0

    def run(self) -> None:
        while not self.done.is_set():
            st = proc_status(self.pid)
            self.sched_kb = max(self.sched_kb, st.get("VmHWM", 0), st.get("VmRSS", 0))
            live = 0
            for kid in children(self.pid):
                try:
                    if b"crawlsources" not in Path(f"/proc/{kid}/cmdline").read_bytes():
                        continue
                except OSError:
                    continue
                live += 1
                kst = proc_status(kid)
                self.child_kb[kid] = max(self.child_kb.get(kid, 0), kst.get("VmHWM", 0), kst.get("VmRSS", 0))
            self.live_children = live
            self.done.wait(0.2)


# ---------------------------------------------------------------- running the scheduler

def start_scheduler(workdir: Path) -> subprocess.Popen:
    env = {**os.environ, "HEADLINES_DOWNLOAD_DELAY": "0",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.Popen([sys.executable, str(ROOT / "schedule.py"), "--sources", str(workdir / "sources.toml"),
                             "--db", str(workdir / "h.db")], cwd=workdir, env=env,
                            stdout=subprocess.DEVNULL, stderr=open(workdir / "stderr.txt", "wb"))


def ledger(db_path: Path) -> list[dict]:
    if not db_path.exists():
        return []
    conn = sqlite3.connect(db_path, timeout=10)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM crawls ORDER BY id")]
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


def finished_runs(db_path: Path) -> int:
    return sum(1 for r in ledger(db_path) if r["status"] != "running")


def stop(proc: subprocess.Popen) -> tuple[int | None, float]:
    began = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = proc.wait()
    return code, time.monotonic() - began


def iso(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def stats3(values: list[float]) -> dict:
    if not values:
        return {"min": None, "median": None, "max": None}
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def load_phase(args, every: float, workdir: Path) -> dict:
    site = Site(args.sources)
    names = write_sources(workdir / "sources.toml", site, args.every)
    by_prefix = dict(zip(site.outlets, names))
    proc = start_scheduler(workdir)
    sampler = Sampler(proc.pid)
    sampler.start()
    began = time.time()
    reason = "time limit"
    while time.time() - began < args.limit:
        if proc.poll() is not None:
            reason = f"scheduler exited early with code {proc.returncode}"
            break
        if finished_runs(workdir / "h.db") >= args.runs:
            reason = f">= {args.runs} runs"
            break
        time.sleep(0.5)
    stop_at = time.time()
    code, stop_seconds = stop(proc) if proc.poll() is None else (proc.returncode, 0.0)
    sampler.done.set()
    sampler.join()
    site.close()
    rows = ledger(workdir / "h.db")
    log = (workdir / "schedule.log").read_text(encoding="utf-8", errors="replace") if (workdir / "schedule.log").exists() else ""

    tol = 1.5 * every + 1.0
    per_source, ledger_gaps, fetch_gaps, missed, missed_ledger, overlaps = {}, [], [], [], [], []
    for name in names:
        mine = [r for r in rows if r["source"] == name]
        per_source[name] = len(mine)
        starts = [iso(r["started_at"]) for r in mine]
        for (a, b) in zip(starts, starts[1:]):
            ledger_gaps.append(b - a)
            if b - a > tol + 1.0:
                missed_ledger.append({"source": name, "gap_s": round(b - a, 1)})
        for before, after in zip(mine, mine[1:]):
            if before["finished_at"] and iso(after["started_at"]) < iso(before["finished_at"]):
                overlaps.append({"source": name, "ids": [before["id"], after["id"]]})
            if not before["finished_at"]:
                overlaps.append({"source": name, "ids": [before["id"], after["id"]], "note": "unfinished"})
    for prefix, hits in site.page_hits.items():
        mine = [r for r in rows if r["source"] == by_prefix[prefix]]
        for k, (a, b) in enumerate(zip(hits, hits[1:])):
            fetch_gaps.append(b - a)
            if b - a > tol:
                # the k-th page fetch belongs to the source's k-th run (one list request per run)
                stuck = k < len(mine) and mine[k]["status"] == "running"
                missed.append({"source": by_prefix[prefix], "gap_s": round(b - a, 2), "at": round(a - began, 1),
                               "after_run_left_running": stuck})
    durations = [iso(r["finished_at"]) - iso(r["started_at"]) for r in rows if r["finished_at"]]
    per_pid: dict[int, int] = {}
    for r in rows:
        per_pid[r["pid"]] = per_pid.get(r["pid"], 0) + 1
    statuses: dict[str, int] = {}
    for r in rows:
        key = r["status"] + (" (abandoned)" if (r["error"] or "").startswith("abandoned") else "")
        statuses[key] = statuses.get(key, 0) + 1
    errors = sorted({(r["error"] or "")[:120] for r in rows if r["status"] == "failed"})
    crawl_log = (workdir / "crawl.log").read_text(encoding="utf-8", errors="replace") \
        if (workdir / "crawl.log").exists() else ""
    skipped = sum("maximum number of running instances" in line for line in log.splitlines())
    could_not_run = sum("could not run" in line for line in log.splitlines())
    locked = {"schedule.log": log.count("database is locked"), "crawl.log": crawl_log.count("database is locked")}
    stuck = sum(r["status"] == "running" for r in rows)
    misfired = sum("was missed by" in line for line in log.splitlines())
    return {
        "stopped_because": reason, "elapsed_s": round(stop_at - began, 1), "exit_code": code,
        "sigterm_to_exit_s": round(stop_seconds, 2),
        "runs": len(rows), "runs_finished": sum(r["status"] != "running" for r in rows),
        "statuses": statuses, "failure_reasons": errors[:5],
        "per_source_runs": stats3(list(per_source.values())), "per_source": per_source,
        "crawl_processes": len(per_pid), "sources_per_process": stats3(list(per_pid.values())),
        "run_duration_s": {"median": pct(durations, 0.5), "p95": pct(durations, 0.95), "max": max(durations, default=None)},
        "missed_rule": f"gap between consecutive page fetches of a source > 1.5*every + 1s = {tol:g}s "
                       f"(ledger starts: > {tol + 1:g}s, started_at has 1 s resolution)",
        "fetch_gap_s": {"median": pct(fetch_gaps, 0.5), "p95": pct(fetch_gaps, 0.95), "max": max(fetch_gaps, default=None)},
        "ledger_gap_s": {"median": pct(ledger_gaps, 0.5), "p95": pct(ledger_gaps, 0.95), "max": max(ledger_gaps, default=None)},
        "missed_runs": len(missed), "missed_examples": missed[:8],
        "missed_after_run_left_running": sum(m["after_run_left_running"] for m in missed),
        "fetch_gap_histogram": {label: sum(lo < g <= hi for g in fetch_gaps) for label, lo, hi in
                                (("<=3s", 0, 3), ("3-4s", 3, 4), ("4-5s", 4, 5), ("5-6s", 5, 6), (">6s", 6, 1e9))},
        "missed_runs_ledger": len(missed_ledger),
        "log_skipped_max_instances": skipped, "log_missed_by": misfired,
        "log_could_not_run": could_not_run, "database_is_locked": locked, "left_running": stuck,
        "overlapping_runs": len(overlaps), "overlap_examples": overlaps[:5],
        "scheduler_peak_rss_mb": round(sampler.sched_kb / 1024, 1),
        "crawl_child_peak_rss_mb": round(max(sampler.child_kb.values(), default=0) / 1024, 1),
        "crawl_children_sampled": len(sampler.child_kb),
        "served": dict(site.served),
    }


def idle_phase(args, workdir: Path) -> dict:
    site = Site(args.sources)
    write_sources(workdir / "sources.toml", site, "1h")
    proc = start_scheduler(workdir)
    sampler = Sampler(proc.pid)
    sampler.start()
    began = time.time()
    result: dict = {}
    try:
        while time.time() - began < 120:
            if proc.poll() is not None:
                raise RuntimeError(f"idle scheduler exited with code {proc.returncode}")
            rows = ledger(workdir / "h.db")
            if len(rows) >= args.sources and all(r["status"] != "running" for r in rows) \
                    and sampler.live_children == 0:
                break
            time.sleep(0.5)
        time.sleep(2.0)   # let the last run's after_run and logging settle
        result["first_runs_done_s"] = round(time.time() - began, 1)
        c0, n0, t0 = cpu_seconds(proc.pid), cpu_ns(proc.pid), time.monotonic()
        time.sleep(args.idle)
        c1, n1, t1 = cpu_seconds(proc.pid), cpu_ns(proc.pid), time.monotonic()
        result["idle_schedstat_cpu_ms"] = round((n1 - n0) / 1e6, 2)
        result["idle_schedstat_pct_one_core"] = round(100 * (n1 - n0) / 1e9 / (t1 - t0), 3)
        result.update(idle_window_s=round(t1 - t0, 1), idle_cpu_s=round(c1 - c0, 3),
                      idle_cpu_pct_one_core=round(100 * (c1 - c0) / (t1 - t0), 2),
                      runs=len(ledger(workdir / "h.db")),
                      scheduler_peak_rss_mb=round(sampler.sched_kb / 1024, 1),
                      crawl_child_peak_rss_mb=round(max(sampler.child_kb.values(), default=0) / 1024, 1))
    finally:
        code, _ = stop(proc) if proc.poll() is None else (proc.returncode, 0)
        sampler.done.set()
        sampler.join()
        site.close()
    result["exit_code"] = code
    return result


# ---------------------------------------------------------------- phase 3: scale

def write_synthetic(path: Path, count: int) -> None:
    """`count` sources, 10 per host; hosts are loopback addresses on port 9 (nothing listens)."""
    parts = []
    for i in range(count):
        h = i // 10
        parts.append(f'[[source]]\nname = "s{i:07d}"\nurl = "http://127.{1 + h // 65536}.{h // 256 % 256}.'
                     f'{h % 256}:9/p{i}"\nevery = "1h"\n')
    path.write_text("\n".join(parts), encoding="utf-8")


def start_redis(binary: str, workdir: Path) -> tuple[subprocess.Popen, str]:
    import socket
    workdir.mkdir(parents=True, exist_ok=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir),
                             "--appendonly", "yes", "--save", ""], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    import redis
    client = redis.Redis(port=port)
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.RedisError:
            time.sleep(0.05)
    return proc, f"redis://127.0.0.1:{port}/0"


def held(db_path: Path) -> int:
    try:
        conn = sqlite3.connect(db_path, timeout=10)
        try:
            return conn.execute("SELECT count(*) FROM source_state WHERE run_id IS NOT NULL").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def scale_run(workdir: Path, count: int, redis_url: str | None, settle: float) -> dict:
    """Start a scheduler on `count` synthetic sources; time its start, sample RSS, then stop it."""
    workdir.mkdir(parents=True, exist_ok=True)
    write_synthetic(workdir / "sources.toml", count)
    env = {**os.environ, "HEADLINES_DOWNLOAD_TIMEOUT": "2",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    cmd = [sys.executable, str(ROOT / "schedule.py"), "--sources", str(workdir / "sources.toml"),
           "--db", str(workdir / "h.db")]
    if redis_url:
        cmd += ["--redis", redis_url, "--max-inflight", str(count)]
    began = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=workdir, env=env, stdout=subprocess.DEVNULL,
                            stderr=open(workdir / "stderr.txt", "wb"))
    log = workdir / "schedule.log"
    peak, started_s, first_s, all_s, start_cpu = 0, None, None, None, 0.0
    while time.monotonic() - began < 120 and proc.poll() is None:
        st = proc_status(proc.pid)
        peak = max(peak, st.get("VmHWM", 0))
        if started_s is None and log.exists() and "scheduling" in log.read_text(errors="replace"):
            started_s = time.monotonic() - began
            start_cpu = cpu_seconds(proc.pid)   # CPU used to start: a figure the machine's load does not inflate
        if started_s is not None:
            if redis_url:
                sent = held(workdir / "h.db")
                if sent and first_s is None:
                    first_s = time.monotonic() - began
                if sent >= count:
                    all_s = time.monotonic() - began
                    break
            elif time.monotonic() - began > started_s + settle:
                break
        time.sleep(0.1)
    peak = max(peak, proc_status(proc.pid).get("VmHWM", 0))
    code, stop_s = stop(proc) if proc.poll() is None else (proc.returncode, 0.0)
    result = {"start_s": None if started_s is None else round(started_s, 2),
              "start_cpu_s": None if started_s is None else round(start_cpu, 2), "peak_rss_mb": round(peak / 1024, 1),
              "exit_code": code, "sigterm_to_exit_s": round(stop_s, 2)}
    if redis_url:
        result["dispatched"] = held(workdir / "h.db")
        if first_s is not None and all_s is not None:
            result["dispatch_per_s"] = round(count / max(all_s - started_s, 1e-6))
            result["all_dispatched_after_start_s"] = round(all_s - started_s, 2)
    return result


def scale_phase(args, workdir: Path) -> dict:
    report = {"sources": args.scale, "embedded": scale_run(workdir / "embedded", args.scale, None, args.settle)}
    binary = args.redis_server
    if binary:
        redis_proc, url = start_redis(binary, workdir / "redis")
        try:
            report["distributed"] = scale_run(workdir / "distributed", args.scale, url, args.settle)
        finally:
            redis_proc.kill()
            redis_proc.wait()
    return report


RSS_STEPS = r"""
import os, sys
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS'):
            return int(line.split()[1]) / 1024
out = [('python', rss())]
steps = [('lxml', 'import lxml.etree, lxml.html'),
         ('twisted reactor', 'from twisted.internet import reactor'),
         ('scrapy core', 'import scrapy; from scrapy.crawler import CrawlerProcess'),
         ('scrapy downloader+middlewares', 'import scrapy.core.downloader.handlers.http11, scrapy.downloadermiddlewares.robotstxt, scrapy.extensions.throttle, scrapy.core.engine'),
         ('project db (sqlite_utils)', 'import db, db.ledger, db.queries'),
         ('aggregator.extract', 'import aggregator.extract, aggregator.clean'),
         ('spiders', 'import spiders.html, spiders.feed, spiders.pipelines, spiders.commands.crawlsources')]
for label, code in steps:
    exec(code)
    out.append((label, rss()))
print(repr(out))
"""


def rss_breakdown() -> list[tuple[str, float]]:
    """VmRSS after importing the crawl child's components one by one (cumulative)."""
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "spiders.settings",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    out = subprocess.run([sys.executable, "-c", RSS_STEPS], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    if out.returncode:
        return [("error", out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "?")]
    steps = eval(out.stdout.strip())  # our own child's repr of a list of tuples
    return [(label, round(mb, 1)) for label, mb in steps]


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", type=int, default=20)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--every", default="2s")
    ap.add_argument("--limit", type=float, default=300.0, help="phase 1 time limit, seconds")
    ap.add_argument("--idle", type=float, default=30.0, help="idle CPU sampling window, seconds")
    ap.add_argument("--out")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--scale", type=int, default=0, help="phase 3: this many synthetic sources (0: skip)")
    ap.add_argument("--settle", type=float, default=10.0, help="phase 3: seconds of RSS sampling after start")
    ap.add_argument("--redis-server", default=__import__("shutil").which("redis-server"),
                    help="phase 3: redis-server binary for the distributed leader (default: on PATH)")
    ap.add_argument("--skip-load", action="store_true", help="skip phases 1 and 2")
    args = ap.parse_args()
    every = parse_duration(args.every)
    work = Path(tempfile.mkdtemp(prefix="bench-schedule-"))
    (work / "load").mkdir()
    (work / "idle").mkdir()
    report: dict = {"config": {"sources": args.sources, "runs": args.runs, "every": args.every,
                               "cpus": os.cpu_count(), "workdir": str(work)},
                    "loadavg_before": loadavg()}
    if args.scale:
        report["scale"] = scale_phase(args, work / "scale")
    if args.skip_load:
        report["loadavg_after"] = loadavg()
        print(json.dumps(report, indent=2))
        if args.out:
            Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        return 0
    report["load"] = load_phase(args, every, work / "load")
    report["idle"] = idle_phase(args, work / "idle")
    report["child_rss_breakdown_mb"] = rss_breakdown()
    report["loadavg_after"] = loadavg()
    goals = {"missed_runs": report["load"]["missed_runs"] == 0
             and report["load"]["log_skipped_max_instances"] == 0 and report["load"]["log_missed_by"] == 0,
             "overlapping_runs": report["load"]["overlapping_runs"] == 0,
             "scheduler_rss<=80MB": max(report["load"]["scheduler_peak_rss_mb"],
                                        report["idle"].get("scheduler_peak_rss_mb", 0)) <= 80,
             "crawl_child_rss<=150MB": max(report["load"]["crawl_child_peak_rss_mb"],
                                           report["idle"].get("crawl_child_peak_rss_mb", 0)) <= 150}
    report["goals_met"] = goals
    print_table(report)
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if not args.keep:
        import shutil
        shutil.rmtree(work, ignore_errors=True)
    return 0


def print_table(r: dict) -> None:
    L, idle = r["load"], r["idle"]

    def f(v):
        return "-" if v is None else (f"{v:.2f}" if isinstance(v, float) else str(v))

    c = r["config"]
    print(f"bench_schedule: {c['sources']} sources, every={c['every']}, target {c['runs']} runs, {c['cpus']} cpus; "
          f"loadavg before {r['loadavg_before']}, after {r['loadavg_after']}")
    rows = [
        ("phase 1 stopped", f"{L['stopped_because']} after {L['elapsed_s']}s; exit {L['exit_code']} "
                            f"{L['sigterm_to_exit_s']}s after SIGTERM"),
        ("runs recorded", f"{L['runs']} ({', '.join(f'{k} {v}' for k, v in sorted(L['statuses'].items()))})"),
        ("runs per source min/med/max", "/".join(f(L['per_source_runs'][k]) for k in ("min", "median", "max"))),
        ("crawl processes", f"{L['crawl_processes']} (sources per process min/med/max "
                            + "/".join(f(L['sources_per_process'][k]) for k in ("min", "median", "max")) + ")"),
        ("run duration s med/p95/max", "/".join(f(L['run_duration_s'][k]) for k in ("median", "p95", "max"))),
        ("fetch gap s med/p95/max", "/".join(f(L['fetch_gap_s'][k]) for k in ("median", "p95", "max"))),
        ("missed runs (fetch gaps)", f"{L['missed_runs']} (rule: gap > 1.5*every+1s; {L['missed_after_run_left_running']} "
                                     f"follow a run left 'running')"),
        ("fetch gap histogram", ", ".join(f"{k} {v}" for k, v in L["fetch_gap_histogram"].items())),
        ("missed runs (ledger gaps)", f"{L['missed_runs_ledger']}   (ledger gap max {f(L['ledger_gap_s']['max'])}s)"),
        ("log 'skipped: max instances'", str(L["log_skipped_max_instances"])),
        ("log 'was missed by'", str(L["log_missed_by"])),
        ("overlapping runs", f"{L['overlapping_runs']} (rows left 'running': {L['left_running']})"),
        ("errors in logs", f"'could not run' {L['log_could_not_run']}, 'database is locked' "
                           + ", ".join(f"{k} {v}" for k, v in L["database_is_locked"].items())),
        ("scheduler peak RSS MB", f"{L['scheduler_peak_rss_mb']} (idle phase {idle.get('scheduler_peak_rss_mb')})  goal <= 80"),
        ("crawl child peak RSS MB", f"{L['crawl_child_peak_rss_mb']} over {L['crawl_children_sampled']} children "
                                    f"(idle phase {idle.get('crawl_child_peak_rss_mb')})  goal <= 150"),
        ("idle CPU, every=1h", f"{idle.get('idle_cpu_pct_one_core')}% of one core ({idle.get('idle_cpu_s')}s CPU in "
                               f"{idle.get('idle_window_s')}s by utime+stime; schedstat {idle.get('idle_schedstat_cpu_ms')} ms = "
                               f"{idle.get('idle_schedstat_pct_one_core')}%; first runs done after {idle.get('first_runs_done_s')}s)"),
        ("child RSS by import (cum.)", ", ".join(f"{k} {v}" for k, v in r["child_rss_breakdown_mb"])),
        ("server", ", ".join(f"{k} {v}" for k, v in L["served"].items())),
        ("goals met", ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in r["goals_met"].items())),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")
    if L["missed_examples"]:
        print("  missed examples:", ", ".join(f"{m['source']} {m['gap_s']}s@{m['at']}s" for m in L["missed_examples"]))
    if L["failure_reasons"]:
        print("  failure reasons:", " | ".join(L["failure_reasons"]))


if __name__ == "__main__":
    sys.exit(main())
