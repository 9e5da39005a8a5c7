"""Hostile input to ingest and the database file: each bad row is named and skipped, the rest kept."""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from aggregator.clean import clean_text
from db import DatabaseError, open_db
from headlines.cli import cli
from headlines.ingest import MAX_LINE_BYTES, MAX_PROBLEMS, ingest_file

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
SEEN = "2026-11-20T10:00:00Z"
GOOD = "Storm Bert Brings Floods Across Wales"


def run(db_path, *args):
    return CliRunner().invoke(cli, ["--db", str(db_path), *args])


def stored_texts(db) -> list[str]:
    return sorted(row[0] for row in db.execute("SELECT text FROM headlines"))


def ingest_lines(db, tmp_path, name: str, lines: list[str]):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    return ingest_file(db, path, source="desk", seen_at=SEEN, now=NOW)


@pytest.mark.parametrize("bad, reason", [
    ({"text": "Url As A List Breaks Nothing", "url": ["http://a.test/x"]}, "url: expected text, got list"),
    ({"text": "Url As An Object Breaks Nothing", "url": {"href": "x"}}, "url: expected text, got dict"),
    ({"text": "Source As A Number", "source": 7}, "source: expected text, got int"),
    ({"text": "Seen In Year Nine Thousand", "seen_at": "9999-12-31T23:00:00-05:00"}, "outside the years"),
    ({"text": "Seen In Year One", "seen_at": "0001-01-01T00:00+01:00"}, "outside the years"),
    ({"text": "Seen Far In The Past", "seen_at": "1950-01-01T00:00:00Z"}, "more than 50 years before now"),
    ({"text": "Seen In Two Years", "seen_at": "2028-11-28T00:00:00Z"}, "more than a year after now"),
])
def test_one_bad_jsonl_row_is_named_and_the_rest_stored(db, tmp_path, bad, reason):
    lines = [json.dumps({"text": GOOD}), json.dumps(bad), json.dumps({"text": "Harbour Road Reopens"})]
    result = ingest_lines(db, tmp_path, "rows.jsonl", lines)
    assert stored_texts(db) == ["Harbour Road Reopens", GOOD]
    assert len(result.problems) == 1 and result.problems[0].startswith(f"{tmp_path / 'rows.jsonl'}:2: ")
    assert reason in result.problems[0]


def test_lone_surrogate_and_deep_nesting_are_skipped(db, tmp_path):
    lines = [json.dumps({"text": GOOD}), '{"text": "Broken \\ud800 Text Here"}',
             "[" * 100000 + "]" * 100000, json.dumps({"text": "Harbour Road Reopens"})]
    result = ingest_lines(db, tmp_path, "rows.jsonl", lines)
    assert stored_texts(db) == ["Harbour Road Reopens", GOOD]
    assert [p.split(": ", 1)[0].rsplit(":", 1)[1] for p in result.problems] == ["2", "3"]
    assert "lone surrogate" in result.problems[0]
    assert "nested too deeply" in result.problems[1] or "longer than" in result.problems[1]


def test_deep_nesting_under_the_line_cap(db, tmp_path):
    deep = "[" * 30000 + "]" * 30000
    assert len(deep) < MAX_LINE_BYTES
    result = ingest_lines(db, tmp_path, "rows.jsonl", [deep, json.dumps({"text": GOOD})])
    assert stored_texts(db) == [GOOD]
    assert result.problems == [f"{tmp_path / 'rows.jsonl'}:1: invalid JSON (nested too deeply)"]


def test_ragged_csv_rows_and_unterminated_quotes_are_named(db, tmp_path):
    lines = ["text,url,source,seen_at",
             f"{GOOD},http://a.test/1,desk,{SEEN}",
             f"Extra Column Row,http://a.test/2,desk,{SEEN},surprise",
             f'"Unterminated Quote Row,http://a.test/3,desk,{SEEN}',
             f"Harbour Road Reopens,http://a.test/4,desk,{SEEN}"]
    result = ingest_lines(db, tmp_path, "rows.csv", lines)
    assert stored_texts(db) == ["Harbour Road Reopens", GOOD]
    path = tmp_path / "rows.csv"
    assert result.problems[0] == f"{path}:3: 5 columns where the header has 4"
    assert result.problems[1].startswith(f"{path}:4: bad CSV")


