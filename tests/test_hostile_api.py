"""Fuzzed API requests against `headlines serve`: each is a 400/404 JSON error with our headers, never a 500."""
from __future__ import annotations

import asyncio
import csv
import io
import json
import sqlite3
from datetime import timedelta

import pytest

from headlines.output import csv_cell
from headlines.web.app import HeadlinesApp, create_app
from headlines.web.cache import AnswerCache
from tests.serving import build_db, iso, run_cli, start_server

FUZZ = [
    ("/api/top?window=99999999d", 400, "window"),
    ("/api/trending?baseline=99999999d", 400, "baseline"),
    ("/api/top?since=0001-01-01T00:00%2B01:00", 400, "outside the years"),
    ("/api/top?at=0001-01-01", 400, "outside the years"),
    ("/api/top?since=0001-01-01&until=9999-12-31", 400, "outside the years"),
    ("/api/top?until=9999-12-31T23:00-05:00", 400, "outside the years"),
    ("/api/top?window=1e400d", 400, "window"),
    ("/api/top?limit=" + "9" * 5000, 400, "limit"),
    ("/api/top?limit=%EF%BC%91", 400, "limit"),          # a fullwidth digit one
    ("/api/top?limit=%D9%A1", 400, "limit"),             # an Arabic-Indic digit one
    ("/api/headlines?search=" + "a" * 100000, 400, "search"),
    ("/api/headlines?search=%00", 400, "search"),
    ("/api/headlines?search=abc%00def", 400, "search"),
    ("/api/top?at=2026-11-20&until=2026-11-21", 400, "at: cannot be combined with until"),
    ("/api/stories?since=2026-11-19&window=2h", 400, "window: cannot be combined with since"),
    ("/api/trending?source=nobody", 404, "source: no source named 'nobody'"),
    ("/api/headlines?topic=Storm%20Brent", 404, "topic: no topic named 'Storm Brent'"),
    ("/api/top?window=24h&window=7d", 400, "window: given 2 times; every parameter takes one value"),
    ("/api/headlines?limit=5&search=x&limit=5", 400, "limit: given 2 times"),
    ("/api/trending?source=&source=wire&source=gossip", 400, "source: given 3 times"),
    ("/api/top?format=csv&format=json", 400, "format: given 2 times"),
    ("/api/top.csv?format=json", 400, "format: 'json' contradicts the path's .csv suffix"),
    ("/api/top?source=%FF", 400, "source: percent-encoded byte 0xff is not UTF-8 text"),
    ("/api/headlines?search=caf%E2%82", 400, "search: percent-encoded byte 0xe2 is not UTF-8 text"),
    ("/api/top?wind%FFow=1h", 400, "query: percent-encoded byte 0xff is not UTF-8 text"),
    ("/%00", 404, "not found"),
    ("/index.html%00.js", 404, "not found"),
    ("/static/%00/../index.html", 404, "not found"),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile-api")
    db_path = tmp / "headlines.db"
    now = build_db(db_path, tmp)
    formula = "=HYPERLINK(\"http://evil.example\",\"Click For Prize\")"
    (tmp / "formula.jsonl").write_text(json.dumps({"text": formula, "source": "gossip",
                                                   "seen_at": iso(now - timedelta(hours=1))}) + "\n")
    assert run_cli(db_path, "ingest", str(tmp / "formula.jsonl")).returncode == 0
    # A formula as a link: ingest refuses it (no http(s) link), a database written before it did holds it.
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("UPDATE headlines SET url = '@SUM(1+1)' WHERE text = ?", (formula,)).rowcount == 1
    conn.close()
    server = start_server(db_path)
    server.db_path = db_path
    yield server
    server.stop()


@pytest.mark.parametrize("path, param", [
    ("/api/top?limit=0", "limit"), ("/api/top?at=2026-11-20&until=2026-11-21", "at"),
    ("/api/topic?name=Storm%20Brent", "name"), ("/api/headlines?source=nobody", "source"),
    ("/api/nowhere", "path"), ("/api/stories?at=2026-11-20&at=2026-11-21", "at"),
])
def test_an_error_names_its_parameter_as_a_key_too(served, path, param):
    status, _, body = served.get(path)
    assert status in (400, 404) and json.loads(body)["param"] == param


@pytest.mark.parametrize("path", ["/api/topic?name=" + "a" * 50000, "/api/top?source=" + "b" * 50000,
                                  "/api/headlines?topic=" + "c" * 50000])
def test_a_long_unknown_name_is_echoed_cut(served, path):
    status, _, body = served.get(path)
    assert status == 404 and len(json.loads(body)["error"]) < 300


@pytest.mark.parametrize("path, status, words", FUZZ, ids=[f[0][:40] for f in FUZZ])
def test_fuzzed_request_is_a_json_error_with_security_headers(served, path, status, words):
    got, headers, body = served.get(path)
    assert got == status, (path, got, body[:300])
    assert headers["content-type"].startswith("application/json")
    assert words in json.loads(body)["error"]
    assert "content-security-policy" in headers and headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("term", ["%", "_", "\\", "%%", "_ _"])
def test_like_wildcards_match_only_themselves(served, term):
    from urllib.parse import quote
    everything = served.json("/api/headlines?window=7d&limit=100")["headlines"]
    assert everything
    found = served.json(f"/api/headlines?window=7d&limit=100&search={quote(term)}")["headlines"]
    assert [h["text"] for h in found] == [h["text"] for h in everything if term in h["text"]]


def test_search_still_finds_text(served):
    found = served.json("/api/headlines?window=7d&search=Love%20Island")["headlines"]
    assert found and all("Love Island" in h["text"] for h in found)


def test_csv_cells_cannot_start_formulas(served):
    status, _, body = served.get("/api/headlines.csv?window=7d&limit=100")
    assert status == 200
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    cell = next(r for r in rows if "HYPERLINK" in r["text"])
    assert cell["text"].startswith("'=HYPERLINK") and cell["url"] == "'@SUM(1+1)"
    assert all(not r[k].startswith(("=", "+", "-", "@")) for r in rows for k in ("text", "url"))
    cli = run_cli(served.db_path, "headlines", "--window", "7d", "--csv").stdout
    assert "'=HYPERLINK" in cli and "\n=HYPERLINK" not in cli


def test_csv_cell_keeps_numbers_and_plain_text():
    assert csv_cell(-3) == "-3" and csv_cell(2.5) == "2.5" and csv_cell("Plain") == "Plain"
    assert csv_cell("+1 555") == "'+1 555" and csv_cell("-5 things") == "'-5 things"


# --- in-process: the ASGI app itself ---------------------------------------------------------------

def call(app, path: str, query: str = "") -> tuple[int, dict, bytes]:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "query_string": query.encode(), "headers": []}
    asyncio.run(app(scope, receive, send))
    headers = {k.decode(): v.decode() for k, v in sent[0]["headers"]}
    return sent[0]["status"], headers, sent[1]["body"]


