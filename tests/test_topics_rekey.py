"""Topic keys fold accents, and migration m016 re-keys a database built with the old keys:
topics that meet merge, each headline counts once, rollups equal a full recompute."""
from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from aggregator.names import name_key
from aggregator.prepare import CleanSighting
from aggregator.topics import TopicModel, topic_key
from db.aggregate import refresh_topics
from db.migrations import migrations
from db.rollups import refresh_rollups
from db.writes import record_page

M016 = "m016_topic_keys_without_accents"

# (hour, source, headline, topic names the old tagger gave it)
SIGHTINGS = [
    ("2026-03-01T10:05:00Z", "a", "Beyoncé Leans In For Sheryl Sandberg", ["Beyoncé", "Sheryl Sandberg"]),
    ("2026-03-01T10:20:00Z", "b", "Beyonce appears in a PSA to ban a word", ["Beyonce"]),
    ("2026-03-01T11:10:00Z", "a", "Beyoncé fans and Beyonce fans argue over an accent", ["Beyoncé", "Beyonce"]),
    ("2026-03-01T11:40:00Z", "b", "Beyoncé fans and Beyonce fans argue over an accent", ["Beyoncé", "Beyonce"]),
    ("2026-03-02T09:00:00Z", "c", "Beyoncé tour dates announced", ["Beyoncé"]),
    ("2026-03-02T09:30:00Z", "a", "Pokémon Go hits 100 million downloads", ["Pokémon Go"]),
    ("2026-03-09T08:00:00Z", "b", "Sheryl Sandberg explains her book", ["Sheryl Sandberg"]),
]


def _old_db(path) -> Database:
    """A database as the code before m016 left it: topics keyed with accents."""
    db = Database(sqlite3.connect(str(path)))
    migrations.apply(db, stop_before=M016)
    for seen, source, text, _names in SIGHTINGS:
        row = CleanSighting(text, " ".join(text.casefold().split()), False, None, 1)
        record_page(db, source, f"http://{source}.test/", seen, {"latest": [row]})
    for _seen, _source, text, names in SIGHTINGS:
        hid = db.execute("SELECT id FROM headlines WHERE text = ?", [text]).fetchone()[0]
        for name in names:
            db.execute("INSERT INTO topics (name, key, kind) VALUES (?, ?, 'name') ON CONFLICT (key) DO NOTHING",
                       [name, name_key(name)])
            tid = db.execute("SELECT id FROM topics WHERE key = ?", [name_key(name)]).fetchone()[0]
            db.execute("INSERT OR IGNORE INTO headline_topics VALUES (?, ?)", [hid, tid])
            db.execute("INSERT OR IGNORE INTO topic_names VALUES (?, 20000, ?, 'name')", [name_key(name), name])
    db.execute("UPDATE headlines SET tagged = 1, grouped = 1, story_id = id")
    db.conn.commit()
    refresh_rollups(db, everything=True)
    db.execute("INSERT INTO snapshots VALUES ('2026-03-10T00:00:00Z', 'top', 86400.0, ?)",
               ['[{"topic": "Beyonce", "headlines": 2}, {"topic": "Beyoncé", "headlines": 4}]'])
    db.conn.commit()
    return db


def _rollups(db: Database) -> dict[str, list[tuple]]:
    out = {}
    for table, col in (("topic_hourly", "hour"), ("topic_daily", "day"), ("topic_weekly", "week")):
        extra = "" if table == "topic_hourly" else ", r.first_hour, r.last_hour"
        out[table] = db.execute(f"SELECT r.{col}, t.key, r.headlines, r.stories, r.sightings, r.sources{extra} "
                                f"FROM {table} r JOIN topics t ON t.id = r.topic_id ORDER BY 1, 2").fetchall()
    return out


@pytest.mark.parametrize(("a", "b"), [("Beyoncé", "Beyonce"), ("Zoë Saldaña", "Zoe Saldana"),
                                      ("Łódź", "Lodz"), ("Ærø", "AEro"), ("The Pokémon Company", "Pokemon Company")])
def test_spellings_differing_by_accents_share_a_key(a: str, b: str) -> None:
    assert topic_key(a) == topic_key(b)


@pytest.mark.parametrize(("a", "b"), [("ガンダム", "カンタム"), ("한국", "ㅎㅏㄴㄱㅜㄱ"), ("Pokémon", "Pokemen")])
def test_other_scripts_and_other_letters_stay_apart(a: str, b: str) -> None:
    assert topic_key(a) != topic_key(b)


