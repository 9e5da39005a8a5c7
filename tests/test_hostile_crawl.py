"""Hostile sites: redirects leaving the site, private addresses, a killed crawl, huge titles."""
from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from scrapy import Request

from headlines.cli import cli
from headlines.config import load_sources
from spiders.middlewares import RefusedRequest, SitePolicyMiddleware, is_private, same_site
from tests.waiting import wait_until

RAIL = ("<html><body><h2>Latest</h2><ul class='latest'>"
        "<li><a href='/news/2026/11/harbour-road-reopens-after-storm'>Harbour Road Reopens After Storm Bert</a></li>"
        "<li><a href='/news/2026/11/council-backs-new-flood-defences'>Council Backs New Flood Defences Plan</a></li>"
        "<li><a href='/news/2026/11/rail-services-resume-in-wales'>Rail Services Resume Across Wales Today</a></li>"
        "</ul></body></html>")
SECRET = ("<html><body><ul class='latest'>"
          "<li><a href='/admin/keys'>Internal Admin Keys Page For Staff Only</a></li>"
          "<li><a href='/admin/users'>Internal User List Exported Last Night</a></li>"
          "</ul></body></html>")
SOURCES = """
[[source]]
name = "hop-home"
url = "{home}"
[[source.lists]]
name = "latest"
items = "ul.latest a"

[[source]]
name = "hop-away"
url = "{away}"
[[source.lists]]
name = "latest"
items = "ul.latest a"

[[source]]
name = "hop-allowed"
url = "{allowed}"
offsite_redirects = true
[[source.lists]]
name = "latest"
items = "ul.latest a"
"""


