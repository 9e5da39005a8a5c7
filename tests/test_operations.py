"""Running for months: one real scheduler against a local site of misbehaving sources, a
webhook receiver for alerts, SIGKILL + restart, and the hard crawl timeout."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from headlines.cli import cli
from tests.conftest import fixture_bytes, route
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parent.parent
RAIL = fixture_bytes("rail.html")
RELAYOUT = RAIL.replace(b'class="videos"', b'class="clips"')


@pytest.fixture
def webhook():
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    server.shutdown()
    server.server_close()


def ledger(db_path: Path, source: str | None = None) -> list[dict]:
    """The crawls rows (of one source); none yet while the scheduler is still creating the file."""
    if not db_path.exists():
        return []
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        sql = "SELECT * FROM crawls" + (" WHERE source = ?" if source else "") + " ORDER BY id"
        return [dict(r) for r in conn.execute(sql, [source] if source else [])]
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


def alive(pid: int) -> bool:
    """True for a running process; a zombie (dead, not yet reaped) counts as gone."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")


def scheduler(spawn, tmp_path: Path, **env) -> subprocess.Popen:
    return spawn([sys.executable, str(ROOT / "schedule.py"), "--sources", str(tmp_path / "sources.toml"),
                             "--db", str(tmp_path / "h.db")], cwd=tmp_path, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE,
                 env={**os.environ, "HEADLINES_DOWNLOAD_DELAY": "0", **env})  # timing under test, not politeness


def test_misbehaving_sources_get_their_status_back_off_and_alert_once(site, tmp_path, webhook, spawn):
    hook_url, alerts = webhook
    site.add("/ops/etag.html", RAIL, etag='"v1"')
    # Five failed runs: each run tries twice (RETRY_TIMES = 1), so ten failed answers.
    site.add("/ops/flaky.html", "down", status=500, times=10, then=route(RAIL))
    site.add("/ops/layout.html", RAIL, times=3, then=route(RELAYOUT))
    site.add("/ops/slow.html", RAIL, delay=10)
    site.add("/private/ops.html", RAIL)
    (tmp_path / "sources.toml").write_text(f"""
[alerts]
webhook = "{hook_url}"
failures = 2
cooldown = "1h"

[[source]]
name = "etag"
url = "{site.url('/ops/etag.html')}"
every = "1s"
max_every = "1s"

[[source]]
name = "flaky"
url = "{site.url('/ops/flaky.html')}"
every = "0.5s"
max_every = "0.5s"

[[source]]
name = "layout"
url = "{site.url('/ops/layout.html')}"
every = "1s"
max_every = "1s"
[[source.lists]]
name = "watch-next"
items = "ul.videos li a"
text = ".t"

[[source]]
name = "slow"
url = "{site.url('/ops/slow.html')}"
every = "1s"
max_every = "1s"

[[source]]
name = "robots"
url = "{site.url('/private/ops.html')}"
every = "1s"
max_every = "1s"
""")
    proc = scheduler(spawn, tmp_path, HEADLINES_DOWNLOAD_TIMEOUT="4")  # a slow run lasts 2 x 4 s
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:
        flaky = ledger(tmp_path / "h.db", "flaky")
        if any(r["status"] == "ok" for r in flaky) and len(ledger(tmp_path / "h.db", "layout")) >= 5:
            break
        time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=20) == 0, proc.stderr.read().decode()[-2000:]
    db = tmp_path / "h.db"

    etag = [r["status"] for r in ledger(db, "etag")]
    assert etag[0] == "ok" and "not_modified" in etag[1:]
    assert any(h.get("If-None-Match") == '"v1"' for h in site.headers["/ops/etag.html"])
    # A 304 costs no parsing, yet the unchanged list counts as seen again.
    runs = [r for r in ledger(db, "etag") if r["status"] in ("ok", "not_modified")]  # not the one ended by SIGTERM
    assert all(r["items"] == runs[0]["items"] and r["new_headlines"] == 0 for r in runs[1:])
    conn = sqlite3.connect(db)
    seen = {n for (n,) in conn.execute("SELECT times_seen FROM appearances WHERE source = 'etag'")}
    conn.close()
    assert seen == {len(runs)}

    flaky = ledger(db, "flaky")
    statuses = [r["status"] for r in flaky]
    assert statuses[:5] == ["failed"] * 5 and "ok" in statuses[5:]
    starts = [time.mktime(time.strptime(r["started_at"], "%Y-%m-%dT%H:%M:%SZ")) for r in flaky[:6]]
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert max(gaps) >= 1.0  # backed off beyond the 0.5 s interval

    layout = [r["status"] for r in ledger(db, "layout")]
    assert layout[:3] == ["ok"] * 3 and "degraded" in layout[3:]
    assert "pinned list" in next(r["error"] for r in ledger(db, "layout") if r["status"] == "degraded")

    slow = ledger(db, "slow")
    assert slow and slow[0]["status"] == "failed" and "timed out" in slow[0]["error"]
    assert {r["status"] for r in ledger(db, "robots")} == {"failed"}
    assert "robots.txt" in ledger(db, "robots")[0]["error"]
    # A slow batch-mate holds back no one: etag starts new runs while a slow run is going on.
    assert any(slow[0]["started_at"] < r["started_at"] < slow[0]["finished_at"] for r in ledger(db, "etag"))

    kinds = sorted((a["kind"], a.get("source")) for a in alerts)
    assert kinds.count(("source_failing", "flaky")) == 1
    assert kinds.count(("source_degraded", "layout")) == 1
    assert kinds.count(("source_failing", "robots")) == 1
    conn = sqlite3.connect(db)
    state = dict(conn.execute("SELECT source, failures FROM source_state").fetchall())
    conn.close()
    assert state["flaky"] == 0 and state["robots"] >= 2


