"""`at` ("as of a past moment") gives /api/top and /api/trending the window the CLI's --at gives:
the same length, ending then; so the two answer the same payload."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.serving import OLDER, build_db, iso, run_cli, start_server


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("api_at")
    db_path = tmp / "headlines.db"
    now = build_db(db_path, tmp)
    server = start_server(db_path)
    server.db_path, server.now = db_path, now
    yield server
    server.stop()


@pytest.mark.parametrize("command, window", [("top", "24h"), ("trending", "3d")])
def test_at_gives_the_api_and_the_cli_the_same_answer(served, command, window):
    at = iso(served.now - timedelta(days=2, hours=12))   # half a day after the OLDER headlines
    body = served.json(f"/api/{command}?window={window}&at={at}&limit=50")
    cli = json.loads(run_cli(served.db_path, command, "--window", window, "--at", at, "--limit", "50",
                             "--json").stdout)
    assert body == cli and body["until"] == at
    if command == "top":  # only what was seen before then counts
        assert {row["topic"] for row in body["topics"]} and "RHOSLC" not in {r["topic"] for r in body["topics"]}
        assert any("Love Island" in text for text in OLDER)
        assert "Love Island" in {row["topic"] for row in body["topics"]}


def test_without_at_both_end_at_the_datas_reference_time(served):
    body = served.json("/api/top?window=24h")
    cli = json.loads(run_cli(served.db_path, "top", "--window", "24h", "--json").stdout)
    assert body == cli and "RHOSLC" in {row["topic"] for row in body["topics"]}
