"""Small user-facing rules, through real SQLite files and real `headlines` processes: an ingested
source name a person could not type is a bad row; a feed with nothing in it is a warning, not a
failure; messages name options as the user writes them; `status` leaves the sources alone."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from headlines.ingest import ingest_file
from headlines.reports import ReportError, span_checks
from tests.serving import HEADLINES_BIN

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
SEEN = "2026-11-20T10:00:00Z"
GOOD = "Storm Bert Brings Floods Across Wales"
OTHER = "Harbour Road Reopens After Repairs"


def headlines(db_path: Path, *args: str, cwd: Path | None = None,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real console script; HEADLINES_SOURCES unset unless `env` sets it."""
    base = {k: v for k, v in os.environ.items() if k != "HEADLINES_SOURCES"}
    return subprocess.run([str(HEADLINES_BIN), "--db", str(db_path), *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd, env={**base, **(env or {})})


def rows(db_path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return sorted(conn.execute(sql).fetchall())
    finally:
        conn.close()


# --- a row's source ----------------------------------------------------------------------------

@pytest.mark.parametrize("source, reason", [
    ("wi\x00re", "source: control character U+0000"),
    ("wire\x1b[31m", "source: control character U+001B"),
    ("wire\t2", "source: control character U+0009"),
    ("\x7f", "source: control character U+007F"),
    ("wire\x85", "source: control character U+0085"),
    ("   ", "source: blank"),
    ("\u00a0\u2003", "source: blank"),
])
def test_a_row_whose_source_no_one_could_type_is_named_and_the_rest_stored(db, tmp_path, source, reason):
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"text": GOOD, "source": "wire"},
        {"text": "A Row With A Bad Source", "source": source},
        {"text": OTHER},
    ]) + "\n")
    result = ingest_file(db, path, source="desk", seen_at=SEEN, now=NOW)
    assert result.problems == [f"{path}:2: {reason}"]
    assert sorted(r[0] for r in db.execute("SELECT text FROM headlines")) == [OTHER, GOOD]
    assert sorted(r[0] for r in db.execute("SELECT name FROM sources")) == ["desk", "wire"]


def test_a_source_cell_is_stored_trimmed_and_an_empty_one_takes_the_default(db, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(f"text,source\n{GOOD}, wire \n{OTHER},\n")
    result = ingest_file(db, path, source="desk", seen_at=SEEN, now=NOW)
    assert not result.problems and result.items == 2
    assert sorted(r[0] for r in db.execute("SELECT name FROM sources")) == ["desk", "wire"]


def test_ingest_names_bad_source_cells_by_line_and_exits_2(tmp_path):
    rows_csv = tmp_path / "rows.csv"
    rows_csv.write_bytes(f"text,url,source\n{GOOD},,wire\nA Row With A Bad Source,,wi\x01re\n"
                         f"Another Row With A Blank Source,,  \n{OTHER},,wire\nonly one cell\n".encode())
    db_path = tmp_path / "h.db"
    done = headlines(db_path, "ingest", str(rows_csv))
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [f"warning: {rows_csv}:3: source: control character U+0001",
                                        f"warning: {rows_csv}:4: source: blank",
                                        f"warning: {rows_csv}:6: 1 column where the header has 3"]
    assert rows(db_path, "SELECT name FROM sources") == [("wire",)]
    assert rows(db_path, "SELECT text FROM headlines") == [(OTHER,), (GOOD,)]


@pytest.mark.parametrize("source, words", [
    ("  ", "--source: blank; give a name for rows without one"),
    ("desk\x07", "--source: control character U+0007; give a name for rows without one"),
])
def test_the_source_option_follows_the_rule_of_a_source_cell(tmp_path, source, words):
    (tmp_path / "a.txt").write_text(GOOD + "\n")
    done = headlines(tmp_path / "h.db", "ingest", str(tmp_path / "a.txt"), "--source", source)
    assert done.returncode == 2 and done.stderr.strip().splitlines()[-1] == f"Error: {words}", done.stderr
    assert not (tmp_path / "h.db").exists()


# --- feeds with nothing in them ------------------------------------------------------------------

EMPTY_FEEDS = {
    "empty.rss": '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
                 "<link>https://wire.example/</link></channel></rss>",
    "empty.atom": '<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:x</id></feed>',
    "empty.json": '{"version": "https://jsonfeed.org/version/1.1", "title": "Wire", "items": []}',
}
NOT_FEEDS = {
    "page.xml": ("<html><body><p>Not a feed at all</p></body></html>", "not a feed"),
    "other.xml": ('<?xml version="1.0"?><invoice><total>3</total></invoice>', "not a feed"),
    "cut.rss": ('<rss version="2.0"><channel><title>Wire</title>', "not a feed (malformed XML"),
    "bad.json": ('{"items": [', "not a feed (invalid JSON"),
    "list.json": ('{"title": "no items key"}', "not a feed (JSON without items)"),
}


def test_a_valid_feed_with_no_entries_is_a_warning_like_empty_input(tmp_path):
    for name, body in EMPTY_FEEDS.items():
        (tmp_path / name).write_text(body)
    (tmp_path / "header.csv").write_text("text,url,source,seen_at\n")
    files = [str(tmp_path / name) for name in [*EMPTY_FEEDS, "header.csv"]]
    done = headlines(tmp_path / "h.db", "ingest", *files, "--source", "wire")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        *(f"warning: {tmp_path / name}: feed has no entries, nothing to ingest" for name in EMPTY_FEEDS),
        f"warning: {tmp_path / 'header.csv'}: no rows under the header, nothing to ingest"]
    assert rows(tmp_path / "h.db", "SELECT name FROM sources") == []   # nothing ingested, no source named


