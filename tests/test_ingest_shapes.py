"""The shapes a user's row file comes in: headers that repeat, miss or misspell a column,
.jsonl keys nobody reads, spreadsheet exports (a BOM, CRLF, capitalised names, tabs, .xlsx,
UTF-16), compressed files and lines that are no object. Each is stored as meant or named in
one line; nothing is lost without a word."""
from __future__ import annotations

import gzip
import json
import zipfile
from datetime import datetime, timezone

import pytest

from db import open_db
from headlines.ingest import IngestError, ingest_file
from tests.serving import run_cli

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
SEEN = "2026-11-20T10:00:00Z"


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "h.db")
    yield database
    database.close()


def ingest(db, path):
    return ingest_file(db, path, source="desk", seen_at=SEEN, now=NOW)


def stored(db) -> list[tuple[str, str | None]]:
    return sorted(db.execute("SELECT text, url FROM headlines").fetchall())


def test_a_column_given_twice_is_the_files_one_problem_and_nothing_is_read(db, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("text,url,text\nCouncil Backs Plan,https://a.test/1,Mayor Opens Bridge\n")
    result = ingest(db, path)
    assert result.problems == [f"{path}:1: column 'text' given twice; nothing read from this file"]
    assert stored(db) == []


def test_a_column_given_twice_in_two_spellings_is_named_both_ways(db, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("Text,url,text\nCouncil Backs Plan,https://a.test/1,x\n")
    assert ingest(db, path).problems == [
        f"{path}:1: column 'text' given twice (as 'Text' and 'text'); nothing read from this file"]


def test_a_repeated_column_is_exit_2_from_the_command(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("text,url,url\nCouncil Backs Plan,https://a.test/1,https://a.test/2\n")
    done = run_cli(tmp_path / "h.db", "ingest", str(path), "--seen-at", SEEN)
    assert done.returncode == 2
    assert f"warning: {path}:1: column 'url' given twice; nothing read from this file" in done.stderr


def test_known_columns_match_whatever_their_case_and_spaces(db, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Text, URL ,Source\nCouncil Backs Plan,https://a.test/1,wire\n")
    result = ingest(db, path)
    assert result.problems == [] and result.notes == []
    assert stored(db) == [("Council Backs Plan", "https://a.test/1")]
    assert db.execute("SELECT DISTINCT source FROM appearances").fetchall() == [("wire",)]


def test_unknown_columns_are_one_warning_naming_them(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("text,link,title\nCouncil Backs Plan,https://a.test/1,x\nMayor Opens Bridge,https://a.test/2,y\n")
    done = run_cli(tmp_path / "h.db", "ingest", str(path), "--seen-at", SEEN)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: {path}:1: columns 'link', 'title' ignored (ingest reads text, url, "
                        "source, seen_at; names match whatever their case)"]


def test_a_header_without_text_is_a_problem_and_a_tab_separated_file_is_named_so(db, tmp_path):
    titled = tmp_path / "titled.csv"
    titled.write_text("title,link\nCouncil Backs Plan,https://a.test/1\n")
    assert ingest(db, titled).problems == [
        f"{titled}:1: the header needs a 'text' column (text,url,source,seen_at)"]
    tabbed = tmp_path / "tabbed.csv"
    tabbed.write_text("text\turl\nCouncil Backs Plan\thttps://a.test/1\n")
    assert ingest(db, tabbed).problems == [
        f"{tabbed}:1: the header needs a 'text' column (text,url,source,seen_at); its columns are "
        "separated by tabs: save the file comma-separated"]
    assert stored(db) == []


def test_jsonl_keys_follow_the_csv_columns_rule(db, tmp_path):
    path = tmp_path / "rows.jsonl"
    rows = [{"text": "Council Backs Plan", "link": "https://a.test/1"},
            {"Text": "Mayor Opens Bridge", "URL": "https://a.test/2"},
            {"text": "Harbour Road Reopens", "Text": "Harbour Road Closes"},
            {"text": "Library Extends Hours", "link": "https://a.test/4", "tags": ["x"]}]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    result = ingest(db, path)
    assert stored(db) == [("Council Backs Plan", None), ("Library Extends Hours", None),
                          ("Mayor Opens Bridge", "https://a.test/2")]
    assert result.problems == [f"{path}:3: key 'text' given twice (as 'text' and 'Text')"]
    assert result.notes == [f"{path}:1: keys 'link', 'tags' ignored (ingest reads text, url, source, "
                            "seen_at; names match whatever their case)"]


def test_many_ignored_keys_are_named_up_to_ten(db, tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps({"text": f"Council Backs Plan {n}", f"extra{n}": n}) + "\n"
                            for n in range(25)))
    result = ingest(db, path)
    assert result.items == 25 and len(result.notes) == 1
    assert result.notes[0].startswith(f"{path}:1: keys 'extra0', 'extra1', ")
    assert "'extra9' and 15 more ignored" in result.notes[0] and "'extra10'" not in result.notes[0]


@pytest.mark.parametrize("line, why", [
    ('["text", "Council Backs Plan"]', 'expected an object like {"text": "..."}, got an array'),
    ('"Council Backs Plan"', 'expected an object like {"text": "..."}, got a string'),
    ("42", 'expected an object like {"text": "..."}, got a number'),
    ("null", 'expected an object like {"text": "..."}, got null'),
    ('{"text": 2026}', "text: expected text, got int"),
    ('{"text": "Council Backs Plan", "seen_at": 1763632800}', "seen_at: expected text, got int"),
])
def test_a_jsonl_line_of_another_shape_says_what_it_got(db, tmp_path, line, why):
    path = tmp_path / "rows.jsonl"
    path.write_text(line + "\n" + json.dumps({"text": "Mayor Opens Bridge"}) + "\n")
    result = ingest(db, path)
    assert result.problems == [f"{path}:1: {why}"]
    assert stored(db) == [("Mayor Opens Bridge", None)]


def test_spreadsheet_exports_with_bom_and_crlf_are_read_as_meant(db, tmp_path):
    csv_path = tmp_path / "export.csv"
    csv_path.write_bytes(b"\xef\xbb\xbfText,URL\r\nCouncil Backs Plan,https://a.test/1\r\n")
    jsonl_path = tmp_path / "export.jsonl"
    jsonl_path.write_bytes(b'\xef\xbb\xbf{"text": "Mayor Opens Bridge", "url": "https://a.test/2"}\r\n')
    for path in (csv_path, jsonl_path):
        result = ingest(db, path)
        assert (result.problems, result.notes, result.items) == ([], [], 1)
    assert stored(db) == [("Council Backs Plan", "https://a.test/1"), ("Mayor Opens Bridge", "https://a.test/2")]


def test_seen_at_with_an_offset_or_no_zone_is_stored_in_utc(db, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("text,seen_at\nCouncil Backs Plan,2026-11-20T10:00:00+02:00\n"
                    "Mayor Opens Bridge,2026-11-20T10:00:00\nHarbour Road Reopens,1763632800\n")
    result = ingest(db, path)
    assert sorted(db.execute("SELECT text, first_seen FROM headlines").fetchall()) == [
        ("Council Backs Plan", "2026-11-20T08:00:00Z"), ("Mayor Opens Bridge", "2026-11-20T10:00:00Z")]
    assert len(result.problems) == 1 and result.problems[0].startswith(f"{path}:4: seen_at: '1763632800' is not")


def _xlsx_like(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")


@pytest.mark.parametrize("name, write, why", [
    ("rows.csv", lambda p: p.write_bytes(gzip.compress(b"text\nCouncil Backs Plan\n")),
     "gzip-compressed: decompress it first (gunzip)"),
    ("page.html", lambda p: p.write_bytes(gzip.compress(b"<html><body><p>x</p></body></html>")),
     "gzip-compressed: decompress it first (gunzip)"),
    ("rows.csv", _xlsx_like, "a zip archive (a spreadsheet saved as .xlsx?): save it as CSV (UTF-8)"),
    ("rows.txt", lambda p: p.write_text("Council Backs Plan\n", encoding="utf-16"), "UTF-16 text: save it as UTF-8"),
])
def test_a_file_that_is_no_text_is_one_error(db, tmp_path, name, write, why):
    path = tmp_path / name
    write(path)
    with pytest.raises(IngestError) as caught:
        ingest(db, path)
    assert str(caught.value) == f"{path}: {why}"


def test_a_compressed_file_is_one_line_and_exit_2_from_the_command(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_bytes(gzip.compress(b"text\n" + b"Council Backs Plan Number 1\n" * 5000))
    done = run_cli(tmp_path / "h.db", "ingest", str(path), "--seen-at", SEEN)
    assert done.returncode == 2
    assert [line for line in done.stderr.splitlines() if line.startswith(("error:", "warning:"))] == [
        f"error: {path}: gzip-compressed: decompress it first (gunzip)"]
