"""Row files keep one capture per batch (form 'rows'): `rebuild` replays it into the same derived
tables, a re-ingest counts nothing twice, and a database written before row captures (page
captures and `page_moments` per page of rows) keeps working: its ledger is read, its captures replayed."""
from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

from aggregator.model import HeadlineList, Page, Sighting
from aggregator.prepare import prepare_lists
from db import open_db
from db.migrations import migrations
from db.operations import prune_captures
from db.rebuild import rebuild
from db.writes import capture_payload, record_page
from headlines.ingest import ingest_file

# Derived tables as a user sees them, by headline key (ids depend on arrival order; rebuild
# replays captures oldest first, not in file order).
DERIVED = {
    "headlines": "SELECT key, text, truncated, url, first_seen, last_seen FROM headlines ORDER BY key",
    "appearances": "SELECT h.key, a.source, a.list_name, a.first_seen, a.last_seen, a.times_seen, a.best_position "
                   "FROM appearances a JOIN headlines h ON h.id = a.headline_id ORDER BY 1, 2, 3",
    "hourly": "SELECT s.hour, h.key, s.source, s.sightings FROM sightings_hourly s "
              "JOIN headlines h ON h.id = s.headline_id ORDER BY 1, 2, 3",
    "texts": "SELECT h.key, t.text, t.first_seen FROM headline_texts t JOIN headlines h ON h.id = t.headline_id "
             "ORDER BY 1, 2",
}
DEFAULTS = {"source": "x", "seen_at": "2026-11-01T00:00:00Z"}
FULL = "Storm Batters the Coast as Thousands Lose Power Overnight"


def derived(db) -> dict[str, list]:
    return {name: db.execute(sql).fetchall() for name, sql in DERIVED.items()}


