"""`headlines serve` as a real process on a real database: JSON shapes, parameters, CSV, errors, ETag/304."""
from __future__ import annotations

import csv
import io
import json
import time
from urllib.parse import quote

import pytest

from tests.serving import XSS_HEADLINES, build_db, run_cli, start_server

TOP_KEYS = {"topic", "headlines", "stories", "sources", "sightings", "score", "first_seen", "last_seen"}
HEADLINE_KEYS = {"id", "text", "truncated", "url", "sources", "sightings", "first_seen", "last_seen", "story_id"}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("api")
    db_path = tmp / "headlines.db"
    build_db(db_path, tmp)
    server = start_server(db_path)
    server.db_path = db_path
    yield server
    server.stop()


def test_top_has_the_cli_shape_and_agrees_with_the_cli(served):
    body = served.json("/api/top?window=24h&limit=5")
    assert set(body) >= {"since", "until", "topics"}
    assert 0 < len(body["topics"]) <= 5
    assert all(TOP_KEYS <= set(row) for row in body["topics"])
    assert "RHOSLC" in [row["topic"] for row in served.json("/api/top?window=24h&limit=100")["topics"]]
    cli = json.loads(run_cli(served.db_path, "top", "--since", body["since"], "--until", body["until"],
                             "--limit", "5", "--json").stdout)
    assert cli["topics"] == body["topics"]


def test_window_source_and_limit_parameters(served):
    day = served.json("/api/top?window=24h&limit=100")["topics"]
    week = served.json("/api/top?window=7d&limit=100")["topics"]
    assert len(week) >= len(day)  # the older headlines only count in the longer window
    one = served.json("/api/top?window=24h&limit=1")["topics"]
    assert one == day[:1]
    gossip = served.json("/api/top?window=24h&source=gossip&limit=100")["topics"]
    assert gossip and all(row["sources"] == 1 for row in gossip)
    status, _, body = served.get("/api/top?window=24h&source=nobody")  # a typo is named, not an empty ranking
    assert status == 404 and json.loads(body) == {
        "error": "source: no source named 'nobody' in this database (see the status report, or the source "
                 "given at ingest)", "param": "source"}
    past = served.json("/api/top?since=2000-01-01&until=2000-01-02")
    assert past["since"] == "2000-01-01T00:00:00Z" and past["topics"] == []
    early = served.json("/api/top?window=24h&at=2000-06-01T00:00:00Z")
    assert early["until"] == "2000-06-01T00:00:00Z" and early["topics"] == []


def test_trending_says_why(served):
    body = served.json("/api/trending?window=6h&baseline=7d")
    assert set(body) >= {"since", "until", "baseline_since", "topics"}
    assert body["topics"], body
    for row in body["topics"]:
        assert TOP_KEYS <= set(row) and row["why"]


def test_topic_series_and_headlines(served):
    first = served.json("/api/top?window=24h")["topics"][0]["topic"]
    detail = served.json(f"/api/topic?name={quote(first)}&window=7d")
    assert detail["topic"] == first and detail["series"] and detail["headlines"]
    assert all(HEADLINE_KEYS <= set(row) for row in detail["headlines"])
    assert sum(point["headlines"] for point in detail["series"]) >= 1
    rhoslc = served.json("/api/topic?name=rhoslc")
    assert set(XSS_HEADLINES) <= {h["text"] for h in rhoslc["headlines"]}


def test_headlines_search_and_sources(served):
    found = served.json("/api/headlines?search=Bombshells&window=24h")["headlines"]
    assert [h["text"] for h in found] == ["'Love Island' Villa Welcomes Two New Bombshells"]
    assert all(HEADLINE_KEYS <= set(h) for h in found) and found[0]["sources"] == 2
    tagged = served.json("/api/headlines?topic=RHOSLC")["headlines"]
    assert set(XSS_HEADLINES) <= {h["text"] for h in tagged}
    sources = {row["source"]: row for row in served.json("/api/sources")["sources"]}
    assert set(sources) == {"gossip", "tabloid", "wire"}
    assert sources["tabloid"]["status"] == "failed" and sources["tabloid"]["failures_in_row"] == 2
    assert sources["wire"]["usual_items"] is None  # two good runs: too few to say what is usual (ledger.usual_of)
    assert "stories" in served.json("/api/stories?window=24h")


