"""Behaviour of aggregator.extract on small fixtures written for this project."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from aggregator.extract import extract_page, page_to_json
from aggregator.model import ListSpec

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
HOME_URL = "https://bugle.example/"


def load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def texts(page) -> list[str]:
    return [h.text for lst in page.lists for h in lst.headlines]


def by_name(page) -> dict[str, list[str]]:
    return {lst.name: [h.text for h in lst.headlines] for lst in page.lists}


# -- detection ---------------------------------------------------------------------------
def test_homepage_blocks_and_trending_found_and_named() -> None:
    page = extract_page(load("homepage.html"), HOME_URL)
    lists = by_name(page)
    assert "trending" in lists
    assert lists["trending"][0] == "Reality show finale: shock twist revealed in last minute"
    assert lists["top-stories"][0] == "City council approves new stadium plan after marathon vote"
    assert page.reason is None


def test_homepage_excludes_nav_footer_utility_and_sponsored() -> None:
    got = " ".join(texts(extract_page(load("homepage.html"), HOME_URL)))
    for junk in ("Royal Family", "Sign in", "Subscribe", "Privacy", "Doctors stunned",
                 "child stars", "solar plan", "Jane Smith", "comments", "Twitter"):
        assert junk not in got


def test_headline_text_is_the_headline_alone() -> None:
    got = texts(extract_page(load("homepage.html"), HOME_URL))
    assert "City council approves new stadium plan after marathon vote" in got  # kicker, teaser gone
    assert "Storm warning issued for coastal towns as winds reach 90mph" in got  # time gone
    assert "WATCH: Pop star announces surprise world tour from rooftop" in got  # "| Video" gone
    assert "Hospital waiting lists fall for third month in a row" in got  # provider gone
    assert "Train strike called off at the last minute & services resume" in got  # entity decoded


def test_dedupe_and_positions() -> None:
    page = extract_page(load("homepage.html"), HOME_URL)
    trending = next(lst for lst in page.lists if lst.name == "trending")
    assert [h.position for h in trending.headlines] == [1, 2, 3]
    assert len({h.url for h in trending.headlines}) == 3


def test_video_rail_keeps_cut_titles_and_flags_them() -> None:
    data = page_to_json(extract_page(load("video.html"), "https://showbiz.example/video/x"))
    rail = next(lst for lst in data["lists"] if lst["name"] == "up-next")
    first = rail["headlines"][0]
    assert first["text"] == "Jennifer Lopez and Ben Affleck Wedding: See Inside the Chapel Wh\u2026"
    assert first["truncated"] is True
    assert rail["headlines"][2]["truncated"] is False
    assert first["url"].startswith("https://showbiz.example/video/")
    assert not any("Share" in h["text"] or "Celebrity Weddings" == h["text"] for h in rail["headlines"])


def test_article_read_more_related_and_most_read() -> None:
    page = extract_page(load("article.html"), "https://gazette.example/local/2026/02/10/x/")
    lists = by_name(page)
    assert "Library budget gap widens as costs rise" in lists["related"]
    assert "What happens to the books when a library closes?" in lists["related"]
    assert "Volunteers keep village library open after council cuts" in lists["related"]
    assert lists["most-read"] == ["Bridge closed after lorry crash on ring road",
                                  "School wins national chess title for second time",
                                  "United sign teenage striker on loan until summer"]
    got = " ".join(texts(page))
    for junk in ("whole neighbourhoods", "their petition", "Libraries", "Share this", "Sam Jones",
                 "gadget", "Retirees", "Local news", "Contact"):
        assert junk not in got


def test_page_title_and_feeds() -> None:
    home = extract_page(load("homepage.html"), HOME_URL)
    assert home.title == "Daily Bugle" or home.title.startswith("Breaking news")
    assert home.feeds == ["https://bugle.example/feeds/top.rss", "https://bugle.example/feeds/latest.atom"]
    assert extract_page(load("video.html"), "https://s.example/").title == "Star couple share wedding video from chapel"
    assert extract_page(load("article.html"), "https://g.example/").title == "Council votes to close three library branches"


def test_title_strips_site_name() -> None:
    page = extract_page(b"<title>Storm hits the coast overnight | The Gazette</title><p>x</p>", "https://g.example/")
    assert page.title == "Storm hits the coast overnight"


def test_base_href_and_absolute_links() -> None:
    body = (b'<html><head><base href="https://cdn.example/news/"></head><body><ul>'
            b'<li><a href="2026/01/01/first-story-about-things-happening">First story about things happening today</a></li>'
            b'<li><a href="2026/01/01/second-story-about-other-things">Second story about other things happening</a></li>'
            b'<li><a href="2026/01/01/third-story-about-more-things">Third story about more things happening now</a></li>'
            b'</ul></body></html>')
    page = extract_page(body, "https://site.example/")
    assert page.lists[0].headlines[0].url == "https://cdn.example/news/2026/01/01/first-story-about-things-happening"


# -- encoding ----------------------------------------------------------------------------
def test_cp1252_page_without_charset_is_decoded() -> None:
    got = texts(extract_page(load("cp1252_nocharset.html"), "https://quotidien.example/"))
    assert "La ministre d\u00e9fend sa r\u00e9forme des retraites devant l\u2019Assembl\u00e9e" in got


def test_http_charset_wins_and_meta_charset_is_read() -> None:
    html = ('<ul>' + "".join(f'<li><a href="/a/{i}/une-histoire-tr\u00e8s-longue-ici">{w} histoire tr\u00e8s longue num\u00e9ro {i} ici</a></li>' for i, w in enumerate(["Une", "Deux", "Trois"])) + '</ul>')
    latin = html.encode("iso-8859-1")
    assert "tr\u00e8s" in texts(extract_page(latin, "https://x.example/", content_type="text/html; charset=ISO-8859-1"))[0]
    meta = b'<meta charset="windows-1252">' + latin
    assert "tr\u00e8s" in texts(extract_page(meta, "https://x.example/"))[0]


def test_utf8_without_declaration_and_mojibake_repaired() -> None:
    html = ('<ul>' + "".join(f'<li><a href="/a/{i}/caf\u00e9-story-long-slug-here">Caf\u00e9 {w} say \u2018no\u2019 to plan {i}</a></li>' for i, w in enumerate(["owners", "staff", "guests"])) + '</ul>')
    assert texts(extract_page(html.encode("utf-8"), "https://x.example/"))[0] == "Caf\u00e9 owners say \u2018no\u2019 to plan 0"
    broken = html.encode("utf-8").decode("cp1252").encode("utf-8")  # double-encoded page
    assert texts(extract_page(broken, "https://x.example/"))[0] == "Caf\u00e9 owners say \u2018no\u2019 to plan 0"


# -- pinned lists ------------------------------------------------------------------------
def test_pinned_css_lists() -> None:
    spec = ListSpec(name="hot", items="section.trending-rail li", text=None)
    page = extract_page(load("homepage.html"), HOME_URL, lists=[spec])
    assert [lst.name for lst in page.lists] == ["hot"]
    assert page.lists[0].headlines[0].url.endswith("reality-show-finale-shock-twist-revealed-2234501")
    assert page.layout_changed == []


def test_pinned_css_with_text_selector() -> None:
    spec = ListSpec(name="rail", items=".playlist-item a", text=".title")
    page = extract_page(load("video.html"), "https://s.example/", lists=[spec])
    assert page.lists[0].headlines[2].text == "Oscar Winner Opens Up About Comeback Role"


def test_pinned_css_matching_nothing_falls_back_to_detection() -> None:
    specs = [ListSpec(name="gone", items="div.no-such-list li"), ListSpec(name="bad", items="li[[")]
    page = extract_page(load("homepage.html"), HOME_URL, lists=specs)
    assert page.layout_changed == ["gone", "bad"]
    assert "trending" in by_name(page)


# -- bad input ---------------------------------------------------------------------------
def deep(n: int) -> bytes:
    return b"<html><body>" + b"<div>" * n + b'<a href="/a/b/c-d-e-f">Some story about a thing</a>' + b"</div>" * n


@pytest.mark.parametrize("body, reason", [
    (b"", "empty body"),
    (b"   \n\t ", "empty body"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10, "binary content"),
    (b'{"items": [{"title": "A headline"}]}', "not HTML"),
    (b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</title></item></channel></rss>', "not HTML"),
    (b"<html><head><script>var a = '<a href=/x>Not a headline link at all</a>';</script></head></html>", "no links"),
    (b"just some plain text without any markup at all", "not HTML"),
])
def test_bad_input_gives_reason(body: bytes, reason: str) -> None:
    page = extract_page(body, "https://x.example/")
    assert page.lists == []
    assert page.reason and page.reason.startswith(reason)


def test_truncated_mid_tag_and_deep_nesting_never_raise() -> None:
    cut = load("homepage.html")[:2500] + b'<a href="/news/2026/01/01/cut-off-here-in-the-mid'
    page = extract_page(cut, HOME_URL)
    assert page.reason is None or page.lists == []
    page = extract_page(deep(10_000), "https://x.example/")
    assert page.lists == [] and page.reason


def test_huge_page_is_handled_in_reasonable_time() -> None:
    item = '<li><a href="/news/2026/01/01/story-number-{0}-about-things">Story {0} about things that happened</a></li>'
    body = ("<html><body><ul>" + "".join(item.format(i) for i in range(200_000)) + "</ul></body></html>").encode()
    assert len(body) > 20_000_000
    start = time.perf_counter()
    page = extract_page(body, HOME_URL)
    assert time.perf_counter() - start < 60
    assert page.count > 0


def test_non_bytes_and_garbage_never_raise() -> None:
    for body in (b"<", b"<<<>>>", b"<a href='javascript:void(0)'>x</a>", b"\xff\xfe<\x00a\x00>\x00",
                 b"<html>" + b"<a href=http://[::1>broken url story text here</a>" * 3):
        page = extract_page(body, "")
        assert isinstance(page.lists, list)
