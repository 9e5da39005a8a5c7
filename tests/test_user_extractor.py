"""Extractors users write (`extractor = "module:function"`, BeautifulSoup): a real crawl of a
local site with extractors written here, importable from the working directory."""
from __future__ import annotations

import json
import sqlite3
import textwrap

import pytest
from click.testing import CliRunner

from headlines.cli import cli
from headlines.config import load_sources
from spiders.user_extractor import ExtractorError, extractor_page, to_lists

# Headlines in <article data-story> cards: no <ul>, one link per card wrapping an image only,
# the text in a separate <h3>: the kind of markup users write an extractor for.
CARDS = """<html><head><title>Front | Starwatch</title><meta property="og:site_name" content="Starwatch"></head>
<body><main>
<article data-story><a href="/stories/2026/02/met-gala-theme"><img src="/i/1.jpg" alt=""></a>
  <h3>Met Gala 2026 Theme Revealed by Anna Wintour</h3></article>
<article data-story><a href="stories/2026/02/eurovision-final-odds"><img src="/i/2.jpg" alt=""></a>
  <h3>Eurovision Final Odds Shift After Semi &amp;amp; Jury Votes</h3></article>
<article data-story><a href="/stories/2026/02/bafta-winners-full-list"><img src="/i/3.jpg" alt=""></a>
  <h3>BAFTA Winners 2026: The Full List From a Night of Surp…</h3></article>
<article data-story><h3>Live: Red Carpet Arrivals as They Happen Tonight</h3></article>
</main></body></html>"""
STORY = ("<html><head><meta property='og:title' content='BAFTA Winners 2026: The Full List From a Night of "
         "Surprises'></head><body><h1>BAFTA Winners 2026</h1></body></html>")

EXTRACTORS = '''
def cards(soup, url):
    rows = []
    for card in soup.select("article[data-story]"):
        link = card.find("a", href=True)
        rows.append({"text": card.h3.get_text(), "url": link["href"] if link else None})
    return [{"name": "front-cards", "headlines": rows}]

def boom(soup, url):
    raise ValueError("no cards on " + url.rsplit("/", 1)[-1])

def wrong(soup, url):
    return {"name": "front", "headlines": []}

def bad_item(soup, url):
    return [{"name": "front", "headlines": [{"text": 42}]}]
'''

SOURCES = """
[[source]]
name = "cards"
url = "{cards}"
extractor = "craft_extractors:cards"
follow = 1

[[source]]
name = "boom"
url = "{cards}"
extractor = "craft_extractors:boom"

[[source]]
name = "wrong"
url = "{cards}"
extractor = "craft_extractors:wrong"

[[source]]
name = "bad-item"
url = "{cards}"
extractor = "craft_extractors:bad_item"

[[source]]
name = "no-module"
url = "{cards}"
extractor = "craft_no_such_module:cards"

[[source]]
name = "no-function"
url = "{cards}"
extractor = "craft_extractors:nowhere"

[[source]]
name = "not-a-spec"
url = "{cards}"
extractor = "craft_extractors.cards"
"""


@pytest.fixture(scope="module")
def crawled(site, tmp_path_factory):
    cards = site.add("/ux/front.html", CARDS)
    site.add("/stories/2026/02/bafta-winners-full-list", STORY)
    tmp = tmp_path_factory.mktemp("extractors")
    (tmp / "craft_extractors.py").write_text(textwrap.dedent(EXTRACTORS))
    (tmp / "sources.toml").write_text(SOURCES.format(cards=cards))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp)  # user extractors are importable from the working directory
        result = CliRunner().invoke(cli, ["--db", str(tmp / "h.db"), "crawl", "--sources", "sources.toml", "--json"])
    assert result.exit_code == 0, result.output
    return tmp / "h.db", {r["source"]: r for r in json.loads(result.stdout)["crawls"]}, result