def test_sigkill_mid_crawl_then_restart_keeps_the_ledger_and_data(site, tmp_path, spawn):
    site.add("/kill/fast.html", RAIL)
    site.add("/kill/slow.html", RAIL, delay=8)
    (tmp_path / "sources.toml").write_text(f"""
[[source]]
name = "fast"
url = "{site.url('/kill/fast.html')}"
every = "1s"
max_every = "1s"

[[source]]
name = "slow"
url = "{site.url('/kill/slow.html')}"
every = "1h"
""")
    db = tmp_path / "h.db"
    proc = scheduler(spawn, tmp_path)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        rows = ledger(db)
        if any(r["source"] == "slow" and r["status"] == "running" for r in rows) and \
                any(r["source"] == "fast" and r["status"] == "ok" for r in rows):
            break
        time.sleep(0.2)
    proc.kill()
    proc.wait(timeout=10)
    killed = next(r for r in ledger(db) if r["source"] == "slow")
    assert killed["status"] == "running"
    wait_until(lambda: not alive(killed["pid"]), 30, "the crawl process to die with its scheduler")
    headlines_before = sqlite3.connect(db).execute("SELECT count(*) FROM headlines").fetchone()[0]
    assert headlines_before == 4

    again = scheduler(spawn, tmp_path)

    def recovered() -> bool:
        rows = ledger(db)
        return (next(r for r in rows if r["id"] == killed["id"])["status"] == "failed"
                and sum(r["source"] == "fast" and r["id"] > killed["id"] and r["status"] == "ok" for r in rows) >= 2)
    wait_until(recovered, 90, "the killed run recorded as failed and two new runs")
    again.send_signal(signal.SIGTERM)
    assert again.wait(timeout=20) == 0
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM headlines").fetchone()[0] == headlines_before
    status, error = conn.execute("SELECT status, error FROM crawls WHERE id = ?", [killed["id"]]).fetchone()
    assert status == "failed" and error.startswith("abandoned")
    later = conn.execute("SELECT count(*) FROM crawls WHERE source = 'fast' AND id > ?", [killed["id"]]).fetchone()[0]
    assert later >= 2
    # The hourly source ran just before the kill: its next run follows the ledger, not the restart.
    assert conn.execute("SELECT count(*) FROM crawls WHERE source = 'slow'").fetchone()[0] == 1
    conn.close()


def test_hard_timeout_ends_the_crawl_process_and_records_it(site, tmp_path):
    site.add("/hard/slow.html", RAIL, delay=20)
    (tmp_path / "sources.toml").write_text(f"""
[[source]]
name = "stuck"
url = "{site.url('/hard/slow.html')}"
timeout = "3s"
""")
    began = time.monotonic()
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "h.db"), "crawl", "--sources",
                                      str(tmp_path / "sources.toml"), "--json"])
    assert time.monotonic() - began < 15
    run = json.loads(result.stdout)["crawls"][0]
    assert run["status"] == "failed" and run["error"].startswith("timed out after 3s")
    assert result.exit_code == 1
