#!/usr/bin/env python3
"""Crawl-path benchmark: the real `scrapy crawlsources` path beside a bare Scrapy spider.

Usage: PYTHONPATH=. python bench/bench_crawl.py CORPUS_HTML_DIR [--pages N] [--repeat 2]
                                                [--processes 0,auto] [--profile OUT]

Serves N corpus pages on 127.0.0.1 (http.server in a thread), then runs, in this order:
  (a) bare: `scrapy runspider` of a spider that parses each page with parsel (lxml) and
      yields one item per page (no pipeline);
  (b) real: `scrapy crawlsources` over a generated sources.toml (one `kind = "html"` source
      per page, no pinned lists) writing a temporary SQLite file, once per --processes value
      (HEADLINES_EXTRACT_PROCESSES: 0 extracts on the reactor thread, "auto" uses cores - 1
      extraction processes), so both modes are measured in one run beside the same reference.
Both with polite settings off for the bench only: ROBOTSTXT_OBEY=False,
AUTOTHROTTLE_ENABLED=False, DOWNLOAD_DELAY=0, CONCURRENT_REQUESTS_PER_DOMAIN=16,
LOG_LEVEL=WARNING. Each variant also runs once over a single page; its wall time is the
process start (interpreter, Scrapy, reactor), reported apart and subtracted, so
pages/s = (N - 1) / (wall(N) - wall(1)). Prints both rates and real / bare; then the same from
an in-process clock (bench/crawl_clock.py: crawler set-up to spider close), which leaves the
interpreter's start out of both without subtracting one noisy run from another; then the CPU
time the crawl process itself spent per page (extraction workers not counted): on a shared
machine the rates follow whatever else runs (and a busy machine leaves the workers no core),
while this cost is what bounds the rate once the workers have cores of their own.
--profile OUT runs the real path (the first --processes value) once more under cProfile and
writes OUT (pstats; worker processes are not profiled).
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from db import open_db  # noqa: E402
from headlines.runner import crawl_command  # noqa: E402

BENCH_SETTINGS = ["ROBOTSTXT_OBEY=False", "AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0",
                  "CONCURRENT_REQUESTS_PER_DOMAIN=16", "LOG_LEVEL=WARNING", "TELNETCONSOLE_ENABLED=False"]

BARE_SPIDER = '''
import scrapy

class Bare(scrapy.Spider):
    name = "bare"

    async def start(self):
        for url in open(self.urls_file, encoding="utf-8").read().split():
            yield scrapy.Request(url, dont_filter=True)

    def parse(self, response):
        yield {"url": response.url, "links": len(response.css("a::attr(href)").getall())}
'''


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class Server(ThreadingHTTPServer):
    # The default listen backlog of 5 drops SYNs when hundreds of crawlers (one per source)
    # connect at once, and the kernel's SYN retries (1 s, 3 s, ...) would be measured as crawl time.
    request_queue_size = 1024
    daemon_threads = True


def serve(root: Path) -> tuple[ThreadingHTTPServer, str]:
    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def settings_args(clock: Path | None = None) -> list[str]:
    extra = [f"EXTENSIONS={json.dumps({'crawl_clock.Clock': 0})}", f"CRAWL_CLOCK_FILE={clock}"] if clock else []
    return [arg for s in [*BENCH_SETTINGS, *extra] for arg in ("-s", s)]


def in_process(clock: Path) -> tuple[float, float]:
    """(seconds, CPU seconds of the crawl process) its clock extension measured from set-up to
    close, the file then removed."""
    spans = [tuple(map(float, line.split())) for line in clock.read_text().split("\n") if line.strip()]
    clock.unlink()
    return max(s[1] for s in spans) - min(s[0] for s in spans), sum(s[2] for s in spans)


def env() -> dict[str, str]:
    return {**os.environ, "SCRAPY_SETTINGS_MODULE": "spiders.settings",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), str(HERE / "bench"),
                                                        os.environ.get("PYTHONPATH")]))}


def timed(cmd: list[str], cwd: Path, environ: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=environ, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd[:6])} ...\n{proc.stderr[-3000:]}")
    return wall


def bare(urls: list[str], work: Path) -> tuple[float, tuple[float, float]]:
    """(wall seconds, (in-process seconds, CPU seconds)) of the bare spider over `urls`."""
    spider = work / "bare_spider.py"
    spider.write_text(BARE_SPIDER)
    urls_file = work / f"urls-{len(urls)}.txt"
    urls_file.write_text("\n".join(urls))
    environ = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE / "bench"), os.environ.get("PYTHONPATH")]))
    clock = work / "clock-bare.txt"
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(spider), "-a", f"urls_file={urls_file}",
           *settings_args(clock)]
    wall = timed(cmd, work, environ)
    return wall, in_process(clock)


def real(urls: list[str], work: Path, processes: str,
         profile: str | None = None) -> tuple[float, tuple[float, float]]:
    """(wall seconds, (in-process seconds, CPU seconds)) of `scrapy crawlsources` over `urls`,
    one source each, with `processes` extraction processes."""
    tag = f"{len(urls)}-{processes}{'-prof' if profile else ''}"
    sources = work / f"sources-{tag}.toml"
    names = [f"p{i:04d}" for i in range(len(urls))]
    sources.write_text("".join(f'[[source]]\nname = "{n}"\nurl = "{u}"\nkind = "html"\nevery = "1h"\n\n'
                               for n, u in zip(names, urls)))
    db = work / f"bench-{tag}.db"
    for suffix in ("", "-wal", "-shm"):  # a fresh database per run: repeats measure the same work
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    open_db(str(db)).close()  # schema first, as run_crawl does before starting the child
    clock = work / "clock-real.txt"
    cmd = crawl_command(names, str(db), str(sources), None) + settings_args(clock) + [
        "-s", f"HEADLINES_EXTRACT_PROCESSES={processes}"]
    if profile:
        cmd[1:3] = ["-m", "cProfile", "-o", profile, "-m", "scrapy"]
    wall = timed(cmd, HERE, env())
    inner = in_process(clock)
    conn = open_db(str(db))
    rows = list(conn.query("select status, count(*) n from crawls group by status"))
    conn.close()
    if not profile and len(urls) > 1:
        print(f"  real path, {len(urls)} pages, processes={processes}: crawls by status {rows}")
    return wall, inner


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=2, help="runs per variant; the fastest counts")
    ap.add_argument("--processes", default="0,auto",
                    help="HEADLINES_EXTRACT_PROCESSES values to measure the real path with, comma-separated")
    ap.add_argument("--profile", help="also profile the real path's child into this pstats file")
    a = ap.parse_args()
    modes = [m.strip() for m in a.processes.split(",") if m.strip()]
    if not modes or any(m != "auto" and not m.isdigit() for m in modes):
        ap.error(f"--processes: expected whole numbers or 'auto', comma-separated, got {a.processes!r}")
    root = Path(a.corpus).resolve()
    files = sorted(p for p in root.rglob("*") if p.suffix.lower() in (".html", ".htm"))[: a.pages]
    server, base = serve(root)
    urls = [base + quote(str(p.relative_to(root))) for p in files]
    n = len(urls)
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
        work = Path(tmp)
        # Best of --repeat runs each, interleaved, so a busy moment on a shared machine
        # does not land on one variant only.
        bare_start = min(bare(urls[:1], work)[0] for _ in range(a.repeat))
        real_start = {m: min(real(urls[:1], work, m)[0] for _ in range(a.repeat)) for m in modes}
        bare_wall, bare_in, bare_cpu = float("inf"), float("inf"), float("inf")
        real_wall, real_in, real_cpu = ({m: float("inf") for m in modes} for _ in range(3))
        for _ in range(a.repeat):
            wall, (inner, cpu) = bare(urls, work)
            bare_wall, bare_in, bare_cpu = min(bare_wall, wall), min(bare_in, inner), min(bare_cpu, cpu)
            for m in modes:
                wall, (inner, cpu) = real(urls, work, m)
                real_wall[m], real_in[m], real_cpu[m] = min(real_wall[m], wall), min(real_in[m], inner), min(real_cpu[m], cpu)
        if a.profile:
            real(urls, work, modes[0], profile=a.profile)
    server.shutdown()
    bare_rate = (n - 1) / max(bare_wall - bare_start, 1e-9)
    size = sum(p.stat().st_size for p in files) / 1e6
    starts = ", ".join(f"real processes={m} {real_start[m]:.2f} s" for m in modes)
    print(f"pages={n} size={size:.1f} MB  cores={os.cpu_count()}  (process start: bare {bare_start:.2f} s, {starts})  "
          f"load={os.getloadavg()[0]:.1f}")
    print(f"bare scrapy + parsel          {bare_rate:7.1f} pages/s  (wall {bare_wall:.2f} s)")
    for m in modes:
        rate = (n - 1) / max(real_wall[m] - real_start[m], 1e-9)
        print(f"real crawlsources processes={m:<4} {rate:7.1f} pages/s  (wall {real_wall[m]:.2f} s)  "
              f"real / bare: {rate / bare_rate:.0%}  (goal >= 80%)")
    print(f"in-process clock (set-up to close, no interpreter start): bare {n / bare_in:.1f} pages/s ({bare_in:.2f} s)")
    for m in modes:
        print(f"  real processes={m:<4} {n / real_in[m]:7.1f} pages/s ({real_in[m]:.2f} s), "
              f"real / bare: {bare_in / real_in[m]:.0%}")
    print(f"crawl-process CPU per page (set-up to close; extraction workers not counted): "
          f"bare {1000 * bare_cpu / n:.2f} ms")
    for m in modes:
        print(f"  real processes={m:<4} {1000 * real_cpu[m] / n:.2f} ms, bare / real: {bare_cpu / real_cpu[m]:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