def write_jsonl(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text("\n".join(json.dumps({"seen_at": w, "source": s, "text": t}) for w, s, t in rows) + "\n")
    return path


def mixed_rows(seed: int, count: int) -> list[tuple[str, str, str]]:
    """Rows of a few sources over a day, out of time order, with repeats inside a moment, cut
    titles and runs of one moment broken by another source (pages of one moment twice)."""
    rng = random.Random(seed)
    pool = [f"Council {verb} Plan Number {n} for the City Centre" for verb in ("Backs", "Blocks") for n in range(40)]
    pool += [FULL, FULL[:30] + "\u2026", FULL.upper()]
    rows: list[tuple[str, str, str]] = []
    while len(rows) < count:   # a page of 1-5 rows: one source at one moment
        minute = rng.randrange(0, 1440, 30)
        seen, source = f"2026-11-02T{minute // 60:02d}:{minute % 60:02d}:00Z", rng.choice(["wire", "rail", "home"])
        rows += [(seen, source, rng.choice(pool)) for _ in range(rng.randint(1, 5))]
    return rows[:count]


def test_rebuild_after_row_ingests_gives_identical_derived_tables(tmp_path, db):
    rows = mixed_rows(5, 900)
    one, two = write_jsonl(tmp_path / "one.jsonl", rows[:600]), write_jsonl(tmp_path / "two.jsonl", rows[300:])
    first = ingest_file(db, one, **DEFAULTS)
    second = ingest_file(db, two, **DEFAULTS)   # its first 300 rows were stored by the first file
    page = Page(url="http://wire.test/", lists=[HeadlineList("latest", [Sighting(FULL, "http://wire.test/1", 1)])])
    record_page(db, "wire", page.url, "2026-11-02T05:10:00Z", prepare_lists(page))   # a crawled page beside them
    assert first.items > 400 and 0 < second.items < 300
    forms = db.execute("SELECT form, count(*) FROM captures GROUP BY form ORDER BY form").fetchall()
    assert forms == [(None, 1), ("rows", 2)]   # one capture per file's batch, the page's own
    assert db.execute("SELECT count(*) FROM capture_hours").fetchone()[0] == 1
    before = derived(db)
    assert before["texts"] and any(best > 1 for *_, best in before["appearances"])
    rebuild(db)
    assert derived(db) == before
    assert ingest_file(db, two, **DEFAULTS).items == 0   # the ledger outlives rebuild


def test_a_row_capture_holds_only_the_rows_counted_with_their_positions(tmp_path, db):
    at = "2026-11-02T10:00:00Z"
    write_jsonl(tmp_path / "a.jsonl", [(at, "wire", "Rain Ends Drought"), (at, "wire", "Stocks Close Lower")])
    write_jsonl(tmp_path / "b.jsonl", [(at, "wire", "Stocks Close Lower"), (at, "wire", "Oil Slides Again")])
    ingest_file(db, tmp_path / "a.jsonl", **DEFAULTS)
    assert ingest_file(db, tmp_path / "b.jsonl", **DEFAULTS).items == 1
    payloads = [json.loads(p) for (p,) in db.execute("SELECT payload FROM captures ORDER BY id")]
    assert payloads[1] == [["wire", at, "ingest", "Oil Slides Again", None, 2]]
    before = derived(db)
    assert ("oil slides again", "wire", "ingest", at, at, 1, 2) in before["appearances"]
    rebuild(db)
    assert derived(db) == before


def test_a_resumed_batch_reads_the_capture_of_its_moments_only(tmp_path, db):
    rows = [("2026-11-03T08:00:00Z", "wire", f"Headline Number {n} of the Morning") for n in range(5)]
    write_jsonl(tmp_path / "rows.jsonl", rows)
    ingest_file(db, tmp_path / "rows.jsonl", **DEFAULTS)
    write_jsonl(tmp_path / "more.jsonl", [*rows, ("2026-11-03T09:00:00Z", "wire", "A Later Headline Entirely")])
    again = ingest_file(db, tmp_path / "more.jsonl", **DEFAULTS)
    assert (again.items, again.new_headlines) == (1, 1)
    assert db.execute("SELECT sum(times_seen) FROM appearances").fetchone()[0] == 6


def test_pruning_a_row_capture_drops_its_moments(tmp_path, db):
    write_jsonl(tmp_path / "rows.jsonl", [("2026-11-03T08:00:00Z", "wire", "Rain Ends Drought"),
                                          ("2026-11-03T09:00:00Z", "rail", "Stocks Close Lower")])
    ingest_file(db, tmp_path / "rows.jsonl", **DEFAULTS)
    assert db.execute("SELECT count(*) FROM row_moments").fetchone()[0] == 2
    prune_captures(db, "2026-11-04T00:00:00Z")
    assert db.execute("SELECT count(*) FROM row_moments").fetchone()[0] == 0


def old_database(path: Path) -> None:
    """A database as ingests before row captures left it: a page capture, its hour and a
    `page_moments` entry per page of rows (derived tables come from `rebuild`)."""
    db = open_db(path, migrate=False)
    migrations.apply(db, stop_before="m017_row_captures")
    page_url = (path.parent / "old.jsonl").resolve().as_uri()
    for cid, (source, at, texts) in enumerate([("wire", "2026-11-02T10:00:00Z", ["Rain Ends Drought", FULL]),
                                                ("rail", "2026-11-02T11:00:00Z", ["Stocks Close Lower"])], start=1):
        lists = prepare_lists(Page(url=page_url, lists=[HeadlineList("ingest", [
            Sighting(t, None, n) for n, t in enumerate(texts, start=1)])]), None)
        payload = capture_payload(lists)
        digest = hashlib.blake2b(payload.encode(), digest_size=16).hexdigest()
        db.execute("INSERT INTO captures VALUES (?, ?, ?, ?, ?, ?, 1, ?)", (cid, source, page_url, digest, at, at,
                                                                           payload))
        db.execute("INSERT INTO capture_hours VALUES (?, ?, 1)", (cid, at[:13] + ":00:00Z"))
        db.execute("INSERT INTO page_moments VALUES (?, ?, ?, ?)", (source, at, digest, cid))
    db.conn.commit()
    db.close()


def test_an_old_database_keeps_its_ingest_ledger_and_rebuilds(tmp_path):
    old_database(tmp_path / "old.db")
    db = open_db(tmp_path / "old.db")   # m017: the page ledger is read through row_moments
    assert db.execute("SELECT * FROM row_moments ORDER BY seen_at").fetchall() == [
        ("2026-11-02T10:00:00Z", 1), ("2026-11-02T11:00:00Z", 2)]
    rebuild(db)
    assert db.execute("SELECT count(*) FROM headlines").fetchone()[0] == 3
    rows = write_jsonl(tmp_path / "new.jsonl", [("2026-11-02T10:00:00Z", "wire", "Rain Ends Drought"),
                                                ("2026-11-02T10:00:00Z", "wire", "Oil Slides Again"),
                                                ("2026-11-02T11:00:00Z", "rail", "Stocks Close Lower"),
                                                ("2026-11-02T11:00:00Z", "wire", "Stocks Close Lower")])
    written = ingest_file(db, rows, **DEFAULTS)
    assert (written.items, written.new_headlines) == (2, 1)   # only what the old pages did not hold
    before = derived(db)
    rebuild(db)   # page captures and a row capture, replayed together
    assert derived(db) == before
    assert ingest_file(db, rows, **DEFAULTS).items == 0
