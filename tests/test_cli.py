"""Read commands over a real database file: JSON shapes of docs/contract.md, windows, errors."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from headlines.cli import cli

DAY1 = ["Emmys 2026: Full List of Winners", "Emmys 2026 Red Carpet: The Best Looks of the Night",
        "Selena Gomez and Benny Blanco Marry in California", "'RHOSLC' Reunion Trailer Teases a Fight"]
DAY2 = ["Emmys 2026 Ratings Climb for Second Year", "Emmys 2026 Host Reveals Opening Number Secrets",
        "Emmys 2026 After-Parties: Where the Winners Went", "'RHOSLC' Star Leaves the Show After Reunion"]


def run(db_path, *args):
    return CliRunner().invoke(cli, ["--db", str(db_path), *args])


@pytest.fixture
def history(tmp_path, db_path):
    for day, texts in (("2026-11-10T10:00:00Z", DAY1), ("2026-11-11T10:00:00Z", DAY2)):
        path = tmp_path / f"{day[:10]}.txt"
        path.write_text("\n".join(texts))
        assert run(db_path, "ingest", str(path), "--source", "desk", "--seen-at", day).exit_code == 0
    return db_path


def test_top_json_shape_and_rank(history):
    out = json.loads(run(history, "top", "--since", "2026-11-10", "--until", "2026-11-12", "--json").stdout)
    first = out["topics"][0]
    assert set(first) >= {"topic", "headlines", "stories", "sources", "sightings", "score", "first_seen", "last_seen"}
    assert first["topic"].startswith("Emmys") and first["headlines"] == 5 and first["sources"] == 1


def test_at_answers_for_a_past_moment(history):
    out = json.loads(run(history, "top", "--window", "24h", "--at", "2026-11-10T23:00:00Z", "--json").stdout)
    emmys = next(t for t in out["topics"] if t["topic"].startswith("Emmys"))
    assert emmys["headlines"] == 2


def test_trending_says_why(history):
    out = json.loads(run(history, "trending", "--window", "24h", "--at", "2026-11-12T00:00:00Z",
                         "--baseline", "2d", "--json").stdout)
    emmys = next(t for t in out["topics"] if t["topic"].startswith("Emmys"))
    assert "vs baseline" in emmys["why"] and emmys["headlines"] == 3


def test_headlines_filters_and_csv(history):
    out = json.loads(run(history, "headlines", "--search", "RHOSLC", "--since", "2026-11-10",
                         "--until", "2026-11-12", "--json").stdout)
    assert {h["text"] for h in out["headlines"]} == {DAY1[3], DAY2[3]}
    assert set(out["headlines"][0]) >= {"id", "text", "truncated", "url", "sources", "sightings",
                                        "first_seen", "last_seen", "story_id"}
    csv_out = run(history, "headlines", "--since", "2026-11-10", "--until", "2026-11-12", "--csv").stdout
    assert csv_out.splitlines()[0] == "id,text,truncated,url,sources,sightings,first_seen,last_seen,story_id"
    assert len(csv_out.splitlines()) == 9


def test_stories_shape(history):
    out = json.loads(run(history, "stories", "--since", "2026-11-10", "--until", "2026-11-12", "--json").stdout)
    assert set(out["stories"][0]) >= {"id", "headline", "size", "headlines"}


@pytest.mark.parametrize("args, message", [
    (["top", "--window", "soon"], "'soon' is not a duration"),
    (["top", "--since", "2026-11-12", "--until", "2026-11-10"], "the window is empty"),
    (["top", "--at", "noonish"], "not an ISO 8601 time"),
])
def test_bad_windows_are_usage_errors(db_path, args, message):
    result = run(db_path, *args)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