@pytest.mark.parametrize("name", sorted(NOT_FEEDS))
def test_a_body_that_is_not_a_usable_feed_stays_a_problem(tmp_path, name):
    body, words = NOT_FEEDS[name]
    (tmp_path / name).write_text(body)
    done = headlines(tmp_path / "h.db", "ingest", str(tmp_path / name))
    assert done.returncode == 2, done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"warning: {tmp_path / name}: {words}"), line


# --- messages name options as typed --------------------------------------------------------------

def test_a_message_naming_two_parameters_spells_both_as_the_caller_does():
    with pytest.raises(ReportError) as caught:
        span_checks("24h", None, None, "2026-11-21", "2026-11-20")
    assert str(caught.value) == "at: cannot be combined with until (both set the window's end); give one"
    assert caught.value.spelled(lambda p: f"--{p}") == \
        "cannot be combined with --until (both set the window's end); give one"
    with pytest.raises(ReportError) as caught:
        span_checks("24h", "2h", "2026-11-19")
    assert caught.value.spelled(lambda p: f"--{p}").startswith("cannot be combined with --since (--since and --until,")
    plain = ReportError("limit", "'{0}' is {1} braces kept")   # no other parameters: no formatting
    assert plain.spelled(lambda p: f"--{p}") == "'{0}' is {1} braces kept"


@pytest.mark.parametrize("args, words", [
    (["--since", "2026-11-21"], "--since: the window is empty: --since must be before 2026-11-20T11:00:00Z, "
                                "where the window ends without --until (the end of the newest sighting's hour)"),
    (["--since", "2026-11-20", "--until", "2026-11-19"], "--since: the window is empty: --since must be before --until"),
    (["--since", "2026-11-20", "--at", "2026-11-19"], "--since: the window is empty: --since must be before --at"),
])
def test_an_empty_window_names_the_end_it_has(tmp_path, args, words):
    (tmp_path / "a.txt").write_text(GOOD + "\n")
    db_path = tmp_path / "h.db"
    assert headlines(db_path, "ingest", str(tmp_path / "a.txt"), "--seen-at", SEEN).returncode == 0
    done = headlines(db_path, "top", *args)
    assert done.returncode == 2 and done.stderr.strip().splitlines()[-1] == f"Error: {words}", done.stderr


