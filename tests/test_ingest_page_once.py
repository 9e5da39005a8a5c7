"""An ingested page or feed is one write transaction (its source, the site name it gives, its
sightings): a page whose write fails leaves none of them, and the same page at the same moment
again (resumed after the failure, repeated, the file given twice) counts each sighting once."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

import pytest

from db import open_db
from headlines.ingest import ingest_file
from tests.serving import run_cli

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
SEEN = "2026-11-20T10:00:00Z"
PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Latest | Harbour Gazette</title>
<meta property="og:site_name" content="Harbour Gazette"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<section class="latest"><h2>Latest News</h2><ul>
<li><a href="/news/2026/11/council-backs-plan">Council Backs Plan for the City Centre</a></li>
<li><a href="/news/2026/11/mayor-opens-bridge">Mayor Opens New Bridge Over the River</a></li>
<li><a href="/news/2026/11/poisoned-row">Poisoned Row Stops This Page Midway</a></li>
<li><a href="/news/2026/11/harbour-road">Harbour Road Reopens After Repairs</a></li>
<li><a href="/news/2026/11/library-hours">Library Extends Its Opening Hours</a></li>
</ul></section></body></html>
"""
# A real SQLite failure in the middle of the page's write (no mock): inserting that headline aborts.
POISON = ("CREATE TRIGGER poison BEFORE INSERT ON headlines WHEN NEW.text LIKE 'Poisoned%' "
          "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END")


def totals(db_path) -> dict[str, object]:
    with sqlite3.connect(db_path) as conn:
        return {
            "sources": conn.execute("SELECT name, kind, site_name FROM sources ORDER BY name").fetchall(),
            "headlines": conn.execute("SELECT count(*) FROM headlines").fetchone()[0],
            "sightings": conn.execute("SELECT source, sum(sightings) FROM sightings_hourly GROUP BY source").fetchall(),
            "times_seen": conn.execute("SELECT sum(times_seen) FROM appearances").fetchone()[0],
        }


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "latest.html"
    path.write_text(PAGE)
    return path


def ingest(db, path):
    return ingest_file(db, path, source="gazette", seen_at=SEEN, url="https://gazette.test/", now=NOW)


def test_a_page_whose_write_fails_leaves_nothing(tmp_path, page):
    db = open_db(tmp_path / "h.db")
    db.execute(POISON)
    db.conn.commit()
    with pytest.raises(sqlite3.IntegrityError, match="poisoned row"):
        ingest(db, page)
    db.close()
    assert totals(tmp_path / "h.db") == {"sources": [], "headlines": 0, "sightings": [], "times_seen": None}


def test_resumed_and_repeated_pages_count_each_sighting_once(tmp_path, page):
    once = open_db(tmp_path / "once.db")
    assert ingest(once, page).items == 5
    once.close()
    expected = totals(tmp_path / "once.db")
    assert expected["sources"] == [("gazette", "ingested", "Harbour Gazette")]
    assert expected["sightings"] == [("gazette", 5)]

    db = open_db(tmp_path / "h.db")
    db.execute(POISON)
    db.conn.commit()
    with pytest.raises(sqlite3.IntegrityError):
        ingest(db, page)
    db.execute("DROP TRIGGER poison")
    db.conn.commit()
    resumed = ingest(db, page)
    assert (resumed.items, resumed.new_headlines) == (5, 5)
    assert totals(tmp_path / "h.db") == expected
    again = ingest(db, page)
    db.close()
    assert (again.items, again.new_headlines) == (0, 0)
    assert totals(tmp_path / "h.db") == expected


def test_the_same_page_given_twice_counts_once_and_later_moments_count(tmp_path, page):
    """The command a user re-runs: the file twice in one command, then the page at a later moment."""
    db_path = tmp_path / "h.db"
    done = run_cli(db_path, "ingest", str(page), str(page), "--source", "gazette", "--seen-at", SEEN,
                   "--url", "https://gazette.test/")
    assert done.returncode == 0, done.stderr
    assert totals(db_path)["sightings"] == [("gazette", 5)]
    later = run_cli(db_path, "ingest", str(page), "--source", "gazette", "--seen-at", "2026-11-20T11:00:00Z",
                    "--url", "https://gazette.test/")
    assert later.returncode == 0, later.stderr
    assert totals(db_path)["sightings"] == [("gazette", 10)] and totals(db_path)["headlines"] == 5
    rebuilt = run_cli(db_path, "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert totals(db_path)["sightings"] == [("gazette", 10)]
