"""Extraction in worker processes (spiders.extract_pool) gives what in-process extraction gives:
the pool on its own, then real `scrapy crawlsources` crawls of a local site in both modes, and a
crawl stopped by SIGTERM (as the scheduler stops one) that still stores the pages it awaited."""
from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aggregator.extract import extract_page
from aggregator.model import ListSpec
from headlines.runner import PROJECT_DIR, crawl_command
from spiders.base import EXTRACT_MODULES
from spiders.extract_pool import ExtractPool, cores, processes_from
from spiders.user_extractor import ExtractorError, extractor_page
from tests.conftest import FIXTURES
from tests.waiting import wait_until

PAGES = {   # path on the local site -> fixture
    "/pool/rail.html": "rail.html",
    "/pool/video-rail.html": "video_rail.html",
    "/pool/home.html": "extract/homepage.html",
    "/pool/video.html": "extract/video.html",
    "/pool/cp1252.html": "extract/cp1252_nocharset.html",
}
CUT_RAIL = ("<html><head><title>Latest | Pool Gazette</title></head><body><ul class='latest'>"
            "<li><a href='/pool/stories/2026/03/harbour-bridge-reopens-after-repairs'>Harbour Bridge Reopens After Rep…</a></li>"
            "<li><a href='/pool/stories/2026/03/city-marathon-route-changed'>City Marathon Route Changed for…</a></li>"
            "</ul></body></html>")
STORIES = {
    "harbour-bridge-reopens-after-repairs": "Harbour Bridge Reopens After Repairs Finish Early",
    "city-marathon-route-changed": "City Marathon Route Changed for Roadworks on the Quay",
}


def bodies() -> list[tuple[bytes, str]]:
    return [((FIXTURES / name).read_bytes(), f"https://pool.example{path}") for path, name in PAGES.items()]


