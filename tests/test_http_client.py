"""Fetches outside Scrapy (requests): User-Agent, retries with back-off on 429/5xx, robots.txt
for `extract URL` and `sources suggest URL`, and the alert webhook; all against local servers."""
from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from headlines import alerts, http_client
from headlines.cli import cli
from spiders.settings import USER_AGENT
from tests.conftest import fixture_bytes, route


def test_extract_url_sends_the_project_user_agent_and_finds_lists(site):
    url = site.add("/hc/rail.html", fixture_bytes("rail.html"))
    result = CliRunner().invoke(cli, ["extract", url, "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["url"] == url and sum(len(lst["headlines"]) for lst in payload["lists"]) >= 4
    assert site.headers["/hc/rail.html"][-1]["User-Agent"] == USER_AGENT


def test_a_429_is_retried_and_the_page_then_read(site):
    site.routes["/hc/busy.html"] = route("slow down", status=429, content_type="text/plain", times=1,
                                         then=route(fixture_bytes("rail.html")))
    page = http_client.get_page(site.url("/hc/busy.html"))
    assert site.hits["/hc/busy.html"] == 2 and b"videos" in page.body


def test_a_long_retry_after_is_cut_short(monkeypatch):
    monkeypatch.setattr(http_client, "MAX_RETRY_AFTER", 0.2)
    answers = iter([(429, b"", {"Retry-After": "3600"}), (200, RAIL)])
    hits: list[str] = []
    with local_server(lambda path: (404, b"") if path == "/robots.txt" else next(answers), hits) as base:
        started = time.monotonic()
        page = http_client.get_page(base + "/busy")
    assert page.body == RAIL and hits.count("GET /busy") == 2
    assert 0.2 <= time.monotonic() - started < 5  # waited, but not the hour the server asked for


def test_a_server_error_that_persists_gives_up_after_the_retries_with_one_line(site):
    url = site.add("/hc/down", "down", status=503, content_type="text/plain")
    with pytest.raises(http_client.FetchError) as caught:
        http_client.get_page(url, http=http_client.session(backoff=0.01))
    assert site.hits["/hc/down"] == 1 + http_client.RETRIES
    assert str(caught.value) == f"{url}: HTTP 503 Service Unavailable"


def test_a_client_error_is_not_retried(site):
    url = site.add("/hc/gone", "gone", status=404, content_type="text/plain")
    result = CliRunner().invoke(cli, ["extract", url, "--json"])
    assert result.exit_code == 1 and site.hits["/hc/gone"] == 1
    assert result.output.strip() == f"Error: {url}: HTTP 404 Not Found"


@pytest.mark.parametrize("command", [["extract"], ["sources", "suggest"]])
def test_extract_and_suggest_obey_robots_txt_like_a_crawl(site, command):
    url = site.add(f"/private/hc-{command[-1]}.html", fixture_bytes("rail.html"))
    result = CliRunner().invoke(cli, [*command, url])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {url}: disallowed by robots.txt ({site.base}/robots.txt)"
    assert f"/private/hc-{command[-1]}.html" not in site.hits  # never fetched


def test_a_site_without_robots_txt_allows_everything(tmp_path):
    hits: list[str] = []
    with local_server(lambda path: (404, b"") if path == "/robots.txt" else (200, RAIL), hits) as base:
        page = http_client.get_page(base + "/page.html")
    assert page.body == RAIL and hits == ["GET /robots.txt", "GET /page.html"]


def test_robots_txt_is_checked_again_at_every_redirect_hop():
    def answer(path):
        if path == "/robots.txt":
            return 200, b"User-agent: *\nDisallow: /members/\n"
        if path == "/latest":
            return 302, b"", {"Location": "/members/latest"}
        return 200, RAIL
    hits: list[str] = []
    with local_server(answer, hits) as base:
        with pytest.raises(http_client.Disallowed) as caught:
            http_client.get_page(base + "/latest")
    assert str(caught.value) == f"{base}/members/latest: disallowed by robots.txt ({base}/robots.txt)"
    assert hits == ["GET /robots.txt", "GET /latest"]  # robots.txt read once, the target never


def test_connection_refused_is_one_line():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(http_client.FetchError, match=r"^http://127\.0\.0\.1:\d+/x: cannot connect"):
        http_client.get_page(f"http://127.0.0.1:{port}/x", http=http_client.session(retries=0))


def test_webhook_is_retried_after_a_503_and_sent_as_json_with_our_user_agent():
    answers = iter([503, 204])
    hits: list[str] = []
    with local_server(lambda path: (next(answers), b""), hits) as base:
        alerts.post_json(base + "/hook", {"kind": "source_failing", "message": "x failed"})
    assert hits == ["POST /hook"] * 2
    assert LAST["headers"]["User-Agent"] == USER_AGENT
    assert LAST["headers"]["Content-Type"] == "application/json"
    assert json.loads(LAST["body"]) == {"kind": "source_failing", "message": "x failed"}


def test_a_failing_webhook_is_logged_never_raised(caplog):
    hits: list[str] = []
    with local_server(lambda path: (400, b""), hits) as base:
        alerts.post_json(base + "/hook", {"kind": "k"})
    assert hits == ["POST /hook"]  # a 4xx is not retried
    assert f"alert webhook failed: {base}/hook: HTTP 400 Bad Request" in caplog.text


RAIL = b"<html><body><ul><li><a href='/a'>A story long enough to be one</a></li></ul></body></html>"
LAST: dict = {}


class local_server:
    """A one-off server: `answer(path) -> (status, body[, headers])`; each request is noted in `hits`."""

    def __init__(self, answer, hits: list[str]) -> None:
        def handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            LAST.update(headers=dict(self.headers), body=self.rfile.read(length) if length else b"")
            hits.append(f"{self.command} {self.path}")
            status, body, *headers = answer(self.path)
            self.send_response(status)
            for name, value in (headers[0] if headers else {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        handler = type("Handler", (BaseHTTPRequestHandler,),
                       {"do_GET": handle, "do_POST": handle, "log_message": lambda *a: None})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