def test_csv_by_parameter_and_suffix(served):
    status, headers, body = served.get("/api/top?window=24h&format=csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert rows and list(rows[0]) == ["topic", "headlines", "stories", "sources", "sightings", "score",
                                      "first_seen", "last_seen"]
    status, _, suffixed = served.get("/api/top.csv?window=24h")
    assert status == 200 and suffixed == body
    status, _, body = served.get("/api/headlines.csv?topic=RHOSLC")
    texts = {row["text"] for row in csv.DictReader(io.StringIO(body.decode()))}
    assert set(XSS_HEADLINES) <= texts
    assert "why" in served.get("/api/trending.csv")[2].decode().splitlines()[0]


@pytest.mark.parametrize("path, needle", [
    ("/api/top?window=bad", "window: 'bad' is not a duration"),
    ("/api/top?since=yesterday", "'yesterday' is not an ISO 8601 time"),
    ("/api/top?since=2026-01-02&until=2026-01-01", "the window is empty"),
    ("/api/top?limit=0", "limit: '0'"),
    ("/api/top?limit=ten", "limit: 'ten'"),
    ("/api/trending?baseline=forever", "baseline: 'forever'"),
    ("/api/top?windw=1h", "unknown parameter 'windw'"),
    ("/api/top?format=xml", "format: 'xml'"),
    ("/api/topic", "name: give a topic"),
])
def test_bad_parameters_are_400_with_one_line_json(served, path, needle):
    status, headers, body = served.get(path)
    assert status == 400, body
    assert headers["content-type"] == "application/json"
    message = json.loads(body)["error"]
    assert needle in message and "\n" not in message and "Traceback" not in message


def test_head_and_write_methods(served):
    import urllib.request
    request = urllib.request.Request(served.base + "/api/top", method="HEAD")
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200 and response.read() == b"" and response.headers["ETag"]
    request = urllib.request.Request(served.base + "/api/top", data=b"{}", method="POST")
    try:
        urllib.request.urlopen(request, timeout=30)
        raise AssertionError("POST was accepted")
    except urllib.error.HTTPError as exc:
        assert exc.code == 405 and "only reads" in json.loads(exc.read())["error"]


def test_unknown_topic_endpoint_and_method(served):
    status, _, body = served.get("/api/topic?name=No%20Such%20Topic%20Here")
    assert status == 404 and "no topic named" in json.loads(body)["error"]
    status, _, body = served.get("/api/nothing")
    assert status == 404 and "/api/top" in json.loads(body)["error"]
    status, _, _ = served.get("/../pyproject.toml")
    assert status == 404


def test_etag_gives_304_to_a_polling_dashboard(served):
    status, headers, body = served.get("/api/top?window=24h")
    etag = headers["etag"]
    assert status == 200 and etag and "max-age" in headers["cache-control"]
    status, again, body304 = served.get("/api/top?window=24h", {"If-None-Match": etag})
    assert status == 304 and body304 == b"" and again["etag"] == etag
    status, _, _ = served.get("/api/top?window=24h", {"If-None-Match": 'W/"something-else"'})
    assert status == 200
    _, csv_headers, _ = served.get("/api/top.csv?window=24h")
    assert csv_headers["etag"] != etag  # another representation, another validator


def test_etag_changes_when_data_changes(tmp_path):
    """The answer cache keeps an answer while the database is unchanged, and no longer."""
    db_path = tmp_path / "headlines.db"
    build_db(db_path, tmp_path)
    server = start_server(db_path, ["--cache-seconds", "0.2"])
    try:
        _, headers, _ = server.get("/api/top?window=24h&limit=100")
        assert headers["server-timing"].startswith("db;dur=")
        time.sleep(0.3)
        _, again, _ = server.get("/api/top?window=24h&limit=100")
        assert again["server-timing"] == "cache;desc=hit" and again["etag"] == headers["etag"]
        (tmp_path / "more.txt").write_text("'Succession' Finale Breaks Records\n'Succession' Cast Reunites\n")
        assert run_cli(db_path, "ingest", str(tmp_path / "more.txt"), "--source", "late").returncode == 0
        status, after, body = server.get("/api/top?window=24h&limit=100", {"If-None-Match": headers["etag"]})
        assert status == 200 and after["etag"] != headers["etag"]
        assert "Succession" in [row["topic"] for row in json.loads(body)["topics"]]
    finally:
        server.stop()


def test_dashboard_page_and_security_headers(served):
    status, headers, body = served.get("/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    page = body.decode()
    assert 'src="/app.js"' in page and "http://" not in page.replace("http://www.w3.org", "")
    status, headers, script = served.get("/app.js")
    assert status == 200 and "javascript" in headers["content-type"]
    assert b"innerHTML" not in script and b"eval(" not in script
    status, _, _ = served.get("/app.css", {"If-None-Match": served.get("/app.css")[1]["etag"]})
    assert status == 304
