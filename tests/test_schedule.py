"""The real scheduler: `python schedule.py` with 1-2 s intervals against the local server."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import fixture_bytes
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parent.parent


def write_sources(path: Path, site, every=("1s", "2s")) -> None:
    site.add("/sched/rail.html", fixture_bytes("rail.html"))
    site.add("/sched/feed.xml", fixture_bytes("feed.xml"), content_type="application/rss+xml")
    path.write_text(f"""
[[source]]
name = "fast"
url = "{site.url('/sched/rail.html')}"
every = "{every[0]}"
max_every = "{every[0]}"

[[source]]
name = "feed"
url = "{site.url('/sched/feed.xml')}"
kind = "feed"
every = "{every[1]}"
max_every = "{every[1]}"

[[source]]
name = "down"
url = "{site.url('/sched/missing')}"
every = "{every[0]}"
""")


def runs(db_path: Path) -> list[tuple]:
    """The crawls rows; none while the scheduler is still creating the file and its tables."""
    if not db_path.exists():
        return []
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT source, started_at, finished_at, status, pid FROM crawls ORDER BY id").fetchall()
    except sqlite3.OperationalError:   # no tables yet, or the migration holds the file
        return []
    finally:
        conn.close()


def start(spawn, tmp_path: Path, *extra: str) -> subprocess.Popen:
    return spawn([sys.executable, str(ROOT / "schedule.py"), "--sources", str(tmp_path / "sources.toml"),
                             "--db", str(tmp_path / "h.db"), *extra], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                 env={**os.environ, "HEADLINES_DOWNLOAD_DELAY": "0"})  # timing under test, not politeness


def test_scheduler_runs_each_source_repeatedly_without_overlap_and_stops_on_sigterm(site, tmp_path, spawn):
    write_sources(tmp_path / "sources.toml", site)
    proc = start(spawn, tmp_path)

    def repeated() -> bool:
        assert proc.poll() is None, proc.stderr.read().decode()
        done = [r[0] for r in runs(tmp_path / "h.db") if r[2]]
        return all(done.count(name) >= 3 for name in ("fast", "feed"))
    wait_until(repeated, 120, "three finished runs of each source")
    proc.send_signal(signal.SIGTERM)
    began = time.monotonic()
    code = proc.wait(timeout=15)
    assert code == 0 and time.monotonic() - began < 10
    ledger = runs(tmp_path / "h.db")
    for name in ("fast", "feed"):
        mine = [r for r in ledger if r[0] == name]
        assert len(mine) >= 3, (name, mine)
        # Never two crawls of one source at once: each run starts after the previous one ended.
        finished = [r for r in mine if r[2]]
        for before, after in zip(finished, finished[1:]):
            assert after[1] >= before[2]
    assert all(r[3] != "running" for r in ledger)
    down = [r for r in ledger if r[0] == "down"]
    assert down and {r[3] for r in down} == {"failed"}  # and it backs off, so it runs less often
    assert {r[3] for r in ledger if r[0] == "fast"} <= {"ok", "failed"}
    # Sources due together share a process: fewer crawl processes than runs.
    assert len({r[4] for r in ledger}) < len(ledger)
    log = (tmp_path / "schedule.log").read_text()
    assert "run source=fast status=ok" in log


def test_once_runs_each_enabled_source_once_and_exits(site, tmp_path, spawn):
    write_sources(tmp_path / "sources.toml", site)
    proc = start(spawn, tmp_path, "--once")
    assert proc.wait(timeout=60) == 0, proc.stderr.read().decode()
    ledger = runs(tmp_path / "h.db")
    assert sorted(r[0] for r in ledger) == ["down", "fast", "feed"]
    assert {r[0]: r[3] for r in ledger} == {"down": "failed", "fast": "ok", "feed": "ok"}


def test_second_scheduler_on_the_same_database_refuses(site, tmp_path, spawn):
    write_sources(tmp_path / "sources.toml", site, every=("1h", "1h"))
    first = start(spawn, tmp_path)
    try:   # the first holds the lock once it crawls
        wait_until(lambda: runs(tmp_path / "h.db"), 60, "the first scheduler's runs")
        second = start(spawn, tmp_path)
        assert second.wait(timeout=30) == 1
        assert b"another scheduler is already running" in second.stderr.read()
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=15)


def test_bad_sources_file_is_a_one_line_error(tmp_path, spawn):
    (tmp_path / "sources.toml").write_text("[[source]]\nname = 'x'\nurl = \n")
    proc = start(spawn, tmp_path)
    assert proc.wait(timeout=30) == 2
    err = proc.stderr.read().decode().strip()
    assert err.startswith("error: ") and "not valid TOML" in err and len(err.splitlines()) == 1


def test_an_entry_no_clock_can_hold_is_skipped_with_one_line_and_the_rest_run(site, tmp_path, spawn):
    site.add("/sched/ok.html", fixture_bytes("rail.html"))
    (tmp_path / "sources.toml").write_text(f"""
[[source]]
name = "forever"
url = "{site.url('/sched/ok.html')}"
every = inf

[[source]]
name = "eons"
url = "{site.url('/sched/ok.html')}"
every = "99999999d"

[[source]]
name = "good"
url = "{site.url('/sched/ok.html')}"
""")
    proc = start(spawn, tmp_path, "--once")
    assert proc.wait(timeout=60) == 0, proc.stderr.read().decode()
    assert [r[0] for r in runs(tmp_path / "h.db")] == ["good"]
    log = (tmp_path / "schedule.log").read_text().splitlines()
    for name in ("forever", "eons"):
        said = [line for line in log if f"'{name}'" in line]
        assert len(said) == 1 and "ERROR" in said[0] and "entry skipped" in said[0], said


def test_thousands_of_sources_on_one_site_run_in_bounded_jobs_and_stop_within_the_grace(site, tmp_path, spawn):
    entries = []
    for i in range(2000):
        site.add(f"/many/{i}.html", fixture_bytes("rail.html"))
        entries.append(f'[[source]]\nname = "m{i:04d}"\nurl = "{site.url(f"/many/{i}.html")}"\nevery = "1h"\n')
    (tmp_path / "sources.toml").write_text("\n".join(entries))
    proc = start(spawn, tmp_path)
    threads = []

    def many_recorded() -> bool:   # sample the scheduler's threads while runs pile up
        assert proc.poll() is None, proc.stderr.read().decode()
        threads.append(len(list(Path(f"/proc/{proc.pid}/task").iterdir())))
        return len([r for r in runs(tmp_path / "h.db") if r[2]]) >= 100
    wait_until(many_recorded, 120, "100 finished runs", step=0.2)
    assert max(threads) <= 16, max(threads)   # not one thread per source
    proc.send_signal(signal.SIGTERM)
    began = time.monotonic()
    assert proc.wait(timeout=30) == 0
    assert time.monotonic() - began < 20
    ledger = runs(tmp_path / "h.db")
    assert ledger and all(r[3] != "running" for r in ledger)   # each run recorded, those the stop ended too
    assert len({r[4] for r in ledger}) <= len(ledger) / 10  # runs share crawl processes