async def loaded(pool: ExtractPool, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while pool.loaded < pool.processes:
        assert time.monotonic() < deadline, "the extraction workers never loaded"
        await asyncio.sleep(0.02)


def test_pool_answers_exactly_like_in_process_extraction():
    specs = [ListSpec("watch-next", "ul.videos li a", ".t")]

    async def main():
        pool = ExtractPool(2, preload=EXTRACT_MODULES, backlog=len(PAGES))   # every call to a worker
        pool.start()
        try:
            await loaded(pool)
            detected = await asyncio.gather(*(pool.run(extract_page, body, url) for body, url in bodies()))
            pinned = await pool.run(extract_page, bodies()[0][0], bodies()[0][1], lists=specs)
            with pytest.raises(ExtractorError) as raised:
                await pool.run(extractor_page, "no_such_module_here:f", b"<p>x</p>", "https://pool.example/")
            return detected, pinned, str(raised.value), pool.offloaded
        finally:
            pool.close()

    detected, pinned, error, offloaded = asyncio.run(main())
    assert detected == [extract_page(body, url) for body, url in bodies()]
    assert sum(page.count for page in detected) > 20          # real lists, not empty pages alike
    assert pinned == extract_page(bodies()[0][0], bodies()[0][1], lists=specs)
    with pytest.raises(ExtractorError) as here:
        extractor_page("no_such_module_here:f", b"<p>x</p>", "https://pool.example/")
    assert error == str(here.value)
    assert offloaded == len(PAGES) + 1   # the failed call is answered too, but as an error


def test_calls_the_workers_are_behind_on_are_answered_in_process():
    async def main():
        pool = ExtractPool(1, preload=EXTRACT_MODULES, backlog=1)
        pool.start()
        try:
            await loaded(pool)
            pages = await asyncio.gather(*(pool.run(extract_page, body, url) for body, url in bodies()))
            return pages, pool.offloaded
        finally:
            pool.close()

    pages, offloaded = asyncio.run(main())
    assert pages == [extract_page(body, url) for body, url in bodies()]
    assert offloaded == 1   # the first went to the worker; the others, sent meanwhile, stayed here


def test_user_extractors_run_in_the_workers_as_in_process(tmp_path, monkeypatch):
    (tmp_path / "pool_site_lists.py").write_text(
        "def latest(soup, url):\n"
        "    return [{'name': 'latest', 'headlines': [{'text': a.get_text(' ', strip=True), 'url': a['href']}\n"
        "                                             for a in soup.select('ul.latest a')]}]\n")
    monkeypatch.syspath_prepend(str(tmp_path))   # as the crawl's working directory would be

    async def main():
        pool = ExtractPool(1, preload=EXTRACT_MODULES)
        pool.start()
        try:
            await loaded(pool)
            page = await pool.run(extractor_page, "pool_site_lists:latest", CUT_RAIL.encode(),
                                  "https://pool.example/pool/cut.html", "text/html")
            return page, pool.offloaded
        finally:
            pool.close()

    page, offloaded = asyncio.run(main())
    assert offloaded == 1
    assert page == extractor_page("pool_site_lists:latest", CUT_RAIL.encode(), "https://pool.example/pool/cut.html",
                                  "text/html")
    assert [s.url for s in page.lists[0].headlines] == [
        f"https://pool.example/pool/stories/2026/03/{slug}" for slug in STORIES]


def test_a_worker_that_dies_leaves_its_calls_to_the_crawl():
    async def main():
        pool = ExtractPool(1, preload=EXTRACT_MODULES)
        pool.start()
        try:
            await loaded(pool)
            (process, _channel), = pool._workers
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            pages = [await pool.run(extract_page, body, url) for body, url in bodies()]
            return pages, pool.offloaded, pool.loaded
        finally:
            pool.close()

    pages, offloaded, live = asyncio.run(main())
    assert pages == [extract_page(body, url) for body, url in bodies()]
    assert (offloaded, live) == (0, 0)


def test_processes_setting_is_checked():
    assert processes_from("auto") == processes_from(None) == processes_from("") == max(cores() - 1, 0)
    assert (processes_from("0"), processes_from(" 2 ")) == (0, 2)
    for bad in ("-1", "two", "1.5"):
        with pytest.raises(ValueError, match=r"^HEADLINES_EXTRACT_PROCESSES: expected a whole number"):
            processes_from(bad)


# --- real crawls ------------------------------------------------------------------------------

def serve_pages(site, delay: float) -> str:
    """The pages on the local site (answered after `delay` s, so the workers load first); a
    sources file listing them, one with cut headlines whose link targets are followed."""
    for path, name in PAGES.items():
        site.add(path, (FIXTURES / name).read_bytes(), delay=delay)
    site.add("/pool/cut.html", CUT_RAIL, delay=delay)
    for slug, title in STORIES.items():
        site.add(f"/pool/stories/2026/03/{slug}", f"<html><head><title>{title} | Pool Gazette</title></head>"
                 f"<body><h1>{title}</h1></body></html>")
    entries = [f'[[source]]\nname = "p{i}"\nurl = "{site.url(path)}"\n' for i, path in enumerate(PAGES)]
    entries.append(f'[[source]]\nname = "cut"\nurl = "{site.url("/pool/cut.html")}"\nfollow = 2\n'
                   '[[source.lists]]\nname = "latest"\nitems = "ul.latest a"\n')
    return "\n".join(entries)


def stored(db_path: Path) -> dict[str, list[tuple]]:
    """What the crawls stored, without ids and clock times."""
    conn = sqlite3.connect(db_path)
    try:
        return {
            "appearances": conn.execute(
                "SELECT a.source, a.list_name, h.text, h.url, h.truncated, a.times_seen, a.best_position "
                "FROM appearances a JOIN headlines h ON h.id = a.headline_id ORDER BY 1, 2, 3, 4").fetchall(),
            "captures": conn.execute(
                "SELECT c.source, c.page_url, c.times_seen, r.list_name, r.position, r.text, r.url, r.truncated "
                "FROM captures c JOIN capture_rows r ON r.capture_id = c.id ORDER BY 1, 2, 4, 5").fetchall(),
            "crawls": conn.execute("SELECT source, status, items, new_headlines, error FROM crawls "
                                   "ORDER BY source, id").fetchall(),
            "sites": conn.execute("SELECT name, site_name FROM sources ORDER BY name").fetchall(),
        }
    finally:
        conn.close()


def pool_stat(log: Path) -> int:
    """headlines/extracted_in_pool from the crawl log's stats dumps, summed over its crawls."""
    total = 0
    for line in log.read_text().splitlines():
        if "'headlines/extracted_in_pool':" in line:
            total += int(line.split(":")[-1].strip(" ,}"))
    return total


def crawl(names: list[str], db_path: Path, sources: Path, log: Path, processes: str) -> subprocess.Popen:
    """`scrapy crawlsources` as `headlines crawl` starts it, in its own process group, with
    the bench's unthrottled settings (one local host serves every source)."""
    from db import open_db
    open_db(str(db_path)).close()
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "spiders.settings", "HEADLINES_EXTRACT_PROCESSES": processes,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_DIR), os.environ.get("PYTHONPATH")]))}
    fast = ["AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]
    return subprocess.Popen(crawl_command(names, str(db_path), str(sources), str(log))
                            + [arg for setting in fast for arg in ("-s", setting)],
                            cwd=PROJECT_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def test_crawls_store_the_same_with_and_without_extraction_processes(site, tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(serve_pages(site, delay=1.5))
    names = [f"p{i}" for i in range(len(PAGES))] + ["cut"]
    results, in_pool = {}, {}
    for processes in ("0", "2"):
        db_path, log = tmp_path / f"p{processes}.db", tmp_path / f"p{processes}.log"
        for _ in range(2):   # a repeated run counts each page once more, never twice
            assert crawl(names, db_path, sources, log, processes).wait(timeout=120) == 0
        results[processes], in_pool[processes] = stored(db_path), pool_stat(log)
    assert results["2"] == results["0"]
    assert in_pool["0"] == 0 and in_pool["2"] > 0, in_pool
    assert [status for _source, status, *_ in results["2"]["crawls"]] == ["ok"] * 2 * len(names)
    appearances = results["2"]["appearances"]
    # The page's own lists twice; the followed stories' titles once (the second run knows them in full).
    assert {times for _s, name, *_rest, times, _pos in appearances if name != "page-title"} == {2}
    assert {text for source, _l, text, *_ in appearances if source == "cut"} >= set(STORIES.values())


def test_sigterm_ends_the_crawl_after_the_pages_it_awaits_are_stored(site, tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(serve_pages(site, delay=3.0))
    names = [f"p{i}" for i in range(len(PAGES))]
    db_path, log = tmp_path / "h.db", tmp_path / "crawl.log"
    before = {path: site.hits.get(path, 0) for path in PAGES}
    proc = crawl(names, db_path, sources, log, "1")
    try:
        workers = wait_for_workers(proc.pid)
        # every page requested, none answered yet (each answer waits 3 s)
        wait_until(lambda: all(site.hits.get(path, 0) > seen for path, seen in before.items()),
                   60, "the crawl to request every page")
        os.killpg(proc.pid, signal.SIGTERM)   # what the scheduler sends: the whole group, workers too
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    conn = sqlite3.connect(db_path)
    rows = conn.execute("SELECT source, status, items FROM crawls ORDER BY source").fetchall()
    conn.close()
    assert [(source, status) for source, status, _items in rows] == [(name, "ok") for name in names], rows
    assert all(items > 0 for *_rest, items in rows)
    assert "Received SIGTERM" in log.read_text()
    assert pool_stat(log) > 0   # the workers outlived the signal: they were drained, not killed
    assert not alive(workers)


def wait_for_workers(pid: int, timeout: float = 60.0) -> list[int]:
    """The extraction workers the crawl `pid` started (Linux /proc), once there are any."""
    if not sys.platform.startswith("linux"):
        pytest.skip("reads /proc")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = []
        for task in Path(f"/proc/{pid}/task").glob("*"):
            for child in (task / "children").read_text().split():
                cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
                if b"spiders.extract_worker" in cmdline:
                    found.append(int(child))
        if found:
            return found
        time.sleep(0.05)
    pytest.fail("no extraction worker started")


def test_workers_die_with_a_killed_crawl(site, tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(serve_pages(site, delay=3.0))
    proc = crawl(["p0", "p1"], tmp_path / "h.db", sources, tmp_path / "crawl.log", "2")
    try:
        workers = wait_for_workers(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)   # the crawl alone: nothing tells the workers but its death
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while alive(workers):
        assert time.monotonic() < deadline, f"extraction workers outlived their crawl: {alive(workers)}"
        time.sleep(0.05)


def alive(pids: list[int]) -> list[int]:
    return [pid for pid in pids if Path(f"/proc/{pid}").exists()
            and b"zombie" not in Path(f"/proc/{pid}/status").read_bytes().lower()]
