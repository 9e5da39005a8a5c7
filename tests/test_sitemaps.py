"""parse_sitemap on sitemaps written for these tests: news, plain, index, gzip, hostile."""
from __future__ import annotations

import gzip
from pathlib import Path

from aggregator.sitemaps import MAX_BYTES, inflate, parse_sitemap

NEWS = (Path(__file__).parent / "fixtures" / "sitemaps" / "news.xml").read_bytes()
URL = "https://bugle.example/sitemap-news.xml"
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def test_news_sitemap_gives_one_list_of_titles_and_links_images_and_videos_ignored() -> None:
    res = parse_sitemap(NEWS, URL)
    assert res.children == [] and res.page.reason is None
    [lst] = res.page.lists
    assert lst.name == "sitemap"
    assert [(h.text, h.url, h.position) for h in lst.headlines] == [
        ("Council votes to close the old bridge & reroute buses",
         "https://bugle.example/news/2026/11/27/council-votes-to-close-bridge", 1),
        ("Storm brings record rain to the valley\u2026", "https://bugle.example/news/2026/11/27/storm-brings-record-rain", 2),
    ]


def test_plain_urlset_has_no_titles() -> None:
    body = f'<urlset {NS}><url><loc>https://bugle.example/a</loc></url></urlset>'.encode()
    res = parse_sitemap(body, URL)
    assert res.page.lists == [] and res.page.reason == "sitemap has no titles" and res.children == []


def test_sitemap_index_children_newest_first_then_undated_in_order() -> None:
    body = f"""<sitemapindex {NS}>
      <sitemap><loc>https://bugle.example/s-old.xml</loc><lastmod>2026-01-01</lastmod></sitemap>
      <sitemap><loc>/s-undated-1.xml</loc></sitemap>
      <sitemap><loc>https://bugle.example/s-new.xml</loc><lastmod>2026-11-27T10:00:00Z</lastmod></sitemap>
      <sitemap><loc>https://bugle.example/s-mid.xml</loc><lastmod>2026-06-01T10:00:00+02:00</lastmod></sitemap>
      <sitemap><loc>https://bugle.example/s-undated-2.xml</loc><lastmod>not a date</lastmod></sitemap>
    </sitemapindex>""".encode()
    res = parse_sitemap(body, URL)
    assert res.page.lists == [] and res.page.reason is None
    assert res.children == ["https://bugle.example/s-new.xml", "https://bugle.example/s-mid.xml",
                            "https://bugle.example/s-old.xml", "https://bugle.example/s-undated-1.xml",
                            "https://bugle.example/s-undated-2.xml"]


def test_gzip_body_is_inflated() -> None:
    res = parse_sitemap(gzip.compress(NEWS), URL)
    assert len(res.page.lists[0].headlines) == 2


def test_gzip_bomb_and_bad_gzip_give_a_reason() -> None:
    assert inflate(gzip.compress(b"x" * 2000), limit=1000) is None
    bomb = parse_sitemap(gzip.compress(b" " * (MAX_BYTES + 10)), URL)
    assert bomb.page.lists == [] and "larger than" in bomb.page.reason
    bad = parse_sitemap(b"\x1f\x8b\x08\x00garbage", URL)
    assert bad.page.lists == [] and bad.page.reason


def test_bad_xml_and_non_sitemaps_give_reasons_never_exceptions() -> None:
    for body in (b"", b"   ", b"\x00\x01\x02", b"<html><body>hi</body></html>", b"{\"json\": 1}",
                 b"<urlset><url><loc>x</loc><news:news><news:title>Broken", b"<rss><channel/></rss>"):
        res = parse_sitemap(body, URL)
        assert res.page.lists == [] or res.page.reason is None
        assert res.page.reason or res.page.lists, body


def test_truncated_news_sitemap_recovers_the_complete_entries() -> None:
    res = parse_sitemap(NEWS[: NEWS.index(b"<url><loc>https://bugle.example/about")], URL)
    assert len(res.page.lists[0].headlines) == 2


def test_entities_are_not_expanded_and_no_external_files_are_read() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
    <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY xxe SYSTEM "file:///etc/passwd">]>
    <urlset xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://bugle.example/a</loc>
    <news:news><news:title>Title &lol3; &xxe; end</news:title></news:news></url></urlset>"""
    res = parse_sitemap(bomb, URL)
    text = " ".join(h.text for lst in res.page.lists for h in lst.headlines)
    assert "lollol" not in text and "root:" not in text
