"""Same data, same answers: derived results depend only on the data and the request, never on
the wall clock, the order or batch sizes in which headlines arrived, or an incremental run
versus `rebuild`. Dates are fixed; every window is given, or ends at the data's own time."""
from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from aggregator.timewindow import parse_iso, to_iso
from db.aggregate import epoch_of, epoch_start
from headlines.cli import cli

# Sightings straddle a topic-epoch boundary, so two epoch models and the epoch after a dirty
# one are exercised: (days after the start, source, text).
BOUNDARY = parse_iso(epoch_start(epoch_of("2026-11-15T00:00:00Z") + 1))
STORIES = [
    (-9, "wire", "Taylor Swift Announces Surprise Album 'Midnight Letters'"),
    (-9, "gossip", "Taylor Swift Drops Surprise Album at Midnight"),
    (-9, "wire", "UPDATE 1-Taylor Swift announces surprise album 'Midnight Letters'"),
    (-8, "tv", "Fans React as Taylor Swift Releases Surprise Album"),
    (-6, "wire", "Federal Reserve Holds Rates Steady, Signals Patience"),
    (-6, "markets", "Fed holds rates steady and signals patience - Reuters"),
    (-5, "markets", "Stocks Open Lower as Oil Prices Climb"),
    (-5, "markets", "Stocks Close Higher as Oil Prices Ease"),
    (-3, "tv", "Golden Globes 2027 Nominees Revealed"),
    (-3, "gossip", "Golden Globes Nominees Revealed: Full List"),
    (-2, "tv", "Golden Globes Add Podcast Category"),
    (-1, "wire", "Apple Unveils New iPhone With Satellite Texting"),
    (-1, "tech", "Apple unveils new iPhone with satellite texting"),
    (0, "tech", "Apple's New iPhone Goes on Sale in Tokyo"),
    (0, "tv", "Golden Globes Host Announced: Nikki Glaser Returns"),
    (1, "wire", "Federal Reserve Chair Testifies Before Congress"),
    (1, "markets", "Fed Chair Testifies Before Congress on Inflation"),
    (2, "gossip", "Taylor Swift Tour Adds Five Stadium Dates"),
    (2, "wire", "Taylor Swift adds five stadium dates to tour"),
    (3, "tv", "Golden Globes Red Carpet: Best Looks"),
    (3, "tv", "Golden Globes Red Carpet: Worst Looks"),
    (4, "tech", "Apple Recalls Chargers Over Fire Risk"),
    (5, "wire", "Ukraine Talks Resume in Geneva"),
    (5, "gossip", "Ukraine talks resume in Geneva as envoys meet"),
    (6, "wire", "Local Council Approves Budget for Parks"),
]


def rows() -> list[dict]:
    """Each story line seen by its source at 09:00, 12:00 and 15:00 of its day."""
    out = []
    for day, source, text in STORIES:
        for hour in (9, 12, 15):
            when = to_iso(BOUNDARY + timedelta(days=day, hours=hour))
            out.append({"text": text, "source": source, "seen_at": when})
    return out


SINCE, UNTIL = to_iso(BOUNDARY - timedelta(days=10)), to_iso(BOUNDARY + timedelta(days=8))


def run(db_path: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def ingest_in_files(db_path: Path, tmp: Path, batches: list[list[dict]]) -> None:
    """Ingest each batch as its own JSONL file (each ingest runs the aggregate step)."""
    for n, batch in enumerate(batches):
        path = tmp / f"batch-{n}.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in batch), encoding="utf-8")
        run(db_path, "ingest", str(path))


def answers(db_path: Path) -> dict:
    """What an analyst sees, without the row ids that depend on arrival order."""
    top = json.loads(run(db_path, "top", "--since", SINCE, "--until", UNTIL, "--limit", "100", "--json"))
    grouped = json.loads(run(db_path, "stories", "--since", SINCE, "--until", UNTIL, "--limit", "100",
                             "--json"))
    conn = sqlite3.connect(db_path)
    tags = sorted(conn.execute("SELECT h.key, t.name, t.kind FROM headline_topics ht "
                               "JOIN headlines h ON h.id = ht.headline_id JOIN topics t ON t.id = ht.topic_id"))
    hourly = sorted(conn.execute("SELECT h.key, s.source, s.hour, s.sightings FROM sightings_hourly s "
                                 "JOIN headlines h ON h.id = s.headline_id"))
    conn.close()
    return {
        "hourly": hourly,
        "top": top["topics"],
        "stories": sorted(sorted(h["text"] for h in s["headlines"]) for s in grouped["stories"]),
        "tags": tags,
    }


@pytest.fixture
def sorted_once(tmp_path) -> dict:
    db_path = tmp_path / "sorted.db"
    ingest_in_files(db_path, tmp_path, [sorted(rows(), key=lambda r: r["seen_at"])])
    return answers(db_path)


def test_arrival_order_and_batch_size_do_not_change_the_answers(tmp_path, sorted_once):
    shuffled = rows()
    random.Random(7).shuffle(shuffled)
    db_path = tmp_path / "shuffled.db"
    ingest_in_files(db_path, tmp_path, [shuffled[n::10] for n in range(10)])
    assert answers(db_path) == sorted_once
    assert any(len(story) > 1 for story in sorted_once["stories"])  # grouping really happened
    names = {t["topic"] for t in sorted_once["top"]}
    assert {"Taylor Swift", "Golden Globes"} <= names


def test_newest_first_in_one_file_gives_the_same_answers(tmp_path, sorted_once):
    db_path = tmp_path / "reversed.db"
    ingest_in_files(db_path, tmp_path, [sorted(rows(), key=lambda r: r["seen_at"], reverse=True)])
    assert answers(db_path) == sorted_once


def test_rebuild_reproduces_the_incremental_answers_exactly(tmp_path):
    shuffled = rows()
    random.Random(11).shuffle(shuffled)
    db_path = tmp_path / "incremental.db"
    ingest_in_files(db_path, tmp_path, [shuffled[n::4] for n in range(4)])
    incremental = answers(db_path)
    run(db_path, "rebuild")
    assert answers(db_path) == incremental


def headlines_command() -> list[str]:
    return [str(Path(sys.executable).with_name("headlines"))]


def test_the_wall_clock_changes_nothing(tmp_path):
    """The same ingest and the same questions under two wall clocks a year apart: same answers."""
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows()), encoding="utf-8")
    outputs = []
    for clock in ("2026-12-02 08:00:00", "2027-12-02 08:00:00"):
        db_path = tmp_path / f"{clock[:4]}.db"
        env = dict(os.environ)
        base = ["faketime", clock, *headlines_command(), "--db", str(db_path)]
        subprocess.run([*base, "ingest", str(path)], check=True, capture_output=True, env=env)
        asked = [subprocess.run([*base, *question, "--json"], check=True, capture_output=True, env=env,
                                text=True).stdout
                 for question in (["top", "--window", "7d"], ["top"], ["trending"], ["stories"], ["headlines"])]
        outputs.append(asked)
    assert outputs[0] == outputs[1]
    top = json.loads(outputs[0][0])
    assert top["until"] == to_iso(BOUNDARY + timedelta(days=6, hours=16))  # end of the newest sighting's hour
    assert "Golden Globes" in {t["topic"] for t in top["topics"]}
