"""Hostile CLI options, sources.toml entries and oversized content: one-line errors, bounded work."""
from __future__ import annotations

import gzip
import json
import time
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from aggregator.clean import MAX_HEADLINE_CHARS
from aggregator.feeds import parse_feed
from aggregator.model import HeadlineList, Page, Sighting
from aggregator.prepare import MAX_PAGE_HEADLINES, prepare_lists
from aggregator.sitemaps import MAX_NEWS_ITEMS, parse_sitemap
from aggregator.timewindow import parse_duration, parse_iso, to_iso
from headlines.cli import cli
from headlines.config import load_sources
from headlines.ingest import ingest_file

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
SEEN = "2026-11-20T10:00:00Z"


def run(db_path, *args):
    return CliRunner().invoke(cli, ["--db", str(db_path), *args])


@pytest.fixture
def filled(tmp_path, db_path):
    (tmp_path / "a.txt").write_text("Storm Bert Brings Floods Across Wales\nHarbour 50% Off_Sale Ends Today\n")
    assert run(db_path, "ingest", str(tmp_path / "a.txt"), "--seen-at", SEEN).exit_code == 0
    return db_path


@pytest.mark.parametrize("args, words", [
    (["top", "--window", "99999999d"], "longer than 100 years"),
    (["trending", "--baseline", "99999999d"], "--baseline"),
    (["top", "--since", "0001-01-01T00:00+01:00"], "outside the years 1900 to 2199"),
    (["top", "--at", "0001-01-01"], "outside the years 1900 to 2199"),
    (["top", "--since", "0001-01-01", "--until", "9999-12-31"], "outside the years 1900 to 2199"),
    (["top", "--until", "9999-12-31T23:00-05:00"], "outside the years 1900 to 2199"),
    (["prune", "--older-than", "99999999d"], "longer than 100 years"),
    (["headlines", "--search", "x" * 100000], "--search: longer than 200 characters"),
    (["headlines", "--search", "a\x00b"], "--search: contains a control character"),
    (["top", "--limit", "\uff11"], "--limit: '１' is not a whole number from 1 to 10000 written in digits 0-9"),
    (["headlines", "--limit", "9" * 5000], "is not a whole number from 1 to 100000 written in digits 0-9"),
])
def test_bad_option_is_a_one_line_usage_error(filled, args, words):
    result = run(filled, *args)
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_wide_but_valid_window_answers(filled):
    result = run(filled, "headlines", "--since", "1900-01-01", "--until", "2199-12-31", "--json")
    assert result.exit_code == 0 and len(json.loads(result.stdout)["headlines"]) == 2


@pytest.mark.parametrize("term, texts", [
    ("%", ["Harbour 50% Off_Sale Ends Today"]), ("_", ["Harbour 50% Off_Sale Ends Today"]),
    ("0% O", ["Harbour 50% Off_Sale Ends Today"]), ("s_a", []), ("Wales", ["Storm Bert Brings Floods Across Wales"]),
])
def test_search_is_literal(filled, term, texts):
    result = run(filled, "headlines", "--since", "2026-11-20", "--until", "2026-11-21", "--search", term, "--json")
    assert sorted(h["text"] for h in json.loads(result.stdout)["headlines"]) == texts


def test_times_keep_four_digit_years():
    assert to_iso(parse_iso("1900-01-01")) == "1900-01-01T00:00:00Z"
    assert parse_duration("36500d") == 36500 * 86400.0
    for bad in (float("inf"), float("nan"), "1e400d"):
        with pytest.raises(ValueError):
            parse_duration(bad)


# --- sources.toml entries --------------------------------------------------------------------------

ENTRIES = """
[[source]]
name = "good"
url = "https://news.example/"
every = "15m"
[[source.lists]]
items = "ul.latest > li a"
text = ".title"

[[source]]
name = "bad-css"
url = "https://news.example/a"
[[source.lists]]
items = "ul..latest li["

[[source]]
name = "bad-text-css"
url = "https://news.example/b"
[[source.lists]]
items = "li"
text = "::before"

[[source]]
name = "too-often"
url = "https://news.example/c"
every = 0.001

[[source]]
name = "min-too-often"
url = "https://news.example/d"
every = "15m"
min_every = "5s"

[[source]]
name = "forever"
url = "https://news.example/e"
every = inf

[[source]]
name = "huge"
url = "https://news.example/f"
every = "99999999d"

[[source]]
name = "odd-redirects"
url = "https://news.example/g"
offsite_redirects = "yes"
"""