@pytest.fixture(scope="module")
def other_site():
    """A second server on another port: the "internal" service a redirect points at."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            body = SECRET.encode() if self.path != "/robots.txt" else b""
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield SimpleNamespace(base=f"http://127.0.0.1:{server.server_address[1]}", hits=hits)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def redirected(site, other_site, tmp_path_factory):
    site.add("/hop/landing.html", RAIL)
    site.add("/hop/home.html", "", status=302, location="/hop/landing.html")
    site.add("/hop/away.html", "", status=302, location=other_site.base + "/secret")
    site.add("/hop/allowed.html", "", status=301, location=other_site.base + "/allowed")
    tmp = tmp_path_factory.mktemp("redirects")
    (tmp / "sources.toml").write_text(SOURCES.format(home=site.url("/hop/home.html"), away=site.url("/hop/away.html"),
                                                     allowed=site.url("/hop/allowed.html")))
    db_path = tmp / "h.db"
    result = CliRunner().invoke(cli, ["--db", str(db_path), "crawl", "--sources", str(tmp / "sources.toml"), "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    rows = {r["source"]: r for r in json.loads(result.stdout)["crawls"]}
    conn = sqlite3.connect(db_path)
    texts = {r[0] for r in conn.execute("SELECT text FROM headlines")}
    conn.close()
    return SimpleNamespace(rows=rows, texts=texts, hits=list(other_site.hits))


def test_redirect_within_the_site_is_followed(redirected):
    assert redirected.rows["hop-home"]["status"] == "ok"
    assert "Harbour Road Reopens After Storm Bert" in redirected.texts


def test_redirect_to_another_port_fails_the_run_and_stores_nothing(redirected):
    row = redirected.rows["hop-away"]
    assert row["status"] == "failed" and "leaves the site" in row["error"] and "/secret" in row["error"]
    assert "/secret" not in redirected.hits
    assert not any("Admin Keys" in text and "secret" in text for text in redirected.texts)


def test_source_may_opt_in_to_offsite_redirects(redirected):
    assert redirected.rows["hop-allowed"]["status"] == "ok"
    assert "/allowed" in redirected.hits
    assert "Internal Admin Keys Page For Staff Only" in redirected.texts


@pytest.mark.parametrize("start, target, same", [
    ("http://news.example/a", "https://news.example/b", True),
    ("https://news.example/a", "https://www.news.example/b", True),
    ("https://www.news.example/a", "https://news.example/b", True),
    ("https://news.example/a", "http://news.example/b", False),          # a downgrade
    ("http://news.example/a", "http://news.example:8080/b", False),
    ("http://news.example/a", "http://evil.example/news.example", False),
    ("http://news.example/a", "http://news.example.evil.example/", False),
    ("http://127.0.0.1:8000/", "http://127.0.0.1:9000/secret", False),
])
def test_same_site_rule(start, target, same):
    assert same_site(start, target) is same


@pytest.mark.parametrize("address, private", [
    ("127.0.0.1", True), ("10.1.2.3", True), ("192.168.0.10", True), ("169.254.169.254", True),
    ("::1", True), ("::ffff:127.0.0.1", True), ("0.0.0.0", True), ("fd00::1", True),
    ("93.184.216.34", False), ("2606:2800:220:1::1", False),
])
def test_private_addresses(address, private):
    assert is_private(address) is private


def policy_for(tmp_path, url: str) -> SitePolicyMiddleware:
    (tmp_path / "sources.toml").write_text(f'[[source]]\nname = "pub"\nurl = "{url}"\n')
    source = load_sources(tmp_path / "sources.toml").get("pub")
    crawler = SimpleNamespace(spider=SimpleNamespace(runs={"pub": SimpleNamespace(source=source)}))
    return SitePolicyMiddleware(crawler)


def test_public_source_never_fetches_private_addresses(tmp_path):
    policy = policy_for(tmp_path, "http://93.184.216.34/news/")
    for url in ("http://127.0.0.1:6379/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/",
                "http://localhost:8080/admin"):
        with pytest.raises(RefusedRequest, match="private or loopback address"):
            asyncio.run(policy.process_request(Request(url, meta={"source": "pub"})))
    assert asyncio.run(policy.process_request(Request("http://93.184.216.35/x", meta={"source": "pub"}))) is None


def test_private_source_may_fetch_its_own_network(tmp_path):
    policy = policy_for(tmp_path, "http://127.0.0.1:8000/")
    assert asyncio.run(policy.process_request(Request("http://127.0.0.1:8000/a", meta={"source": "pub"}))) is None
    assert asyncio.run(policy.process_request(Request("http://127.0.0.1:8000/robots.txt"))) is None


# --- a killed `headlines crawl` -------------------------------------------------------------------

def test_killed_crawl_is_shown_abandoned_by_status(site, tmp_path, spawn):
    site.add("/killed/slow.html", RAIL, delay=30)
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "slowpoke"\nurl = "{site.url("/killed/slow.html")}"\n')
    db_path = tmp_path / "h.db"
    headlines = Path(sys.executable).with_name("headlines")
    proc = spawn([str(headlines), "--db", str(db_path), "crawl", "--sources", str(sources)],
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if db_path.exists():
            try:
                conn = sqlite3.connect(db_path)
                running = conn.execute("SELECT count(*) FROM crawls WHERE status = 'running'").fetchone()[0]
                conn.close()
            except sqlite3.OperationalError:
                running = 0
            if running:
                break
        time.sleep(0.2)
    else:
        pytest.fail("the crawl never started")
    proc.kill()   # kill -9 the CLI; its scrapy child dies with it (parent-death signal)
    proc.wait(timeout=10)

    def shown() -> dict:   # the scrapy child may take a moment to follow its parent
        result = CliRunner().invoke(cli, ["--db", str(db_path), "status", "--sources", str(sources), "--json"])
        row = json.loads(result.stdout)["sources"][0]
        return row if row["status"] != "running" else {}
    row = wait_until(shown, 30, "the killed crawl's run to stop showing as running")
    assert row["status"] == "abandoned", row
    assert "no longer running" in row["error"]
