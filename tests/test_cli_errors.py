"""Bad input from a user's chair, through the real `headlines` and `schedule.py` processes: each
case is one line naming the file, line, variable or option, exit 2 (input) or 1 (failure), and
nothing stored that a clean run would not store."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import fixture_bytes
from tests.serving import HEADLINES_BIN, run_cli
from tests.waiting import wait_until

SCHEDULE = Path(__file__).resolve().parent.parent / "schedule.py"
SEEN = "2026-11-20T10:00:00Z"
HEADLINES = ["Storm Bert Brings Floods Across Wales", "Taylor Swift Announces New Album at the Grammys",
             "Storm Bert Leaves Thousands Without Power"]


def run(db_path: Path, *args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(HEADLINES_BIN), "--db", str(db_path), *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **(env or {})}, cwd=cwd)


def one_line_error(done: subprocess.CompletedProcess, code: int, words: str) -> str:
    """The command failed with `code` and said so in one stderr line holding `words` (no usage text)."""
    lines = done.stderr.strip().splitlines()
    assert done.returncode == code, (done.returncode, done.stderr)
    assert len(lines) == 1 and words in lines[0], done.stderr
    assert "Traceback" not in done.stderr and "Usage:" not in done.stderr
    return lines[0]


def count(db_path: Path, sql: str) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("cli-errors")
    (tmp / "a.txt").write_text("\n".join(HEADLINES) + "\n")
    db_path = tmp / "headlines.db"
    done = run_cli(db_path, "ingest", str(tmp / "a.txt"), "--source", "wire", "--seen-at", SEEN)
    assert done.returncode == 0, done.stderr
    return db_path


@pytest.mark.parametrize("args, words", [
    (["top", "--source", "wier"], "--source: no source named 'wier'"),
    (["trending", "--source", "wier"], "--source: no source named 'wier'"),
    (["headlines", "--source", "wier"], "--source: no source named 'wier'"),
    (["headlines", "--topic", "Storm Brent"], "--topic: no topic named 'Storm Brent'"),
])
def test_a_name_that_names_nothing_is_an_error_not_an_empty_answer(filled, args, words):
    one_line_error(run(filled, *args), 1, words)


def test_the_names_that_exist_still_answer(filled):
    done = run(filled, "headlines", "--source", "wire", "--topic", "storm bert", "--json")
    assert done.returncode == 0, done.stderr
    assert '"Storm Bert Brings Floods Across Wales"' in done.stdout


@pytest.mark.parametrize("args, words", [
    (["top", "--at", "2026-11-20", "--until", "2026-11-21"], "--at: cannot be combined with --until (both"),
    (["stories", "--since", "2026-11-19", "--window", "2h"],
     "--window: cannot be combined with --since (--since and --until, or the newest sighting"),
    (["headlines", "--since", "2026-11-19", "--until", "2026-11-21", "--window", "2h"],
     "--window: cannot be combined with --since"),
])
def test_options_that_would_drop_one_another_are_refused(filled, args, words):
    done = run(filled, *args)
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_a_database_from_a_newer_schema_is_refused_and_left_unchanged(filled, tmp_path):
    newer = tmp_path / "newer.db"
    newer.write_bytes(filled.read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('headlines', 'm999_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = digest(newer)
    for args in (["top"], ["ingest", str(filled.parent / "a.txt")]):
        one_line_error(run(newer, *args), 1, "made by a newer version of headlines (schema change "
                       "'m999_from_the_future' is unknown to this one)")
    assert digest(newer) == before and not Path(f"{newer}-wal").exists()


@pytest.mark.parametrize("command", [["rebuild"], ["prune", "--older-than", "30d"]])
def test_rebuild_and_prune_of_a_mistyped_database_create_nothing(tmp_path, command):
    one_line_error(run(tmp_path / "typo.db", *command), 1, "typo.db: database does not exist")
    assert not (tmp_path / "typo.db").exists()


def test_a_blank_database_name_is_named(tmp_path):
    done = subprocess.run([str(HEADLINES_BIN), "--db", " ", "top"], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path)
    assert done.returncode == 2 and "--db: give a database file name (it is blank)" in done.stderr, done.stderr


def test_a_database_folder_that_cannot_be_made_is_one_line(tmp_path):
    (tmp_path / "a.txt").write_text(HEADLINES[0] + "\n")
    (tmp_path / "plain-file").write_text("not a folder")
    one_line_error(run(tmp_path / "plain-file" / "x.db", "ingest", str(tmp_path / "a.txt")), 1,
                   "plain-file/x.db: cannot create its folder")


@pytest.mark.parametrize("command", [["crawl"], ["status"]])
def test_a_sources_file_not_in_utf8_names_its_line(tmp_path, command):
    sources = tmp_path / "sources.toml"
    sources.write_bytes(b'[[source]]\nname = "cafe"\nurl = "https://caf\xe9.example/"\n')
    done = run(tmp_path / "h.db", *command, "--sources", str(sources))
    one_line_error(done, 2, f"{sources}:3: not UTF-8 text (byte 0xe9)")


def test_a_folder_given_as_the_sources_file_is_named(tmp_path):
    (tmp_path / "conf").mkdir()
    one_line_error(run(tmp_path / "h.db", "status", "--sources", str(tmp_path / "conf")), 2,
                   "conf: is a directory, not a sources file")


@pytest.mark.parametrize("topics, words", [
    (b'ignore = "ET"\n', "key 'ignore': must be a list of topic names"),
    (b'ignore = ["ET"]\n[aliases]\n"RHOBH" = "Real Housewives of Beverly Hills\n', "not valid TOML"),
    (b'ignore = ["ET"]\n\n[aliases]\n"Caf\xe9" = "Cafe"\n', ":4: not UTF-8 text (byte 0xe9)"),
])
def test_a_bad_topics_file_stops_ingest_and_rebuild_before_they_change_anything(filled, tmp_path, topics, words):
    db_path = tmp_path / "copy.db"
    db_path.write_bytes(filled.read_bytes())
    (tmp_path / "topics.toml").write_bytes(topics)
    (tmp_path / "b.txt").write_text("Council Delays Vote on the New Bridge\n")
    before = digest(db_path)
    for args in (["ingest", str(tmp_path / "b.txt")], ["rebuild"]):
        one_line_error(run(db_path, *args, env={"HEADLINES_TOPICS": str(tmp_path / "topics.toml")}), 2, words)
    assert digest(db_path) == before


@pytest.mark.parametrize("variable, value, words", [
    ("HEADLINES_DOWNLOAD_DELAY", "soon", "HEADLINES_DOWNLOAD_DELAY: 'soon' is not a number of seconds >= 0"),
    ("HEADLINES_DOWNLOAD_TIMEOUT", "0", "HEADLINES_DOWNLOAD_TIMEOUT: '0' is not a number of seconds > 0"),
    ("HEADLINES_LOG_LEVEL", "LOUD", "HEADLINES_LOG_LEVEL: 'LOUD' is not one of DEBUG, INFO"),
    ("HEADLINES_EXTRACT_PROCESSES", "many", "HEADLINES_EXTRACT_PROCESSES: expected a whole number >= 0"),
    ("HEADLINES_MIN_EVERY", "soon", "HEADLINES_MIN_EVERY: 'soon' is not a duration"),
])
def test_a_bad_crawl_variable_is_named_before_any_run_is_recorded(tmp_path, variable, value, words):
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nname = "local"\nurl = "http://127.0.0.1:9/"\nevery = "1m"\n')
    db_path = tmp_path / "h.db"
    one_line_error(run(db_path, "crawl", "--sources", str(sources), env={variable: value}), 2, words)
    assert not db_path.exists() or count(db_path, "SELECT count(*) FROM crawls") == 0


def test_schedule_refuses_a_bad_topics_file_or_variable_at_start(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nname = "local"\nurl = "http://127.0.0.1:9/"\nevery = "1m"\n')
    (tmp_path / "topics.toml").write_text('ignore = "ET"\n')
    base = [sys.executable, str(SCHEDULE), "--sources", str(sources), "--db", str(tmp_path / "h.db"), "--once"]
    for extra_env, words in (({"HEADLINES_TOPICS": str(tmp_path / "topics.toml")}, "key 'ignore'"),
                             ({"HEADLINES_DOWNLOAD_DELAY": "-1"}, "HEADLINES_DOWNLOAD_DELAY: '-1'")):
        done = subprocess.run(base, capture_output=True, text=True, timeout=120, env={**os.environ, **extra_env})
        one_line_error(done, 2, words)
    done = subprocess.run([*base, "--max-inflight", "0"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--max-inflight: '0' is not a whole number >= 1" in done.stderr


@pytest.mark.parametrize("args, words", [
    (["--source", "  "], "--source: blank; give a name for rows without one"),
    (["--source", "wire\x1b[2J"], "--source: control character U+001B; give a name for rows without one"),
    (["--url", "news.example/home"], "--url: 'news.example/home' is not an http(s) URL"),
])
def test_a_blank_ingest_source_or_a_url_that_is_none_is_refused(tmp_path, args, words):
    (tmp_path / "a.txt").write_text(HEADLINES[0] + "\n")
    done = run(tmp_path / "h.db", "ingest", str(tmp_path / "a.txt"), *args)
    assert done.returncode == 2 and words in done.stderr, done.stderr
    assert not (tmp_path / "h.db").exists()


def test_ctrl_c_mid_ingest_keeps_nothing_half_done_and_a_rerun_equals_a_clean_run(tmp_path):
    rows = [f"Council Backs Plan Number {i} for the City Centre" for i in range(300)]
    (tmp_path / "all.txt").write_text("\n".join(rows) + "\n")
    clean = tmp_path / "clean.db"
    assert run(clean, "ingest", str(tmp_path / "all.txt"), "--seen-at", SEEN).returncode == 0
    # A pipe that gives half the rows and then waits: the interrupt lands mid-file, deterministically.
    pipe = tmp_path / "half.txt"
    os.mkfifo(pipe)
    cut = tmp_path / "cut.db"
    proc = subprocess.Popen([str(HEADLINES_BIN), "--db", str(cut), "ingest", str(pipe), "--seen-at", SEEN],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with open(pipe, "w") as writer:
        writer.write("\n".join(rows[:150]) + "\n")
        writer.flush()
        wait_until(lambda: cut.exists(), 30, "the ingest to open its database")
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip() == ("interrupted: what was stored before Ctrl-C is kept; the same command again goes on "
                           "from there without counting anything twice")
    assert run(cut, "ingest", str(tmp_path / "all.txt"), "--seen-at", SEEN).returncode == 0
    for sql in ("SELECT count(*) FROM headlines", "SELECT sum(times_seen) FROM appearances",
                "SELECT sum(sightings) FROM sightings_hourly"):
        assert count(cut, sql) == count(clean, sql) == 300, sql


def test_ctrl_c_mid_crawl_ends_the_crawl_process_and_records_its_runs(tmp_path, site):
    site.add("/slow-page", "<html><body><ul><li><a href='/a'>Slow Page Headline</a></li></ul></body></html>",
             delay=30)
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "slow"\nurl = "{site.url("/slow-page")}"\nevery = "1m"\n')
    db_path = tmp_path / "h.db"
    proc = subprocess.Popen([str(HEADLINES_BIN), "--db", str(db_path), "crawl", "--sources", str(sources)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until(lambda: site.hits.get("/slow-page"), 60, "the crawl to ask for the slow page")
    pid = count(db_path, "SELECT pid FROM crawls WHERE source = 'slow'")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and err.startswith("interrupted:"), err
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT status, error FROM crawls").fetchall() == [("failed", "interrupted (Ctrl-C)")]
    conn.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    # A user's Ctrl-C is no failure of the source (nor a success): status counts no failure in a row.
    shown = run(db_path, "status", "--sources", str(sources), "--json")
    assert shown.returncode == 0, shown.stderr
    (slow,) = json.loads(shown.stdout)["sources"]
    assert (slow["status"], slow["error"], slow["failures_in_row"]) == ("failed", "interrupted (Ctrl-C)", 0)


@pytest.mark.parametrize("args, words", [
    (["http://[::1"], "TARGET: 'http://[::1' is not an http(s) URL"),          # was a ValueError traceback
    (["ftp://news.example/"], "TARGET: 'ftp://news.example/' is not an http(s) URL"),   # was "cannot read"
    (["PAGE", "--url", "news.example"], "--url: 'news.example' is not an http(s) URL"),
])
def test_extract_names_an_address_it_cannot_use(tmp_path, args, words):
    page = tmp_path / "page.html"
    page.write_text("<html><body><a href='/a'>One Headline Here</a></body></html>")
    done = run(tmp_path / "h.db", "extract", *[str(page) if a == "PAGE" else a for a in args])
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_serve_on_a_busy_port_or_an_unknown_host_is_one_line(filled):
    import socket
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        line = one_line_error(run(filled, "serve", "--port", str(port)), 1, f"--port: cannot listen on 127.0.0.1:{port}")
        assert "pick another --port, or 0 for a free one" in line
    done = run(filled, "serve", "--host", "no-such-host.invalid", "--port", "0")
    assert done.returncode == 2 and "--host: cannot listen on 'no-such-host.invalid'" in done.stderr, done.stderr


EMPTY_INPUTS = [("page.html", b""), ("feed.xml", b""), ("feed.json", b"  \n"), ("rows.txt", b""),
                ("rows.csv", b""), ("rows.jsonl", b"\n\n"), ("bom.txt", b"\xef\xbb\xbf\n \n")]


@pytest.mark.parametrize("name, body", EMPTY_INPUTS)
def test_an_empty_file_is_one_warning_naming_it_in_every_format(tmp_path, name, body):
    """Nothing to ingest is no input error (exit 2 is for bad rows): a warning, exit 0, nothing stored."""
    (tmp_path / name).write_bytes(body)
    (tmp_path / "a.txt").write_text(HEADLINES[0] + "\n")
    done = run(tmp_path / "h.db", "ingest", str(tmp_path / name), str(tmp_path / "a.txt"), "--seen-at", SEEN)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == f"warning: {tmp_path / name}: empty file, nothing to ingest"
    assert count(tmp_path / "h.db", "SELECT count(*) FROM headlines") == 1   # the other file's row


def test_a_csv_header_alone_is_nothing_to_ingest(tmp_path):
    (tmp_path / "rows.csv").write_text("text,url,source,seen_at\n")
    done = run(tmp_path / "h.db", "ingest", str(tmp_path / "rows.csv"))
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == f"warning: {tmp_path / 'rows.csv'}: no rows under the header, nothing to ingest"


@pytest.mark.parametrize("name", ["page.html", "feed.xml"])
def test_extract_of_an_empty_file_warns_as_ingest_does(tmp_path, name):
    (tmp_path / name).write_bytes(b"")
    done = run(tmp_path / "unused.db", "extract", str(tmp_path / name))
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == f"warning: {tmp_path / name}: empty file, nothing to extract"
    assert json.loads(done.stdout)["lists"] == []


CONTROLLED = [
    ("rows.csv", "text,url,source,seen_at\nCouncil Backs Plan for the City Centre,,wire,\n"
                 "\"Storm\x00 Bert Brings\x01 Floods Across Wales\",https://news.example/a,wire,\n"
                 "Taylor Swift\x00 Announces New Album at the Grammys,,wire,\n", 3, 3, 2),
    ("rows.jsonl", '{"text": "Council Backs Plan for the City Centre"}\n'
                   '{"text": "Storm\\u0000 Bert Brings\\u001b Floods Across Wales", "url": "https://news.example/a"}\n',
     2, 2, 1),
    ("rows.txt", "Council Backs Plan for the City Centre\nStorm\x00\x00 Bert Brings Floods Across Wales\x7f\n", 2, 3, 1),
]


@pytest.mark.parametrize("name, body, line, controls, rows", CONTROLLED)
def test_control_characters_in_a_headline_are_counted_once_per_file(tmp_path, name, body, line, controls, rows):
    """NUL and the other control characters are dropped from the headline as before, and now said:
    one warning for the file naming its first line; every row is stored, its link too (exit 0)."""
    (tmp_path / name).write_text(body)
    done = run(tmp_path / "h.db", "ingest", str(tmp_path / name), "--source", "wire", "--seen-at", SEEN)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == (
        f"warning: {tmp_path / name}:{line}: {controls} control characters (e.g. U+0000) dropped from "
        f"{rows} headline{'s' if rows > 1 else ''}, the first on this line; the rest of each row is stored")
    conn = sqlite3.connect(tmp_path / "h.db")
    stored = dict(conn.execute("SELECT text, url FROM headlines"))
    conn.close()
    assert "Storm Bert Brings Floods Across Wales" in stored and "Council Backs Plan for the City Centre" in stored
    assert len(stored) == body.count("\n") - name.endswith(".csv")
    if name != "rows.txt":
        assert stored["Storm Bert Brings Floods Across Wales"] == "https://news.example/a"


def test_schedule_started_by_a_python_without_the_packages_says_which_python(tmp_path):
    """`python schedule.py` before the venv is activated (python -S: no site-packages) is one line
    naming the missing module and the Python to use, not a traceback."""
    done = subprocess.run([sys.executable, "-S", str(SCHEDULE), "--once"], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    line = one_line_error(done, 1, "error: No module named")
    assert f"{SCHEDULE.parent / '.venv/bin/python'} {SCHEDULE} ..." in line and ". .venv/bin/activate" in line



def test_ctrl_c_records_runs_it_cut_short_as_interrupted_not_as_their_outcome(tmp_path, site):
    """Forty sources on one site: the crawl hands 16 requests to its downloader (two a site at once)
    and holds the rest. Ctrl-C: the crawl process drains what it handed over and closes, in the
    grace it is given. The runs it never asked for were recorded as `empty` ("no headlines
    found"), an outcome their sources never had (a success for back-off); they are
    `interrupted (Ctrl-C)`, and the runs answered keep their outcome."""
    names = [f"s{n:02d}" for n in range(40)]
    for name in names:
        site.add(f"/{name}.html", fixture_bytes("rail.html"))
    sources = tmp_path / "sources.toml"
    sources.write_text("".join(f'[[source]]\nname = "{n}"\nurl = "{site.url(f"/{n}.html")}"\nevery = "1m"\n\n'
                               for n in names))
    db_path = tmp_path / "h.db"
    proc = subprocess.Popen([str(HEADLINES_BIN), "--db", str(db_path), "crawl", "--sources", str(sources)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "HEADLINES_DOWNLOAD_DELAY": "0"})
    wait_until(lambda: any(site.hits.get(f"/{n}.html") for n in names), 60, "the first page to be asked for")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    conn = sqlite3.connect(db_path)
    runs = dict(conn.execute("SELECT source, status || ': ' || coalesce(error, '') FROM crawls"))
    conn.close()
    asked = {n for n in names if site.hits.get(f"/{n}.html")}
    assert len(asked) < len(names), "every page was asked for before the Ctrl-C landed"
    assert all(runs[n] == "failed: interrupted (Ctrl-C)" for n in names if n not in asked), runs
    assert all(runs[n] in ("ok: ", "failed: interrupted (Ctrl-C)") for n in asked), runs
