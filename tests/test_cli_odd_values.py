"""Odd option values given to the real `headlines` process: a command-line byte that is not UTF-8,
and "nan" for a number of seconds. Each is one line naming the option, exit 2, never a traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.serving import run_cli

HEADLINES_BIN = Path(sys.executable).with_name("headlines")
SEEN = "2026-11-20T10:00:00Z"


def run_bytes(*args: bytes) -> subprocess.CompletedProcess:
    """argv as raw bytes, as a terminal in a Latin-1 locale or a script passes them."""
    env = {k: v for k, v in os.environ.items() if k not in ("HEADLINES_REDIS", "HEADLINES_SOURCES")}
    return subprocess.run([os.fsencode(HEADLINES_BIN), *args], capture_output=True, timeout=120, env=env)


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("odd-values")
    (tmp / "a.txt").write_text("Storm Bert Brings Floods Across Wales\n")
    db_path = tmp / "h.db"
    assert run_cli(db_path, "ingest", str(tmp / "a.txt"), "--source", "wire", "--seen-at", SEEN).returncode == 0
    return db_path


@pytest.mark.parametrize("args, option", [
    ([b"top", b"--source", b"caf\xe9"], "--source"),
    ([b"headlines", b"--search", b"a\xffb"], "--search"),
    ([b"headlines", b"--topic", b"\xfe"], "--topic"),
    ([b"topic", b"Beyonc\xe9"], "NAME"),
])
def test_a_byte_that_is_not_utf8_is_a_usage_error(filled, args, option):
    done = run_bytes(b"--db", os.fsencode(filled), *args)
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, err
    assert err.strip().splitlines()[-1].startswith(f"Error: {option}: ") and "is not UTF-8 text" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("option, value", [(b"--source", b"\xff"), (b"--url", b"https://a.test/caf\xe9"),
                                           (b"--seen-at", b"2026-11-20\xff")])
def test_an_ingest_option_byte_that_is_not_utf8_is_one_usage_error(tmp_path, option, value):
    """Not every row refused (a row's source, the rows' base) nor a traceback (a page's URL): the
    one rule the read commands follow (headlines/reports.unicode_problem)."""
    rows = tmp_path / "rows.csv"
    rows.write_text("text\nStorm Bert Brings Floods Across Wales\n")
    done = run_bytes(b"--db", os.fsencode(tmp_path / "h.db"), b"ingest", os.fsencode(rows), option, value)
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, err
    assert err.strip().splitlines()[-1].startswith(f"Error: {option.decode()}: ") and "is not UTF-8 text" in err
    assert "Traceback" not in err and "warning" not in err
    assert not (tmp_path / "h.db").exists()   # refused before anything is opened


@pytest.mark.parametrize("command", [b"extract", b"sources suggest"])
def test_a_url_byte_that_is_not_utf8_is_one_usage_error(tmp_path, command):
    """--url goes into extract's JSON and suggest's TOML entry: refused, not printed as a stray byte."""
    page = tmp_path / "page.html"
    page.write_text("<html><body><ul><li><a href='/a'>Storm Bert Brings Floods Across Wales</a></li></ul></body></html>")
    done = run_bytes(*command.split(), os.fsencode(page), b"--url", b"https://a.test/caf\xe9")
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2 and done.stdout == b"", err
    assert err.strip().splitlines()[-1].startswith("Error: --url: ") and "is not UTF-8 text" in err


def test_a_topic_that_names_nothing_names_the_argument(filled):
    """As the API's 404 names `name`: the one line names NAME and the value as typed."""
    done = run_cli(filled, "topic", "Nobody")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == ["Error: NAME: no topic named 'Nobody' (see the top report)"]


@pytest.mark.parametrize("args, option", [
    (["serve", "--cache-seconds", "nan", "--port", "0"], "--cache-seconds"),
    (["serve", "--cache-seconds", "inf", "--port", "0"], "--cache-seconds"),
    (["worker", "--redis", "redis://127.0.0.1:1/0", "--claim-idle", "NaN"], "--claim-idle"),
])
def test_nan_seconds_are_refused(filled, args, option):
    """NaN passes click's range checks (every comparison is false): the cache or heartbeat it
    times would silently stop working."""
    done = run_cli(filled, *args)
    assert done.returncode == 2, done.stderr
    assert f"Invalid value for '{option}'" in done.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("command", [["top"], ["status"], ["topic", "Storm Bert"], ["stories"]])
def test_json_with_csv_is_refused_not_one_dropped(filled, command):
    done = run_cli(filled, *command, "--json", "--csv")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines()[-1] == \
        "Error: --json: cannot be combined with --csv (each sets the output); give one"
