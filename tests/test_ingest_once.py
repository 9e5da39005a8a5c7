"""Ingest is idempotent: a sighting (source, list, key, seen_at) is stored once however often it
arrives. An ingest killed with SIGKILL mid-file and run again ends with the totals of a clean run."""
from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from db import open_db
from headlines.ingest import BATCH_ROWS, ingest_file

TOTALS = {
    "headlines": "SELECT count(*) FROM headlines",
    "sightings": "SELECT sum(times_seen) FROM appearances",
    "hourly": "SELECT sum(sightings) FROM sightings_hourly",
    "appearances": "SELECT count(*) FROM appearances",
    "captures": "SELECT count(*), sum(times_seen) FROM captures",
}


def write_rows(path: Path, count: int, seed: int = 3) -> None:
    """Rows over two days from a few sources; one in four repeats an earlier headline."""
    rng = random.Random(seed)
    texts: list[str] = []
    with path.open("w") as out:
        for i in range(count):
            if texts and rng.random() < 0.25:
                text = rng.choice(texts)
            else:
                text = f"Council {rng.choice(['Backs', 'Blocks', 'Delays'])} Plan Number {i} for the City Centre"
                texts.append(text)
            minute = i * 2880 // count
            seen = f"2026-11-{1 + minute // 1440:02d}T{minute % 1440 // 60:02d}:{minute % 60:02d}:00Z"
            out.write(json.dumps({"text": text, "source": f"s{rng.randrange(5)}", "seen_at": seen}) + "\n")


