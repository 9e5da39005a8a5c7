"""Real crawls: `headlines crawl` starts `scrapy crawlsources` against a local HTTP server;
assertions read the SQLite file. One crawl covers good sources and every bad-input case."""
from __future__ import annotations

import gzip
import json
import socket
import sqlite3

import pytest
from click.testing import CliRunner

from headlines.cli import cli
from tests.conftest import fixture_bytes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SOURCES = """
[[source]]
name = "rail"
url = "{rail}"
[[source.lists]]
name = "watch-next"
items = "ul.videos li a"
text = ".t"

[[source]]
name = "feed"
url = "{feed}"
kind = "feed"

[[source]]
name = "missing"
url = "{missing}"

[[source]]
name = "broken"
url = "{broken}"

[[source]]
name = "refused"
url = "http://127.0.0.1:{closed_port}/"

[[source]]
name = "no-dns"
url = "http://no-such-host.invalid/"

[[source]]
name = "slow"
url = "{slow}"

[[source]]
name = "binary"
url = "{binary}"

[[source]]
name = "blank"
url = "{blank}"

[[source]]
name = "robots"
url = "{private}"

[[source]]
name = "repair"
url = "{repair}"
follow = 1
[[source.lists]]
name = "latest"
items = "ul.latest a"

[[source]]
name = "news-sitemap"
url = "{sitemap}"
kind = "sitemap"

[[source]]
name = "bad-every"
url = "{rail}"
every = "soon"
"""


SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{base}/sitemaps/news.xml.gz</loc><lastmod>2026-02-10T08:00:00Z</lastmod></sitemap>
</sitemapindex>"""
NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>http://starwatch.test/news/2026/02/bafta-nominations-full-list</loc>
    <news:news><news:publication><news:name>Starwatch</news:name><news:language>en</news:language></news:publication>
    <news:publication_date>2026-02-10T07:00:00Z</news:publication_date>
    <news:title>BAFTA Nominations 2026: The Full List of Nominees</news:title></news:news></url>
  <url><loc>http://starwatch.test/news/2026/02/eurovision-entry-revealed</loc>
    <news:news><news:publication><news:name>Starwatch</news:name><news:language>en</news:language></news:publication>
    <news:publication_date>2026-02-10T06:00:00Z</news:publication_date>
    <news:title>Eurovision 2026: UK Entry Revealed After Public Vote</news:title></news:news></url>
</urlset>"""
REPAIR_STORIES = {
    "oscars-host-named-for-2027-ceremony": "Oscars Host Named for the 2027 Ceremony After Long Search",
    "grammys-ratings-slip-again": "Grammys Ratings Slip Again Despite Star-Studded Lineup",
}
REPAIR_RAIL = ("<html><body><ul class='latest'>"
               "<li><a href='/stories/2026/02/oscars-host-named-for-2027-ceremony'>Oscars Host Named for the 2027 Cer…</a></li>"
               "<li><a href='/stories/2026/02/grammys-ratings-slip-again'>Grammys Ratings Slip Again Despite Sta…</a></li>"
               "</ul></body></html>")


@pytest.fixture(scope="module")
def crawled(site, tmp_path_factory, monkeypatch_module):
    site.add("/rail.html", fixture_bytes("rail.html"))
    site.add("/feed.xml", fixture_bytes("feed.xml"), content_type="application/rss+xml")
    site.add("/broken", "oops", status=500, content_type="text/plain")
    site.add("/slow", "<html><a href='/x'>Too late to matter at all here</a></html>", delay=6)
    site.add("/binary", bytes(range(256)) * 40, content_type="image/png")
    site.add("/blank", "   ")
    site.add("/private/page.html", fixture_bytes("rail.html"))
    site.add("/repair.html", REPAIR_RAIL)
    site.add("/sitemap-index.xml", SITEMAP_INDEX.format(base=site.base), content_type="application/xml")
    site.add("/sitemaps/news.xml.gz", gzip.compress(NEWS_SITEMAP.encode()), content_type="application/x-gzip")
    for slug, title in REPAIR_STORIES.items():
        site.add(f"/stories/2026/02/{slug}", f"<html><head><title>{title} | Starwatch</title>"
                 f"<meta property='og:title' content=\"{title}\"></head><body><h1>{title}</h1></body></html>")
    tmp = tmp_path_factory.mktemp("crawl")
    sources = tmp / "sources.toml"
    sources.write_text(SOURCES.format(rail=site.url("/rail.html"), feed=site.url("/feed.xml"),
                                      missing=site.url("/missing"), broken=site.url("/broken"),
                                      closed_port=free_port(), slow=site.url("/slow"),
                                      binary=site.url("/binary"), blank=site.url("/blank"),
                                      private=site.url("/private/page.html"), repair=site.url("/repair.html"),
                                      sitemap=site.url("/sitemap-index.xml")))
    monkeypatch_module.setenv("HEADLINES_DOWNLOAD_TIMEOUT", "2")
    db_path = tmp / "h.db"
    runs = []
    for _ in range(3):
        result = CliRunner().invoke(cli, ["--db", str(db_path), "crawl", "--sources", str(sources), "--json"])
        assert result.exit_code == 0, result.output
        runs.append({r["source"]: r for r in json.loads(result.stdout)["crawls"]})
    return db_path, runs, result


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def rows(db_path, sql, *params):
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def test_good_sources_store_headlines(crawled):
    db_path, runs, _ = crawled
    assert runs[0]["rail"]["status"] == "ok" and runs[0]["rail"]["items"] == 4
    assert runs[0]["feed"]["status"] == "ok" and runs[0]["feed"]["items"] == 3
    texts = {r["text"] for r in rows(db_path, "SELECT text FROM headlines")}
    assert "Beyoncé Announces Cowboy Carter Stadium Tour Dates" in texts
    assert "Taylor Swift & Travis Kelce Spotted Courtside in New York" in texts  # double-escaped entity