def test_an_unexpected_error_is_a_500_with_our_headers(db_path, monkeypatch):
    app = create_app(db_path)

    async def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(app, "route", broken)
    status, headers, body = call(app, "/api/top")
    assert status == 500 and json.loads(body) == {"error": "internal error (logged on the server)"}
    assert headers["x-content-type-options"] == "nosniff" and "default-src 'none'" in headers["content-security-policy"]


def test_answer_cache_is_bounded_by_bytes(tmp_path, db_path):
    lines = [json.dumps({"text": f"Headline number {i} about the harbour road and the storm {'x' * 200}",
                         "seen_at": "2026-11-20T10:00:00Z"}) for i in range(300)]
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n")
    assert run_cli(db_path, "ingest", str(tmp_path / "many.jsonl")).returncode == 0
    budget = 200_000
    app = HeadlinesApp(db_path, cache_bytes=budget)
    for limit in range(1, 120):
        status, _, _ = call(app, "/api/headlines", f"since=2026-11-20&until=2026-11-21&limit={limit}")
        assert status == 200
        assert app._cache.size <= budget
    assert 0 < len(app._cache) < 119     # older answers made room for newer ones


def test_answer_cache_evicts_least_recently_used():
    cache = AnswerCache(max_bytes=400)
    for key in "abcd":
        cache.put(key, (key.upper(),), 100)
    assert cache.get("a") == ("A",)      # a is now the most recently used
    cache.put("e", ("E",), 100)
    assert list(cache.keys()) == ["c", "d", "a", "e"] and cache.size == 400
    cache.put("huge", ("H",), 101)       # over a quarter of the budget: not kept
    assert cache.get("huge") is None and cache.size == 400
