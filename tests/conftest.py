"""Shared fixtures: real SQLite files, and a real HTTP server on 127.0.0.1 for crawl tests."""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from db import open_db

FIXTURES = Path(__file__).parent / "fixtures"
# Tests crawl their own local server every second or so; real sources may not go below 1m.
os.environ.setdefault("HEADLINES_MIN_EVERY", "0.1s")


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    etag: str | None = None             # answer 304 when the request sends it back
    then: "Route | None" = None         # served instead once this route was hit `times` times
    times: int = 0
    location: str | None = None         # a Location header (with a 3xx status: a redirect)


@dataclass
class FixtureServer:
    """A local site: tests add routes by path; every hit is counted per path."""

    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    headers: dict[str, list[dict]] = field(default_factory=dict)

    def add(self, path: str, body: bytes | str = b"", **kwargs) -> str:
        self.routes[path] = route(body, **kwargs)
        return self.base + path

    def url(self, path: str) -> str:
        return self.base + path


def route(body: bytes | str = b"", **kwargs) -> Route:
    return Route(body.encode() if isinstance(body, str) else body, **kwargs)


def _pick(route_: Route, hit: int) -> Route:
    """The route answering the `hit`-th request (1-based), following `then` chains."""
    while route_.then is not None and hit > route_.times:
        hit -= route_.times
        route_ = route_.then
    return route_


def _handler(site: FixtureServer):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # stdlib name
            path = self.path.split("?")[0]
            site.hits[path] = site.hits.get(path, 0) + 1
            site.headers.setdefault(path, []).append(dict(self.headers))
            found = _pick(site.routes.get(path, Route(b"not found", status=404, content_type="text/plain")),
                          site.hits[path])
            if found.delay:
                time.sleep(found.delay)
            status, body = found.status, found.body
            if found.etag and self.headers.get("If-None-Match") == found.etag:
                status, body = 304, b""
            try:
                self.send_response(status)
                self.send_header("Content-Type", found.content_type)
                self.send_header("Content-Length", str(len(body)))
                if found.etag:
                    self.send_header("ETag", found.etag)
                if found.location:
                    self.send_header("Location", found.location)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format, *args) -> None:
            pass

    return Handler


class BacklogServer(ThreadingHTTPServer):
    request_queue_size = 128  # a crawl opens many connections at once; 5 would refuse some


@pytest.fixture(scope="session")
def site():
    state = FixtureServer()
    server = BacklogServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    state.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "headlines.db"


@pytest.fixture
def db(db_path):
    database = open_db(db_path)
    yield database
    database.close()


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def spawn():
    """Start processes that are always ended at teardown, even when the test fails."""
    import subprocess

    started: list[subprocess.Popen] = []

    def start(*args, **kwargs) -> subprocess.Popen:
        proc = subprocess.Popen(*args, **kwargs)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