def test_cut_titles_resolve_to_their_full_feed_form(crawled):
    db_path, _, _ = crawled
    found = rows(db_path, "SELECT id, text, truncated FROM headlines WHERE key LIKE 'zendaya%'")
    assert len(found) == 1 and found[0]["truncated"] == 0
    assert found[0]["text"].endswith("at the Grammys")
    sources = {r["source"] for r in rows(db_path, "SELECT source FROM appearances WHERE headline_id = ?",
                                          found[0]["id"])}
    assert sources == {"rail", "feed"}
    kept = rows(db_path, "SELECT text FROM headline_texts WHERE headline_id = ?", found[0]["id"])
    assert [k["text"] for k in kept] == ["Zendaya and Tom Holland Make Rare Red Carpet Appearance at…"]


def test_cut_titles_are_repaired_from_their_link_target_within_the_follow_budget(crawled, site):
    db_path, runs, _ = crawled
    texts = {r["text"] for r in rows(db_path, "SELECT text FROM headlines WHERE url LIKE '%/stories/2026/02/%'")}
    # follow = 1: one target fetched per crawl, so three crawls repair both; each target only once.
    assert texts == set(REPAIR_STORIES.values())
    assert all(site.hits[f"/stories/2026/02/{slug}"] == 1 for slug in REPAIR_STORIES)
    assert runs[0]["repair"]["status"] == "ok"


def test_news_sitemap_index_and_gzipped_child_give_titles(crawled):
    db_path, runs, _ = crawled
    assert runs[0]["news-sitemap"]["status"] == "ok" and runs[0]["news-sitemap"]["items"] == 2
    found = rows(db_path, "SELECT h.text FROM appearances a JOIN headlines h ON h.id = a.headline_id "
                          "WHERE a.source = 'news-sitemap' AND a.list_name = 'sitemap'")
    assert {r["text"] for r in found} == {"BAFTA Nominations 2026: The Full List of Nominees",
                                          "Eurovision 2026: UK Entry Revealed After Public Vote"}


def test_three_crawls_make_one_headline_each_seen_three_times(crawled):
    db_path, runs, _ = crawled
    assert runs[1]["rail"]["new_headlines"] == 0 and runs[2]["feed"]["new_headlines"] == 0
    counts = rows(db_path, "SELECT times_seen FROM appearances WHERE source = 'rail'")
    assert len(counts) == 4 and {c["times_seen"] for c in counts} == {3}
    assert rows(db_path, "SELECT count(DISTINCT headline_id) AS n FROM appearances "
                         "WHERE source IN ('rail', 'feed')")[0]["n"] == 5
    # Unchanged lists are captured once, not once per crawl.
    captures = rows(db_path, "SELECT times_seen FROM captures WHERE source = 'rail'")
    assert [c["times_seen"] for c in captures] == [3]


@pytest.mark.parametrize("source, reason", [
    ("missing", "HTTP 404"),
    ("broken", "HTTP 500"),
    ("refused", "connection refused"),
    ("no-dns", "DNS lookup failed"),
    ("slow", "timed out"),
    ("binary", "binary content"),
    ("blank", "empty body"),
    ("robots", "robots.txt"),
])
def test_each_bad_source_fails_with_a_one_line_reason(crawled, source, reason):
    db_path, runs, _ = crawled
    run = runs[0][source]
    assert run["status"] == "failed"
    assert reason in run["error"] and "\n" not in run["error"]
    assert len(rows(db_path, "SELECT id FROM crawls WHERE source = ?", source)) == 3


def test_bad_sources_entry_is_named_and_skipped(crawled):
    db_path, runs, result = crawled
    assert "source 'bad-every': key 'every'" in result.stderr
    assert "bad-every" not in runs[0]


def test_corrupt_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    result = CliRunner().invoke(cli, ["--db", str(bad), "top"])
    assert result.exit_code == 1
    assert f"{bad}: cannot use this database file" in result.output
    assert "Traceback" not in result.output
