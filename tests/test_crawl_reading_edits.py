"""Editing how a source's page is read (`[[source.lists]]`, `extractor`, `kind`) takes effect on the
next crawl, even when the page itself is unchanged and its server would answer 304."""
from __future__ import annotations

import sqlite3
import subprocess

from headlines.config import Source
from tests.serving import HEADLINES_BIN

PAGE = """<html><body>
<ul class="rail"><li><a href="/v/1">Zendaya Joins Cast of New Space Drama</a></li>
<li><a href="/v/2">Taylor Swift Adds Three Dates to Eras Tour in London</a></li></ul>
<ol class="most-read"><li><a href="/n/1">Storm Bert Brings Floods Across Wales</a></li>
<li><a href="/n/2">Council Delays Vote on the New Bridge Again</a></li></ol>
</body></html>"""
ENTRY = '[[source]]\nname = "pinned"\nurl = "{url}"\n[[source.lists]]\nname = "pick"\nitems = "{items}"\n'


def crawl(tmp_path, url: str, items: str) -> tuple[str, list[str]]:
    """Crawl the page with its list pinned to `items`; the run's status and every stored headline."""
    sources = tmp_path / "sources.toml"
    sources.write_text(ENTRY.format(url=url, items=items))
    db_path = tmp_path / "h.db"
    done = subprocess.run([str(HEADLINES_BIN), "--db", str(db_path), "crawl", "--sources", str(sources), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(db_path)
    try:
        status = conn.execute("SELECT status FROM crawls ORDER BY id DESC LIMIT 1").fetchone()[0]
        texts = sorted(row[0] for row in conn.execute("SELECT text FROM headlines"))
    finally:
        conn.close()
    return status, texts


def test_an_edited_list_selector_reads_the_page_again_despite_its_etag(tmp_path, site):
    url = site.add("/pinned-page", PAGE, etag='"same-page"')
    assert crawl(tmp_path, url, "ul.rail a") == ("ok", ["Taylor Swift Adds Three Dates to Eras Tour in London",
                                                        "Zendaya Joins Cast of New Space Drama"])
    assert crawl(tmp_path, url, "ul.rail a")[0] == "not_modified"   # unchanged page and reading: a 304
    status, texts = crawl(tmp_path, url, "ol.most-read a")           # the user pinned the other list
    assert status == "ok" and "Storm Bert Brings Floods Across Wales" in texts
    assert site.headers["/pinned-page"][-1].get("If-None-Match") is None


def test_the_key_is_the_url_for_plain_detection_and_changes_with_the_reading():
    from aggregator.model import ListSpec
    plain = Source("a", "https://a.example/")
    one = Source("a", "https://a.example/", lists=(ListSpec("x", "ul a"),))
    other = Source("a", "https://a.example/", lists=(ListSpec("x", "ol a"),))
    assert plain.validators_key == "https://a.example/"
    assert len({plain.validators_key, one.validators_key, other.validators_key,
                Source("a", "https://a.example/", kind="feed").validators_key}) == 4