@pytest.mark.parametrize("args, words", [
    (["top", "--at", "1900-01-02", "--window", "2d"],
     "--window: reaches back too far: '1899-12-31T00:00:00Z' is outside the years 1900 to 2199"),
    (["topic", "Storm Bert", "--until", "1900-01-02", "--window", "2d"],
     "--window: reaches back too far: '1899-12-31T00:00:00Z' is outside the years 1900 to 2199"),
    (["trending", "--at", "1900-01-10", "--window", "6h", "--baseline", "30d"],
     "--baseline: reaches back too far: '1899-12-10T18:00:00Z' is outside the years 1900 to 2199"),
])
def test_a_window_reaching_back_before_1900_is_one_line(tmp_path, args, words):
    """Was a ValueError traceback from the query that read the window's start."""
    (tmp_path / "a.txt").write_text(GOOD + "\n")
    db_path = tmp_path / "h.db"
    assert headlines(db_path, "ingest", str(tmp_path / "a.txt"), "--seen-at", SEEN).returncode == 0
    done = headlines(db_path, *args)
    assert done.returncode == 2 and done.stderr.strip().splitlines()[-1] == f"Error: {words}", done.stderr
    assert "Traceback" not in done.stderr


def test_the_api_says_an_empty_window_in_its_own_parameter_names(db, tmp_path):
    from headlines.reports import span
    with pytest.raises(ReportError) as caught:
        span(db, "24h", since="2199-01-01")   # no sightings: the window would end now
    assert str(caught.value).startswith("since: the window is empty: since must be before now, "
                                        "where the window ends without until")
    with pytest.raises(ReportError) as caught:
        span(db, "24h", since="2026-11-20", until="2026-11-19")
    assert str(caught.value) == "since: the window is empty: since must be before until"


# --- status reads; it mirrors a sources file only when one is given ----------------------------

SOURCES_TOML = '[[source]]\nname = "example-site"\nurl = "https://example.org/"\nevery = "15m"\n'


def test_status_leaves_the_sources_table_alone_unless_a_sources_file_is_given(tmp_path):
    db_path = tmp_path / "other.db"
    own = tmp_path / "own.toml"
    own.write_text('[[source]]\nname = "mine"\nurl = "https://mine.example/"\n')
    (tmp_path / "a.txt").write_text(GOOD + "\n")
    assert headlines(db_path, "ingest", str(tmp_path / "a.txt"), "--source", "paper").returncode == 0
    assert headlines(db_path, "status", "--sources", str(own)).returncode == 0   # an explicit file: mirrored
    before = rows(db_path, "SELECT name, kind, enabled FROM sources")
    assert before == [("mine", "html", 1), ("paper", "ingested", 0)]
    # Run where a sources.toml lies about (the repository's): a read leaves the table as it was.
    (tmp_path / "sources.toml").write_text(SOURCES_TOML)
    shown = headlines(db_path, "status", "--json", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert [(s["source"], s["enabled"]) for s in json.loads(shown.stdout)["sources"]] == [("mine", 1), ("paper", 0)]
    assert rows(db_path, "SELECT name, kind, enabled FROM sources") == before
    # HEADLINES_SOURCES says which file as --sources does.
    mirrored = headlines(db_path, "status", "--json", cwd=tmp_path, env={"HEADLINES_SOURCES": "sources.toml"})
    assert mirrored.returncode == 0, mirrored.stderr
    assert rows(db_path, "SELECT name, kind, enabled FROM sources") == [
        ("example-site", "html", 1), ("mine", "html", 0), ("paper", "ingested", 0)]


def test_status_with_a_sources_file_that_is_missing_names_it(tmp_path):
    db_path = tmp_path / "h.db"
    (tmp_path / "a.txt").write_text(GOOD + "\n")
    assert headlines(db_path, "ingest", str(tmp_path / "a.txt")).returncode == 0
    done = headlines(db_path, "status", "--sources", str(tmp_path / "typo.toml"))
    assert done.returncode == 2 and done.stderr.strip().splitlines() == [
        f"Error: {tmp_path / 'typo.toml'}: sources file not found"], done.stderr


def test_a_bad_crawl_setting_stops_the_worker_as_an_input_error(tmp_path):
    """As for `crawl` and schedule.py: exit 2, one line naming the variable, before any Redis is asked."""
    done = headlines(tmp_path / "h.db", "worker", "--redis", "redis://127.0.0.1:1/0",
                     env={"HEADLINES_DOWNLOAD_DELAY": "soon"})
    assert done.returncode == 2 and done.stderr.strip().splitlines() == [
        "Error: HEADLINES_DOWNLOAD_DELAY: 'soon' is not a number of seconds >= 0"], done.stderr
