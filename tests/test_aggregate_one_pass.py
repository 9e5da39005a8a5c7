"""Grouping and tagging in one pass (db.aggregate.group_and_tag) leave exactly the tables the two
stages leave run one after the other (refresh_stories, then refresh_topics): stories, links,
tags, topics and their names, and the hours marked for the rollups. Chunks of three headlines
make chunks straddle the topic-epoch boundary, and batches arrive out of order, so grouping
restarts inside an epoch whose earlier headlines it does not visit."""
from __future__ import annotations

import gc
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from aggregator.story_groups import Cluster, Member
from aggregator.timewindow import parse_iso, to_iso
from db import open_db
from db.aggregate import EpochTagger, epoch_of, epoch_start, group_and_tag, refresh_topics
from db.stories import refresh_stories
from headlines.ingest import ingest_file

BOUNDARY = parse_iso(epoch_start(epoch_of("2026-11-15T00:00:00Z") + 1))
NOW = datetime(2027, 6, 1, tzinfo=timezone.utc)
# (hours from the epoch boundary, source, text)
LATE = [
    (2, "wire", "Golden Globes Nominees Revealed: Full List"),
    (5, "tv", "Golden Globes 2027 nominees revealed"),
    (30, "wire", "Apple Unveils New iPhone With Satellite Texting"),
    (31, "tech", "UPDATE 1-Apple unveils new iPhone with satellite texting"),
    (50, "markets", "Stocks Open Lower as Oil Prices Climb"),
]
EARLY = [
    (-40, "wire", "Taylor Swift Announces Surprise Album 'Midnight Letters'"),
    (-39, "gossip", "Taylor Swift Drops Surprise Album at Midnight"),
    (-30, "tv", "Fans React as Taylor Swift Releases Surprise Album"),
    (-20, "wire", "Federal Reserve Holds Rates Steady, Signals Patience"),
    (-19, "markets", "Fed holds rates steady and signals patience - Reuters"),
]
MIDDLE = [
    (-3, "gossip", "Golden Globes Nominees Revealed"),   # earlier than the story it joins: a new root
    (-2, "markets", "Stocks Close Higher as Oil Prices Ease"),
    (-1, "tech", "Apple's New iPhone Goes on Sale in Tokyo"),
    (1, "wire", "Taylor Swift adds five stadium dates to tour"),
]


def _ingest(db, tmp: Path, name: str, batch: list[tuple[int, str, str]]) -> None:
    path = tmp / f"{name}.jsonl"
    path.write_text("\n".join(json.dumps({"text": text, "source": source,
                                          "seen_at": to_iso(BOUNDARY + timedelta(hours=hours))})
                              for hours, source, text in batch), encoding="utf-8")
    ingest_file(db, path, source="test", seen_at=to_iso(BOUNDARY), now=NOW)


def _tables(db) -> dict[str, list]:
    """What both paths write, by headline and topic key (ids follow write order)."""
    queries = {
        "stories": "SELECT h.key, r.key FROM headlines h JOIN headlines r ON r.id = h.story_id",
        "links": "SELECT a.key, b.key FROM story_links l JOIN headlines a ON a.id = l.headline_id "
                 "JOIN headlines b ON b.id = l.linked_id",
        "tags": "SELECT h.key, t.key FROM headline_topics ht JOIN headlines h ON h.id = ht.headline_id "
                "JOIN topics t ON t.id = ht.topic_id",
        "topics": "SELECT key, name, kind FROM topics",
        "topic_names": "SELECT key, epoch, name, kind FROM topic_names",
        "tagged": "SELECT key, tagged, grouped FROM headlines",
        "dirty_hours": "SELECT hour FROM dirty_hours",
    }
    return {name: sorted(db.execute(sql).fetchall()) for name, sql in queries.items()}


def _build(tmp: Path, name: str, one_pass: bool) -> tuple[dict[str, list], list[tuple[int, int]]]:
    db = open_db(tmp / f"{name}.db")
    counts = []
    for n, batch in enumerate((LATE, EARLY, MIDDLE)):
        _ingest(db, tmp, f"{name}-{n}", batch)
        if one_pass:
            done = group_and_tag(db, chunk=3)
            counts.append((done["grouped"], done["retagged"]))
        else:
            counts.append((refresh_stories(db, chunk=3), refresh_topics(db)))
    return _tables(db), counts


def test_one_pass_leaves_the_tables_of_the_two_stages(tmp_path: Path) -> None:
    one, one_counts = _build(tmp_path, "one", one_pass=True)
    two, two_counts = _build(tmp_path, "two", one_pass=False)
    assert one_counts == two_counts
    for name in two:
        assert one[name] == two[name], name
    epochs = {row[1] for row in one["topic_names"]}
    assert len(epochs) == 2 and len({row[1] for row in one["stories"]}) < len(one["stories"])


def test_epochs_dirtied_by_grouping_are_retagged_whole(tmp_path: Path) -> None:
    """finish(more) re-tags and names an epoch from the table as a dirty epoch would be."""
    tables = []
    after = epoch_of(to_iso(BOUNDARY))
    for name, epochs, more in (("dirty", {after}, ()), ("more", set(), {after})):
        db = open_db(tmp_path / f"{name}.db")
        _ingest(db, tmp_path, name, LATE + EARLY)
        refresh_stories(db)
        db.execute("UPDATE headlines SET tagged = 1")   # as if tagged before: only the epoch given is re-tagged
        changed = EpochTagger(db, epochs).finish(more)
        tables.append((changed, _tables(db)))
    assert tables[0] == tables[1]
    changed, found = tables[0]
    assert changed > 0 and {epoch for _key, epoch, _name, _kind in found["topic_names"]} == {after}
    late = {key for key, _story in found["stories"] if key.startswith(("golden", "apple", "stocks", "update"))}
    assert {key for key, _topic in found["tags"]} <= late   # the epoch before was not re-tagged


def test_group_and_tag_leaves_no_window_behind(tmp_path: Path) -> None:
    """The window's members and their stories hold each other (cycles, made with the collector
    paused): the stage frees them at its end, so the rollups after it reuse that memory."""
    db = open_db(tmp_path / "h.db")
    _ingest(db, tmp_path, "early", EARLY + MIDDLE + LATE)
    collecting = gc.isenabled()
    gc.disable()   # as a long ingest finds it: no collection between the stage and the check
    try:
        group_and_tag(db)
        left = [o for o in gc.get_objects() if type(o) in (Member, Cluster)]
    finally:
        if collecting:
            gc.enable()
    assert db.execute("SELECT count(DISTINCT story_id) FROM headlines").fetchone()[0] < 14
    assert not left
