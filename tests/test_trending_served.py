"""`headlines serve` answers trending from the totals it keeps in memory (db/trend_index.py); the
one-shot CLI reads the rollups. Both must give the same payload for any window and baseline."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from db import open_db
from db.synthetic import fill
from tests.serving import run_cli, start_server

END = datetime(2026, 11, 20, 6, 30, tzinfo=timezone.utc)


def test_served_trending_equals_the_cli_for_any_window_and_baseline(tmp_path):
    db_path = tmp_path / "trending.db"
    db = open_db(db_path)
    fill(db, appearances=5_000, days=12, sources=4, topics=150, end=END)
    db.close()
    server = start_server(db_path, ["--cache-seconds", "0"])
    try:
        for window, baseline, until in (("6h", "7d", "2026-11-20T06:00:00Z"), ("6h", "30d", "2026-11-19T22:00:00Z"),
                                        ("24h", "3d", "2026-11-18T07:30:00Z"), ("7d", "7d", "2026-11-20T07:00:00Z")):
            body = server.json(f"/api/trending?window={window}&baseline={baseline}&until={until}&limit=30")
            cli = json.loads(run_cli(db_path, "trending", "--window", window, "--baseline", baseline,
                                     "--until", until, "--limit", "30", "--json").stdout)
            assert body["topics"] and body == cli, (window, baseline, until)
    finally:
        server.stop()
