"""An ingest batch registers its sources in its own write transaction: a batch that fails leaves
neither its rows nor its sources, and the same file ingested again (resumed, or repeated) stores
each sighting once, as one clean ingest does."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

import pytest

from db import open_db
from headlines.ingest import ingest_file

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
ROWS = ("text,url,source,seen_at\n"
        "Council Backs Plan for the City Centre,,wire-a,2026-11-20T08:00:00Z\n"
        "Mayor Opens New Bridge Over the River,,wire-a,2026-11-20T08:00:00Z\n"
        "Storm Bert Brings Floods Across Wales,,wire-a,2026-11-20T08:00:00Z\n"
        "Harbour Road Reopens After Repairs,,wire-b,2026-11-20T09:00:00Z\n"
        "Poisoned Row Stops This Batch Midway,,wire-b,2026-11-20T09:00:00Z\n"
        "Library Extends Its Opening Hours,,wire-b,2026-11-20T09:00:00Z\n")
# A real SQLite failure in the middle of the second batch's write (no mock): inserting that headline aborts.
POISON = ("CREATE TRIGGER poison BEFORE INSERT ON headlines WHEN NEW.text LIKE 'Poisoned%' "
          "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END")


def totals(db_path) -> dict[str, object]:
    with sqlite3.connect(db_path) as conn:
        return {
            "sources": conn.execute("SELECT group_concat(name || ':' || kind) FROM "
                                    "(SELECT name, kind FROM sources ORDER BY name)").fetchone()[0],
            "headlines": conn.execute("SELECT count(*) FROM headlines").fetchone()[0],
            "sightings": conn.execute("SELECT source, sum(sightings) FROM sightings_hourly GROUP BY source "
                                      "ORDER BY source").fetchall(),
            "times_seen": conn.execute("SELECT sum(times_seen) FROM appearances").fetchone()[0],
        }


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of three rows, so the file's two moments are two batches (two transactions)."""
    monkeypatch.setattr("headlines.ingest.BATCH_ROWS", 3)


def test_a_failed_batch_keeps_neither_its_rows_nor_its_sources(tmp_path, small_batches):
    path = tmp_path / "rows.csv"
    path.write_text(ROWS)
    db = open_db(tmp_path / "h.db")
    db.execute(POISON)
    db.conn.commit()
    with pytest.raises(sqlite3.IntegrityError, match="poisoned row"):
        ingest_file(db, path, source="desk", seen_at="2026-11-20T10:00:00Z", now=NOW)
    db.close()
    after = totals(tmp_path / "h.db")
    assert after["sources"] == "wire-a:ingested"      # wire-b's batch failed: no source without its rows
    assert after["headlines"] == 3 and after["sightings"] == [("wire-a", 3)]


def test_resumed_and_repeated_ingests_count_each_sighting_once(tmp_path, small_batches):
    path = tmp_path / "rows.csv"
    path.write_text(ROWS)
    once = open_db(tmp_path / "once.db")
    ingest_file(once, path, source="desk", seen_at="2026-11-20T10:00:00Z", now=NOW)
    once.close()
    expected = totals(tmp_path / "once.db")
    assert expected["sources"] == "wire-a:ingested,wire-b:ingested" and expected["headlines"] == 6

    db = open_db(tmp_path / "h.db")
    db.execute(POISON)
    db.conn.commit()
    with pytest.raises(sqlite3.IntegrityError):
        ingest_file(db, path, source="desk", seen_at="2026-11-20T10:00:00Z", now=NOW)
    db.execute("DROP TRIGGER poison")
    db.conn.commit()
    resumed = ingest_file(db, path, source="desk", seen_at="2026-11-20T10:00:00Z", now=NOW)
    assert resumed.new_headlines == 3          # the failed batch's rows, and nothing of the first batch again
    assert totals(tmp_path / "h.db") == expected
    repeated = ingest_file(db, path, source="desk", seen_at="2026-11-20T10:00:00Z", now=NOW)
    db.close()
    assert repeated.new_headlines == 0
    assert totals(tmp_path / "h.db") == expected
