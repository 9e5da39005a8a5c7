"""`at` ("as of a past moment") answers /api/top and /api/trending exactly as the CLI's --at does:
from the ranking snapshot stored within the hour before that moment."""
from __future__ import annotations

import json

import pytest

from db import open_db
from tests.serving import build_db, run_cli, start_server

TAKEN = "2025-03-01T11:50:00Z"   # long before any data; in the hour before AT, not in AT's clock hour
AT = "2025-03-01T12:40:00Z"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A database whose only knowledge of TAKEN is a stored snapshot (today's ranking, as if it
    had been taken then): computing from the data gives nothing, the snapshot gives rows."""
    tmp = tmp_path_factory.mktemp("api_at")
    db_path = tmp / "headlines.db"
    build_db(db_path, tmp)
    db = open_db(db_path)
    for kind, window, command in (("top", "24h", "top"), ("trending", "6h", "trending")):
        ranked = json.loads(run_cli(db_path, command, "--window", window, "--limit", "100", "--json").stdout)["topics"]
        assert ranked
        seconds = 86400.0 if window == "24h" else 21600.0
        db["snapshots"].insert({"taken_at": TAKEN, "kind": kind, "window_seconds": seconds,
                                "payload": json.dumps(ranked)})
    db.close()
    server = start_server(db_path)
    server.db_path = db_path
    yield server
    server.stop()


@pytest.mark.parametrize("command, window", [("top", "24h"), ("trending", "6h")])
def test_at_gives_the_api_and_the_cli_the_same_snapshot(served, command, window):
    body = served.json(f"/api/{command}?window={window}&at={AT}&limit=5")
    cli = json.loads(run_cli(served.db_path, command, "--window", window, "--at", AT, "--limit", "5",
                             "--json").stdout)
    assert body["topics"] and body == cli
    assert body["until"] == AT


@pytest.mark.parametrize("command, window", [("top", "24h"), ("trending", "6h")])
def test_without_a_snapshot_in_the_hour_before_at_both_compute_from_the_data(served, command, window):
    later = "2025-03-01T13:30:00Z"   # the stored one is 100 minutes old by then
    body = served.json(f"/api/{command}?window={window}&at={later}")
    cli = json.loads(run_cli(served.db_path, command, "--window", window, "--at", later, "--json").stdout)
    assert body == cli and body["topics"] == []