def test_overlong_line_is_skipped_and_memory_bounded(db, tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w") as out:
        out.write(json.dumps({"text": GOOD}) + "\n")
        out.write(json.dumps({"text": "x" * (3 * MAX_LINE_BYTES)}) + "\n")
        out.write(json.dumps({"text": "Harbour Road Reopens"}) + "\n")
    result = ingest_file(db, path, source="desk", seen_at=SEEN, now=NOW)
    assert stored_texts(db) == ["Harbour Road Reopens", GOOD]
    assert result.problems == [f"{path}:2: line longer than {MAX_LINE_BYTES // 1024} KB, skipped"]


def test_binary_stream_without_newlines_stops_reading(db, tmp_path):
    # /dev/zero never ends: the reader must stop at the first over-long NUL line, not read on.
    path = tmp_path / "zero.jsonl"
    path.write_bytes(json.dumps({"text": GOOD}).encode() + b"\n" + b"\x00" * (MAX_LINE_BYTES * 4))
    result = ingest_file(db, path, source="desk", seen_at=SEEN, now=NOW)
    assert stored_texts(db) == [GOOD]
    assert result.problems == [f"{path}:2: binary data (NUL bytes); the rest of the file is not read"]


def test_dev_zero_as_jsonl(db, tmp_path):
    link = tmp_path / "zero.jsonl"
    link.symlink_to("/dev/zero")
    result = ingest_file(db, link, source="desk", seen_at=SEEN, now=NOW)
    assert result.items == 0 and "binary data" in result.problems[0]


def test_warnings_are_capped_and_counted(db, tmp_path):
    lines = ["not json"] * (MAX_PROBLEMS + 250) + [json.dumps({"text": GOOD})]
    result = ingest_lines(db, tmp_path, "bad.jsonl", lines)
    assert len(result.problems) == MAX_PROBLEMS and result.problems.more == 250
    assert result.problems.summary()[-1] == "... and 250 more problems"
    assert stored_texts(db) == [GOOD]


def test_cli_seen_at_far_from_now_is_refused(tmp_path, db_path):
    (tmp_path / "a.txt").write_text(GOOD + "\n")
    for when, words in (("0001-01-01", "outside the years"), ("2190-01-01", "more than a year after now")):
        result = run(db_path, "ingest", str(tmp_path / "a.txt"), "--seen-at", when)
        assert result.exit_code == 2 and "--seen-at" in result.output and words in result.output


def test_zwj_emoji_sequences_stay_whole():
    astronaut, family = "\U0001F469\u200d\U0001F680", "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    text, _ = clean_text(f"Crew {astronaut} lands; {family} reunite\u200b! a\u200db")
    assert text == f"Crew {astronaut} lands; {family} reunite! ab"


# --- the database file -------------------------------------------------------------------------

def test_foreign_database_is_refused_before_any_change(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices VALUES (1, 9.5)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="not a headlines database .*invoices"):
        open_db(path)
    assert path.read_bytes() == before and not (tmp_path / "other.db-wal").exists()
    (tmp_path / "a.txt").write_text(GOOD + "\n")
    result = run(path, "ingest", str(tmp_path / "a.txt"))
    assert result.exit_code == 1 and "not a headlines database" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert path.read_bytes() == before


def test_foreign_table_clash_is_refused_too(tmp_path):
    path = tmp_path / "clash.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE topics (id INTEGER PRIMARY KEY, title TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="not a headlines database"):
        open_db(path)
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "delete"


def test_our_database_and_an_empty_file_open(tmp_path):
    open_db(tmp_path / "ours.db").close()
    open_db(tmp_path / "ours.db").close()  # reopened: ours by its migration record
    (tmp_path / "empty.db").write_bytes(b"")
    open_db(tmp_path / "empty.db").close()


def test_read_command_on_missing_database_says_so(tmp_path):
    path = tmp_path / "typo.db"
    for command in (["top"], ["headlines"], ["status"]):
        result = run(path, *command)
        assert result.exit_code == 1 and "does not exist" in result.output, result.output
    assert not path.exists()


def test_read_only_database_is_one_line(tmp_path, db_path):
    (tmp_path / "a.txt").write_text(GOOD + "\n")
    assert run(db_path, "ingest", str(tmp_path / "a.txt"), "--seen-at", SEEN).exit_code == 0
    uri = f"file:{db_path}?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    with pytest.raises(sqlite3.OperationalError) as caught:
        conn.execute("INSERT INTO sources (name) VALUES ('x')")
    from db.connection import describe
    assert describe(db_path, caught.value).startswith(f"{db_path}: the database is read-only")


def test_full_disk_is_one_line(tmp_path, db_path):
    # SQLite's own "database or disk is full" (SQLITE_FULL), from a page limit instead of a real disk.
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA max_page_count = 2")
    with pytest.raises(sqlite3.OperationalError) as caught:
        conn.execute("INSERT INTO t VALUES (zeroblob(100000))")
    from db.connection import describe
    assert describe(db_path, caught.value).startswith(f"{db_path}: the disk is full")


def test_lock_held_past_the_timeout_is_one_line(tmp_path, db_path, monkeypatch):
    (tmp_path / "a.txt").write_text(GOOD + "\n")
    assert run(db_path, "ingest", str(tmp_path / "a.txt"), "--seen-at", SEEN).exit_code == 0
    monkeypatch.setattr("db.connection.LOCK_WAIT_SECONDS", 0.2)
    holder = sqlite3.connect(db_path)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = run(db_path, "ingest", str(tmp_path / "a.txt"), "--seen-at", SEEN)
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == 1, result.output
    assert "stayed locked by another process" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