def test_bad_entries_are_named_and_skipped(tmp_path, monkeypatch):
    monkeypatch.delenv("HEADLINES_MIN_EVERY")   # the real minimum, 1m
    (tmp_path / "sources.toml").write_text(ENTRIES)
    config = load_sources(tmp_path / "sources.toml")
    assert [s.name for s in config.sources] == ["good"]
    problems = dict(line.split(": ", 2)[1:] for line in config.errors)
    assert "is not valid CSS" in problems["source 'bad-css'"] and "items" in problems["source 'bad-css'"]
    assert "text '::before' is not valid CSS" in problems["source 'bad-text-css'"]
    assert "shorter than the minimum interval 60s" in problems["source 'too-often'"]
    assert "key 'min_every'" in problems["source 'min-too-often'"]
    assert "longer than 100 years" in problems["source 'forever'"]
    assert "longer than 100 years" in problems["source 'huge'"]
    assert "key 'offsite_redirects': must be true or false" in problems["source 'odd-redirects'"]


def test_minimum_interval_can_be_lowered_for_a_test_server(tmp_path, monkeypatch):
    monkeypatch.setenv("HEADLINES_MIN_EVERY", "1s")
    (tmp_path / "sources.toml").write_text('[[source]]\nname = "local"\nurl = "http://127.0.0.1:8000/"\n'
                                           'every = "2s"\nmax_every = "2s"\n')
    assert [s.name for s in load_sources(tmp_path / "sources.toml").sources] == ["local"]


# --- what one page, line or sitemap may bring -----------------------------------------------------

def test_overlong_headline_is_not_stored_and_costs_little(tmp_path, db):
    huge = "Huge " * (1024 * 1024)   # a 5 MB feed title
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            f'<item><title>{huge}</title><link>http://a.test/1</link></item>'
            f'<item><title>Harbour Road Reopens After Storm</title><link>http://a.test/2</link></item>'
            f'</channel></rss>')
    (tmp_path / "big.xml").write_text(feed)
    began = time.monotonic()
    result = ingest_file(db, tmp_path / "big.xml", source="s", seen_at=SEEN, now=NOW)
    assert time.monotonic() - began < 30
    assert [r[0] for r in db.execute("SELECT text FROM headlines")] == ["Harbour Road Reopens After Storm"]
    assert result.items == 1


def test_overlong_row_text_is_named(tmp_path, db):
    text = "word " * (MAX_HEADLINE_CHARS // 4)
    (tmp_path / "rows.jsonl").write_text(json.dumps({"text": text}) + "\n" + json.dumps({"text": "Short And Fine Headline"}) + "\n")
    result = ingest_file(db, tmp_path / "rows.jsonl", source="s", seen_at=SEEN, now=NOW)
    assert result.items == 1 and "longer than 1000 characters" in result.problems[0]
    assert f"{MAX_HEADLINE_CHARS}" in result.problems[0]


def test_headline_at_the_cap_is_kept():
    text = ("Storm " * 200)[: MAX_HEADLINE_CHARS].strip()
    lists = prepare_lists(Page(url="http://a.test/", lists=[HeadlineList("l", [Sighting(text, None, 1)])]))
    assert lists["l"][0].text == text


def test_one_page_brings_at_most_the_page_cap():
    headlines = [Sighting(f"Headline number {i} about the storm", f"http://a.test/{i}", i)
                 for i in range(MAX_PAGE_HEADLINES + 500)]
    lists = prepare_lists(Page(url="http://a.test/", lists=[HeadlineList("l", headlines[:1000]),
                                                           HeadlineList("m", headlines[1000:])]))
    assert sum(len(rows) for rows in lists.values()) == MAX_PAGE_HEADLINES
    assert lists["l"][0].text == "Headline number 0 about the storm"


def test_ingested_rows_are_not_cut_at_the_page_cap(tmp_path, db):
    rows = "".join(json.dumps({"text": f"Row headline number {i} today"}) + "\n" for i in range(MAX_PAGE_HEADLINES + 10))
    (tmp_path / "rows.jsonl").write_text(rows)
    assert ingest_file(db, tmp_path / "rows.jsonl", source="s", seen_at=SEEN, now=NOW).items == MAX_PAGE_HEADLINES + 10


def test_news_sitemap_items_are_capped():
    entries = "".join(f"<url><loc>https://s.example/n/{i}</loc><news:news><news:title>Story number {i} of the day"
                      f"</news:title></news:news></url>" for i in range(MAX_NEWS_ITEMS * 3))
    xml = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}</urlset>').encode()
    result = parse_sitemap(gzip.compress(xml), "https://s.example/news.xml.gz")
    assert len(result.page.lists[0].headlines) == MAX_NEWS_ITEMS


def test_feed_parse_of_huge_title_is_bounded():
    page = parse_feed(b'<rss version="2.0"><channel><item><title>' + b"x " * 200000 + b"</title></item></channel></rss>",
                      "http://a.test/feed")
    assert prepare_lists(page) == {}