def totals(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        return {name: conn.execute(sql).fetchall() for name, sql in TOTALS.items()}
    finally:
        conn.close()


def ingest_command(db_path: Path, rows: Path) -> list[str]:
    return [sys.executable, "-c", "from headlines.cli import cli; cli()", "--db", str(db_path), "ingest", str(rows)]


def test_the_same_file_twice_adds_nothing(tmp_path, db):
    rows = tmp_path / "rows.jsonl"
    write_rows(rows, 3000)
    first = ingest_file(db, rows, source="x", seen_at="2026-11-01T00:00:00Z")
    before = totals(tmp_path / "headlines.db")
    again = ingest_file(db, rows, source="x", seen_at="2026-11-01T00:00:00Z")
    assert first.items > 2000 and again.items == 0 and again.new_headlines == 0
    assert totals(tmp_path / "headlines.db") == before


def test_rows_of_one_moment_split_over_two_files_count_once(tmp_path, db):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    row = {"source": "wire", "seen_at": "2026-11-02T10:00:00Z"}
    one.write_text("\n".join(json.dumps({**row, "text": t}) for t in ("Rain Ends Drought", "Stocks Close Lower")))
    two.write_text("\n".join(json.dumps({**row, "text": t}) for t in ("Stocks Close Lower", "Oil Slides Again")))
    ingest_file(db, one, source="x", seen_at="2026-11-01T00:00:00Z")
    written = ingest_file(db, two, source="x", seen_at="2026-11-01T00:00:00Z")
    assert written.items == 1  # only the headline that moment had not shown yet
    assert db.execute("SELECT sum(times_seen) FROM appearances").fetchone()[0] == 3


def test_sigkill_mid_ingest_then_rerun_equals_a_clean_run(tmp_path):
    rows = tmp_path / "rows.jsonl"
    write_rows(rows, 2 * BATCH_ROWS)  # two transactions at least: the kill lands after the first
    clean, killed = tmp_path / "clean.db", tmp_path / "killed.db"
    subprocess.run(ingest_command(clean, rows), check=True, capture_output=True, timeout=600)
    open_db(killed).close()
    proc = subprocess.Popen(ingest_command(killed, rows), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watcher = sqlite3.connect(killed, timeout=30)
    deadline = time.monotonic() + 300
    while watcher.execute("SELECT count(*) FROM row_moments").fetchone()[0] == 0:
        assert proc.poll() is None and time.monotonic() < deadline, "the ingest ended before it could be killed"
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    watcher.close()
    partial = totals(killed)
    assert partial["sightings"][0][0] < totals(clean)["sightings"][0][0]  # killed mid-file
    subprocess.run(ingest_command(killed, rows), check=True, capture_output=True, timeout=600)
    assert totals(killed) == totals(clean)


def write_timeless_rows(path: Path, count: int, seed: int = 4) -> None:
    """Rows without seen_at (all at the ingest's --seen-at) from interleaved sources; repeats
    within a source, so a later batch meets sightings an earlier one counted."""
    rng = random.Random(seed)
    with path.open("w") as out:
        for _ in range(count):
            out.write(json.dumps({"text": f"Council Backs Plan Number {rng.randrange(count // 2)} for the City Centre",
                                  "source": f"s{rng.randrange(7)}"}) + "\n")


def test_batches_of_one_time_read_each_capture_once_and_count_each_sighting_once(tmp_path, db, monkeypatch):
    import headlines.ingest as ingest
    monkeypatch.setattr(ingest, "BATCH_ROWS", 150)   # a batch of 300 rows when the time never changes
    rows = tmp_path / "rows.jsonl"
    write_timeless_rows(rows, 2400)
    distinct = {(r["source"], r["text"]) for r in map(json.loads, rows.read_text().splitlines())}
    reads: list[str] = []
    db.conn.set_trace_callback(lambda sql: reads.append(sql) if "payload FROM captures WHERE id" in sql else None)
    first = ingest_file(db, rows, source="x", seen_at="2026-11-01T00:00:00Z")
    db.conn.set_trace_callback(None)
    batches = db.execute("SELECT count(*) FROM captures").fetchone()[0]
    assert batches == 8 and len(reads) == 1   # the second batch reads the first's capture; then the ledger knows
    assert first.items == len(distinct) == db.execute("SELECT sum(times_seen) FROM appearances").fetchone()[0]
    before = totals(tmp_path / "headlines.db")
    again = ingest_file(db, rows, source="x", seen_at="2026-11-01T00:00:00Z")
    assert (again.items, again.new_headlines) == (0, 0) and totals(tmp_path / "headlines.db") == before
    # An ingest stopped after some batches (a prefix of the file), then run whole: the same totals.
    resumed = open_db(tmp_path / "resumed.db")
    part = tmp_path / "part.jsonl"
    part.write_text("".join(rows.read_text().splitlines(keepends=True)[:1000]))
    ingest_file(resumed, part, source="x", seen_at="2026-11-01T00:00:00Z")
    rest = ingest_file(resumed, rows, source="x", seen_at="2026-11-01T00:00:00Z")
    resumed.close()
    assert 0 < rest.items < first.items
    sightings = {name: value for name, value in before.items() if name != "captures"}   # (two ingests: more)
    assert {name: value for name, value in totals(tmp_path / "resumed.db").items() if name != "captures"} == sightings


def test_a_run_of_one_source_and_time_longer_than_a_batch_counts_as_one_page(tmp_path, monkeypatch):
    """A .txt file at one --seen-at is one run of rows: cut into batches, it still stores each
    key once with the position one page gives it (repeats leave no gap)."""
    import headlines.ingest as ingest
    rng = random.Random(6)
    rows = tmp_path / "rows.txt"
    rows.write_text("".join(f"Council Backs Plan Number {rng.randrange(400)} for the City Centre\n"
                            for _ in range(1000)))
    sightings = ("SELECT h.key, a.source, a.first_seen, a.times_seen, a.best_position FROM appearances a "
                 "JOIN headlines h ON h.id = a.headline_id ORDER BY h.key")
    found = {}
    for name, batch_rows in (("whole", BATCH_ROWS), ("parts", 60)):
        monkeypatch.setattr(ingest, "BATCH_ROWS", batch_rows)
        db = open_db(tmp_path / f"{name}.db")
        written = ingest_file(db, rows, source="wire", seen_at="2026-11-01T00:00:00Z")
        found[name] = (written.items, db.execute(sightings).fetchall(),
                       db.execute("SELECT count(*) FROM captures").fetchone()[0])
        db.close()
    assert found["whole"][2] == 1 and found["parts"][2] > 4   # one batch, then several
    assert found["parts"][:2] == found["whole"][:2]
    assert max(best for *_, best in found["whole"][1]) == found["whole"][0] > 300
