"""Sources only `headlines ingest` brings (a row's `source` column, `--source`): listed by status,
the API and the dashboard like crawled sources, as kind 'ingested', and never crawled or planned."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from db import open_db
from db.due import seed, state_of
from db.ledger import note_site_name, register_ingested, sync_sources
from db.migrations import migrations
from headlines.config import Source
from tests.serving import run_cli, start_server

ROOT = Path(__file__).resolve().parent.parent
SEEN = "2026-11-20T10:00:00Z"
ROWS = ("text,url,source,seen_at\n"
        f"Council Backs Plan for the City Centre,,wire-a,{SEEN}\n"
        f"Mayor Opens New Bridge Over the River,,wire-b,{SEEN}\n")
PAGE = ("<html><body><h2>Most Read</h2><ul>"
        + "".join(f"<li><a href='/s{n}'>Local Team Wins Cup Final Number {n} at Home</a></li>" for n in range(6))
        + "</ul></body></html>")


def ingested(tmp_path: Path) -> Path:
    db_path = tmp_path / "h.db"
    (tmp_path / "rows.csv").write_text(ROWS)
    (tmp_path / "paper.txt").write_text("Storm Bert Brings Floods Across Wales\n")
    (tmp_path / "sources.toml").write_text('[[source]]\nname = "site"\nurl = "http://127.0.0.1:9/"\n')
    done = run_cli(db_path, "ingest", str(tmp_path / "rows.csv"), str(tmp_path / "paper.txt"), "--source", "paper",
                   "--seen-at", SEEN)
    assert done.returncode == 0, done.stderr
    return db_path


def test_status_and_the_api_list_sources_only_ingest_brought(tmp_path):
    db_path = ingested(tmp_path)
    shown = run_cli(db_path, "status", "--sources", str(tmp_path / "sources.toml"), "--json")
    assert shown.returncode == 0, shown.stderr
    rows = {row["source"]: row for row in json.loads(shown.stdout)["sources"]}
    assert set(rows) == {"paper", "wire-a", "wire-b", "site"}
    for name in ("paper", "wire-a", "wire-b"):
        assert (rows[name]["kind"], rows[name]["enabled"], rows[name]["next_run"], rows[name]["last_run"],
                rows[name]["failures_in_row"]) == ("ingested", 0, None, None, 0)
    assert rows["site"]["kind"] == "html" and rows["site"]["enabled"] == 1
    server = start_server(db_path)   # the dashboard's source picker lists what /api/sources answers
    try:
        assert server.json("/api/sources") == json.loads(shown.stdout)
        assert server.get("/api/top?source=wire-a&since=2026-11-20T00:00:00Z&until=2026-11-21T00:00:00Z")[0] == 200
    finally:
        server.stop()


def test_the_scheduler_and_crawl_never_run_an_ingested_source(tmp_path, site):
    db_path = ingested(tmp_path)
    site.add("/", PAGE)
    (tmp_path / "sources.toml").write_text(f'[[source]]\nname = "site"\nurl = "{site.url("/")}"\nevery = "1m"\n')
    done = subprocess.run([sys.executable, str(ROOT / "schedule.py"), "--sources", str(tmp_path / "sources.toml"),
                           "--db", str(db_path), "--once"], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(db_path)
    assert [r[0] for r in conn.execute("SELECT DISTINCT source FROM crawls")] == ["site"]
    assert [r[0] for r in conn.execute("SELECT source FROM source_state")] == ["site"]
    conn.close()
    refused = run_cli(db_path, "crawl", "--sources", str(tmp_path / "sources.toml"), "--source", "wire-a")
    assert refused.returncode == 2 and "no valid source named 'wire-a'" in refused.stderr, refused.stderr


def test_a_name_sources_toml_also_uses_is_that_entry(db):
    register_ingested(db, ["wire", "paper"])
    sync_sources(db, [Source("wire", "https://wire.example/")])   # configured later: crawled from now on
    register_ingested(db, ["wire"])                               # a later ingest leaves the entry alone
    kinds = {r[0]: r[1:] for r in db.execute("SELECT name, kind, enabled, url FROM sources")}
    assert kinds == {"wire": ("html", 1, "https://wire.example/"), "paper": ("ingested", 0, None)}
    seed(db, SEEN, keep_runs=False)
    assert state_of(db, "wire") and state_of(db, "paper") == {}


def test_an_older_database_registers_its_ingested_sources(tmp_path):
    db = open_db(tmp_path / "old.db", migrate=False)
    migrations.apply(db, stop_before="m018_ingested_sources")
    sync_sources(db, [Source("site", "https://site.example/")])
    for source in ("wire-b", "site", "wire-a"):
        db.execute("INSERT INTO appearances (headline_id, source, list_name, first_seen, last_seen, times_seen) "
                   "VALUES (1, ?, 'ingest', ?, ?, 1)", [source, SEEN, SEEN])
    db.conn.commit()
    note_site_name(db, "paper", "The Paper")             # as an ingested page with a site name left it
    db.execute("UPDATE sources SET kind = NULL WHERE name = 'paper'")
    db.conn.commit()
    db.close()
    db = open_db(tmp_path / "old.db")
    assert db.execute("SELECT name, kind, enabled FROM sources ORDER BY name").fetchall() == [
        ("paper", "ingested", 0), ("site", "html", 1), ("wire-a", "ingested", 0), ("wire-b", "ingested", 0)]
    db.close()