def query(db_path, sql, *params):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_extractor_lists_are_cleaned_resolved_and_stored(crawled, site):
    db_path, runs, _ = crawled
    assert runs["cards"]["status"] == "ok" and runs["cards"]["items"] == 5  # 4 cards + the followed story's title
    stored = dict(query(db_path, "SELECT h.text, h.url FROM appearances a JOIN headlines h ON h.id = a.headline_id "
                                 "WHERE a.source = 'cards' AND a.list_name = 'front-cards'"))
    assert stored["Met Gala 2026 Theme Revealed by Anna Wintour"] == site.url("/stories/2026/02/met-gala-theme")
    # relative to the page, not the site root; double-escaped entity cleaned like any headline
    assert stored["Eurovision Final Odds Shift After Semi & Jury Votes"] == \
        site.url("/ux/stories/2026/02/eurovision-final-odds")
    assert stored["Live: Red Carpet Arrivals as They Happen Tonight"] is None
    assert len(stored) == 4


def test_a_cut_extractor_headline_is_repaired_from_its_link_target(crawled, site):
    db_path, _, _ = crawled
    full = "BAFTA Winners 2026: The Full List From a Night of Surprises"
    assert query(db_path, "SELECT text, truncated FROM headlines WHERE key LIKE 'bafta%'") == [(full, 0)]
    assert site.hits["/stories/2026/02/bafta-winners-full-list"] == 1


@pytest.mark.parametrize("source, error", [
    ("boom", "extractor 'craft_extractors:boom' raised ValueError: no cards on front.html"),
    ("wrong", "extractor 'craft_extractors:wrong' returned dict; expected a list of"),
    ("bad-item", "extractor 'craft_extractors:bad_item' returned list 'front' headline #1: no 'text' string"),
    ("no-module", "extractor 'craft_no_such_module:cards': cannot import 'craft_no_such_module' "
                  "(ModuleNotFoundError: No module named 'craft_no_such_module')"),
    ("no-function", "extractor 'craft_extractors:nowhere': module 'craft_extractors' has no function 'nowhere'"),
])
def test_a_bad_extractor_fails_its_run_with_a_line_naming_it(crawled, source, error):
    db_path, runs, _ = crawled
    assert runs[source]["status"] == "failed"
    assert runs[source]["error"].startswith(error) and "\n" not in runs[source]["error"]
    assert runs[source]["items"] == 0


def test_a_malformed_extractor_key_is_a_config_error_naming_the_source(crawled):
    _, runs, result = crawled
    assert "source 'not-a-spec': key 'extractor': must name a function as \"package.module:function\"" \
        in result.stderr
    assert "not-a-spec" not in runs


def test_extractor_needs_an_html_source_without_pinned_lists(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('[[source]]\nname = "f"\nurl = "https://x.example/feed"\nkind = "feed"\nextractor = "m:f"\n'
                    '[[source]]\nname = "both"\nurl = "https://x.example/"\nextractor = "m:f"\n'
                    '[[source.lists]]\nitems = "li a"\n')
    errors = load_sources(path).errors
    assert len(errors) == 2 and all("key 'extractor': only for kind \"html\"" in e for e in errors)


def test_the_page_keeps_its_title_and_site_name_for_the_extractor_path(tmp_path, monkeypatch):
    (tmp_path / "craft_meta_extractors.py").write_text(textwrap.dedent(EXTRACTORS))
    monkeypatch.syspath_prepend(str(tmp_path))
    page = extractor_page("craft_meta_extractors:cards", CARDS.encode(), "https://starwatch.example/")
    assert page.site_name == "Starwatch" and page.count == 4 and page.reason is None
    with pytest.raises(ExtractorError, match="raised ValueError"):
        extractor_page("craft_meta_extractors:boom", CARDS.encode(), "https://starwatch.example/")


@pytest.mark.parametrize("result, message", [
    (None, "returned NoneType"),
    ([{"headlines": []}], "returned list #1: no 'name' text"),
    ([{"name": "x", "headlines": "a b"}], "returned list 'x': 'headlines' that is not a list"),
    ([{"name": "x", "headlines": [{"text": "t", "url": 3}]}], "headline #1: a 'url' of type int"),
])
def test_wrong_shapes_are_named(result, message):
    with pytest.raises(ExtractorError, match=message):
        to_lists("m:f", result, "https://x.example/")