def test_one_topic_shown_with_its_most_used_spelling() -> None:
    heads = ["Beyoncé Leans In For Sheryl Sandberg", "Beyoncé tour dates are out", "Fans queue for Beyoncé",
             "Beyonce appears in a PSA to ban a word"]
    model = TopicModel.fit([(h, False) for h in heads])
    names = {t.name for h in heads for t in model.topics(h, False) if t.key == "beyonce"}
    assert names == {"Beyoncé"}


def test_migration_merges_accent_variants_without_counting_twice(tmp_path) -> None:
    db = _old_db(tmp_path / "old.db")
    before = dict(db.execute("SELECT key, id FROM topics"))
    assert {"beyoncé", "beyonce", "pokémon go"} <= set(before)
    migrations.apply(db)
    topics = {key: (tid, name) for tid, key, name in db.execute("SELECT id, key, name FROM topics")}
    assert set(topics) == {"beyonce", "sheryl sandberg", "pokemon go"}
    # The topic on most headlines survives under its spelling; the re-keyed one keeps its id.
    assert topics["beyonce"] == (before["beyoncé"], "Beyoncé")
    assert topics["pokemon go"] == (before["pokémon go"], "Pokémon Go")
    # Five distinct headlines, the one tagged with both spellings once.
    assert db.execute("SELECT count(*) FROM headline_topics WHERE topic_id = ?",
                      [topics["beyonce"][0]]).fetchone()[0] == 4
    assert db.execute("SELECT sum(headlines) FROM topic_weekly WHERE topic_id = ?",
                      [topics["beyonce"][0]]).fetchone()[0] == 4
    assert db.execute("SELECT sightings, sources FROM topic_hourly WHERE topic_id = ? AND hour LIKE '%T11%'",
                      [topics["beyonce"][0]]).fetchone() == (2, 2)
    assert db.execute("SELECT key, name FROM topic_names ORDER BY key").fetchall() == [
        ("beyonce", "Beyoncé"), ("pokemon go", "Pokémon Go"), ("sheryl sandberg", "Sheryl Sandberg")]
    assert db.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 0   # a stale ranking naming both
    # Rollups equal what the aggregate step computes from scratch.
    migrated = _rollups(db)
    refresh_rollups(db, everything=True)
    assert _rollups(db) == migrated
    db.close()


def test_retagging_after_the_migration_finds_the_same_topics(tmp_path) -> None:
    db = _old_db(tmp_path / "old.db")
    migrations.apply(db)
    ids = dict(db.execute("SELECT key, id FROM topics"))
    db.execute("UPDATE headlines SET tagged = 0")
    db.conn.commit()
    refresh_topics(db)
    refresh_rollups(db)
    after = dict(db.execute("SELECT key, id FROM topics"))
    assert after["beyonce"] == ids["beyonce"]
    assert sum(1 for key in after if key.startswith("beyonc")) == 1
    db.close()


def test_alert_cooldowns_follow_the_new_keys(tmp_path) -> None:
    db = _old_db(tmp_path / "old.db")
    db.conn.executemany("INSERT INTO alerts (key, kind, message, sent_at) VALUES (?, 'topic_trending', ?, ?)", [
        ("trending:beyoncé", "older", "2026-03-02T10:00:00Z"),
        ("trending:beyonce", "newer", "2026-03-02T12:00:00Z"),
        ("trending:pokémon go", "pokemon", "2026-03-02T11:00:00Z"),
        ("failing:a", "a fails", "2026-03-02T09:00:00Z")])
    db.conn.commit()
    migrations.apply(db)
    assert db.execute("SELECT key, message, sent_at FROM alerts ORDER BY key").fetchall() == [
        ("failing:a", "a fails", "2026-03-02T09:00:00Z"),
        ("trending:beyonce", "newer", "2026-03-02T12:00:00Z"),
        ("trending:pokemon go", "pokemon", "2026-03-02T11:00:00Z")]
    db.close()


def test_migration_on_a_database_with_nothing_to_rekey(tmp_path) -> None:
    db = Database(sqlite3.connect(str(tmp_path / "plain.db")))
    migrations.apply(db, stop_before=M016)
    db.execute("INSERT INTO topics (name, key, kind) VALUES ('Golden Globes', 'golden globes', 'name')")
    db.conn.commit()
    migrations.apply(db)
    assert db.execute("SELECT key, name FROM topics").fetchall() == [("golden globes", "Golden Globes")]
    assert db.execute("SELECT count(*) FROM rollup_changes").fetchone()[0] == 0
    db.close()
