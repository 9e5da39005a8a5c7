"""Counting and trending end to end: a time series ingested with --seen-at, then top, trending,
--at, stories, topic, coverage and rebuild answers read from the real database file."""
from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from db import open_db
from db.queries import coverage, top_topics
from headlines.cli import cli

BASELINE = {  # one quiet mention a day for a week, plus unrelated news
    f"2026-11-0{d}T09:00:00Z": [f"Ukraine Talks Resume in Geneva, Day {d} Brings No Breakthrough",
                                f"Local Council Approves Budget for Parks, Vote {d}"]
    for d in range(1, 8)
}
BURST = {  # then a topic bursts across three sources
    "2026-11-08T10:00:00Z": [("wire", "Taylor Swift Announces Surprise Album 'Midnight Letters'"),
                             ("gossip", "Taylor Swift Drops Surprise Album at Midnight"),
                             ("tv", "Fans React as Taylor Swift Releases Surprise Album"),
                             ("wire", "Taylor Swift's 'Midnight Letters' Breaks Streaming Records"),
                             ("wire", "UPDATE 1-Taylor Swift announces surprise album 'Midnight Letters'")],
}


def run(db_path, *args):
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def series(tmp_path, db_path):
    for when, texts in BASELINE.items():
        path = tmp_path / f"{when[:10]}.txt"
        path.write_text("\n".join(texts))
        run(db_path, "ingest", str(path), "--source", "wire", "--seen-at", when)
    rows = [{"text": text, "source": source, "seen_at": when}
            for when, items in BURST.items() for source, text in items]
    (tmp_path / "burst.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    run(db_path, "ingest", str(tmp_path / "burst.jsonl"))
    return db_path


def topics_of(result) -> dict[str, dict]:
    return {t["topic"]: t for t in json.loads(result.stdout)["topics"]}


def test_top_counts_distinct_headlines_and_stories(series):
    top = topics_of(run(series, "top", "--since", "2026-11-08", "--until", "2026-11-09", "--json"))
    swift = top["Taylor Swift"]
    assert swift["headlines"] == 5 and swift["sources"] == 3
    assert swift["stories"] < swift["headlines"]  # the UPDATE 1- rewrite joins its original story
    assert "Ukraine" not in top  # nothing about it that day


def test_trending_says_new_and_rising(series):
    out = topics_of(run(series, "trending", "--window", "24h", "--at", "2026-11-09T00:00:00Z",
                        "--baseline", "7d", "--json"))
    assert out["Taylor Swift"]["why"].startswith("new") and "on 3 sources" in out["Taylor Swift"]["why"]
    assert "Ukraine" not in out  # steady, not trending


def test_a_headline_seen_in_many_hours_counts_once(tmp_path, db_path):
    others = tmp_path / "others.txt"
    others.write_text("Golden Globes 2027 Host Announced\nGolden Globes Add New Podcast Category\n")
    run(db_path, "ingest", str(others), "--source", "desk", "--seen-at", "2026-11-20T07:00:00Z")
    rail = tmp_path / "rail.txt"
    rail.write_text("Golden Globes 2027: Full List of Nominees Revealed\n")
    for hour in range(8, 14):
        run(db_path, "ingest", str(rail), "--source", "rail", "--seen-at", f"2026-11-20T{hour:02d}:05:00Z")
    top = topics_of(run(db_path, "top", "--since", "2026-11-20", "--until", "2026-11-21", "--json"))
    assert top["Golden Globes"]["headlines"] == 3 and top["Golden Globes"]["sightings"] == 8
    late = topics_of(run(db_path, "top", "--since", "2026-11-20T10:00", "--until", "2026-11-21", "--json"))
    assert "Golden Globes" not in late  # still on show, but no headline first seen in this window


def test_at_answers_the_window_ending_then(series):
    at = topics_of(run(series, "top", "--window", "24h", "--at", "2026-11-08T12:00:00Z", "--json"))
    span = topics_of(run(series, "top", "--since", "2026-11-07T12:00:00Z", "--until", "2026-11-08T12:00:00Z",
                         "--json"))
    assert at == span and at["Taylor Swift"]["headlines"] == 5


def test_default_window_ends_at_the_newest_sighting_not_the_clock(series):
    out = json.loads(run(series, "top", "--json").stdout)  # no --until: the data's own time
    assert (out["since"], out["until"]) == ("2026-11-07T11:00:00Z", "2026-11-08T11:00:00Z")
    assert topics_of(run(series, "top", "--json"))["Taylor Swift"]["headlines"] == 5


def test_stories_group_rewrites_and_keep_their_texts(series):
    stories = json.loads(run(series, "stories", "--since", "2026-11-08", "--until", "2026-11-09",
                             "--json").stdout)["stories"]
    by_text = {h["text"]: story["id"] for story in stories for h in story["headlines"]}
    original = by_text["Taylor Swift Announces Surprise Album 'Midnight Letters'"]
    assert by_text["UPDATE 1-Taylor Swift announces surprise album 'Midnight Letters'"] == original
    assert by_text["Taylor Swift's 'Midnight Letters' Breaks Streaming Records"] != original  # another claim
    assert len(stories) < 5


def test_topic_shows_series_and_headlines(series):
    out = json.loads(run(series, "topic", "Taylor Swift", "--since", "2026-11-01", "--until", "2026-11-09",
                         "--json").stdout)
    assert [p["hour"] for p in out["series"]] == ["2026-11-08T10:00:00Z"]
    assert len(out["headlines"]) == 5
    table = run(series, "topic", "Taylor Swift", "--since", "2026-11-01", "--until", "2026-11-09").stdout
    assert "Taylor Swift" in table and "█" in table


def test_failed_crawls_lower_coverage_instead_of_reading_as_a_drop(db_path):
    db = open_db(db_path)
    db["sources"].insert({"name": "s", "url": "http://s.test/", "kind": "html", "every_seconds": 3600.0,
                          "enabled": 1})
    for hour in range(24):
        status = "ok" if hour < 12 else "failed"
        db["crawls"].insert({"source": "s", "started_at": f"2026-11-20T{hour:02d}:00:00Z", "status": status,
                             "items": 10, "new_headlines": 0})
    assert coverage(db, "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z") == pytest.approx(0.5)
    assert coverage(db, "2026-11-20T00:00:00Z", "2026-11-20T12:00:00Z") == pytest.approx(1.0)
    db.execute("UPDATE crawls SET status = 'degraded' WHERE started_at = '2026-11-20T03:00:00Z'")
    assert coverage(db, "2026-11-20T00:00:00Z", "2026-11-20T12:00:00Z") == pytest.approx(11 / 12)
    # Time before the source's first run is not a gap.
    assert coverage(db, "2026-11-13T00:00:00Z", "2026-11-20T12:00:00Z") == pytest.approx(11 / 12)


def test_rebuild_recomputes_the_same_answers(series):
    before = topics_of(run(series, "top", "--since", "2026-11-01", "--until", "2026-11-09", "--json"))
    conn = sqlite3.connect(series)
    conn.execute("UPDATE headlines SET text = 'tampered'")  # derived data gone wrong
    conn.commit()
    conn.close()
    run(series, "rebuild")
    after = topics_of(run(series, "top", "--since", "2026-11-01", "--until", "2026-11-09", "--json"))
    assert {k: v["headlines"] for k, v in after.items()} == {k: v["headlines"] for k, v in before.items()}
    listed = json.loads(run(series, "headlines", "--since", "2026-11-01", "--until", "2026-11-09", "--json",
                            "--limit", "100").stdout)["headlines"]
    assert not any(h["text"] == "tampered" for h in listed) and len(listed) == 19


def test_source_filter_counts_only_that_source(series):
    db = open_db(series)
    rows = top_topics(db, "2026-11-08T00:00:00Z", "2026-11-09T00:00:00Z", source="gossip", limit=10)
    assert {r["topic"]: r["headlines"] for r in rows}["Taylor Swift"] == 1


def test_default_windows_are_answered_by_the_fresh_snapshot_exactly(tmp_path, db_path):
    from aggregator.timewindow import window
    from db.clock import reference_time

    rows = tmp_path / "now.txt"
    rows.write_text("Golden Globes 2027 Host Announced\nGolden Globes Add Podcast Category\n"
                    "Golden Globes Nominees Revealed\n'RHOBH' Reunion Recap\n'RHOBH' Star Quits\n")
    run(db_path, "ingest", str(rows), "--source", "desk", "--seen-at", "2026-11-20T09:30:00Z")
    db = open_db(db_path)
    since, until = window(duration="24h", now=lambda: reference_time(db))
    assert until == "2026-11-20T10:00:00Z"
    computed = top_topics(db, since, until, limit=20, use_snapshots=False)
    assert top_topics(db, since, until, limit=20) == computed and computed[0]["topic"] == "Golden Globes"
    db.execute("UPDATE snapshots SET payload = '[]' WHERE kind = 'top'")
    db.conn.commit()
    assert top_topics(db, since, until, limit=20) == []  # it really is the snapshot that answered
    assert top_topics(db, since, "2026-11-20T11:00:00Z", limit=20)  # another window: not the snapshot
