"""Two ingests at once on one database: both finish, nothing is lost or counted twice.

The aggregate step of each creates topic rows; they are looked up and created inside the write
transaction, so the two never race on a topic's key."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from db import open_db

HEADLINES = Path(sys.executable).with_name("headlines")
NAMES = ["Taylor Swift", "Golden Globes", "Federal Reserve", "Apple", "Nikki Glaser", "Geneva"]


FIRST = ["Maya", "Jonas", "Priya", "Tomas", "Leila", "Oskar", "Nadia", "Rafael", "Ingrid", "Kenji"]
LAST = ["Okafor", "Lindqvist", "Ramirez", "Novak", "Haddad", "Brennan", "Sato", "Moreau", "Kowalski", "Adeyemi"]


def write_rows(path: Path, source: str, count: int) -> None:
    """Many distinct people, each named in several headlines: every batch creates new topics."""
    rows = []
    for n in range(count):
        person = f"{FIRST[n % 10]} {LAST[(n // 10) % 10]}"
        rows.append({"text": f"{person} Joins {NAMES[n % len(NAMES)]} Panel, Report {n} From {source.title()}",
                     "source": source, "seen_at": f"2026-11-{1 + n % 20:02d}T{n % 24:02d}:00:00Z"})
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")


def test_two_ingests_at_once_both_complete(tmp_path):
    db = tmp_path / "h.db"
    open_db(db).close()   # schema first (`status` no longer creates a missing database)
    files = []
    for source in ("wire", "gossip"):
        path = tmp_path / f"{source}.jsonl"
        write_rows(path, source, 3000)
        files.append(path)
    procs = [subprocess.Popen([str(HEADLINES), "--db", str(db), "ingest", str(path)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for path in files]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM headlines").fetchone()[0] == 6000
    assert conn.execute("SELECT sum(sightings) FROM sightings_hourly").fetchone()[0] == 6000
    topics = {name for (name,) in conn.execute("SELECT name FROM topics")}
    assert {"Maya Okafor", "Jonas Lindqvist"} <= topics
    assert conn.execute("SELECT count(*) FROM headline_topics ht LEFT JOIN topics t ON t.id = ht.topic_id "
                        "WHERE t.id IS NULL").fetchone()[0] == 0
