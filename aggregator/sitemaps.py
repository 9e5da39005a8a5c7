"""Read XML sitemaps: news sitemaps give headlines, sitemap indexes give more sitemaps.

A news sitemap (<urlset> whose <url> entries carry <news:news><news:title>) becomes a Page with
one list, "sitemap", of (title, loc) sightings in document order. A plain <urlset> has no
titles to count, so it gives a Page with a reason and no lists. A <sitemapindex> gives its
child sitemap URLs, newest <lastmod> first when the index says. image:/video: titles are
ignored (they name pictures and clips, not stories). Namespaces are matched by local name, so
sitemaps that forget or misspell the namespace still read.

Safety: gzip bodies (1f 8b) are inflated up to MAX_BYTES; the XML parser resolves no entities,
loads no DTD and touches no network, keeps lxml's default tree limits (huge_tree off) and
recovers what it can from broken XML; at most MAX_NEWS_ITEMS titles are read. Never raises:
a bad body gives a Page with a reason.

>>> xml = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
...        b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://s.example/a</loc>'
...        b'<news:news><news:title>Storm closes the harbour road</news:title></news:news></url></urlset>')
>>> [(h.text, h.url) for h in parse_sitemap(xml, "https://s.example/news.xml").page.lists[0].headlines]
[('Storm closes the harbour road', 'https://s.example/a')]
"""
from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone

from lxml import etree

from aggregator.clean import clean_text
from aggregator.extract import _sightings
from aggregator.model import HeadlineList, Page
from aggregator.urls import resolve

logger = logging.getLogger(__name__)

MAX_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit for one uncompressed file
LIST_NAME = "sitemap"
# Google's news sitemap format allows 1,000 <news:news> entries per file; one file with
# hundreds of thousands would be stored in one long transaction. Entries past this are skipped.
MAX_NEWS_ITEMS = 1000


@dataclass(slots=True)
class SitemapResult:
    """What one sitemap gave: a Page (headlines, or a reason) and child sitemap URLs."""

    page: Page
    children: list[str] = field(default_factory=list)


def parse_sitemap(body: bytes, url: str) -> SitemapResult:
    """Headlines of a news sitemap, or the children of a sitemap index. Never raises."""
    result = SitemapResult(Page(url=url))
    try:
        _parse_into(result, bytes(body or b""), url)
    except Exception as exc:  # noqa: BLE001 - bad input must never crash a crawl
        logger.warning("sitemap %s failed: %r", url, exc)
        result.page.lists, result.children = [], []
        result.page.reason = f"sitemap failed: {type(exc).__name__}"
    return result


def inflate(body: bytes, limit: int = MAX_BYTES) -> bytes | None:
    """The body, gunzipped when it is gzip; None when it is bad gzip or inflates past limit."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, limit + 1)
    except zlib.error:
        return None
    return None if len(out) > limit else out


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, recover=True, remove_comments=True, remove_pis=True)


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname.lower() if isinstance(el.tag, str) else ""


def _child(el: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in el if _local(c) == name), None)


def _text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _parse_into(result: SitemapResult, body: bytes, url: str) -> None:
    page = result.page
    raw = inflate(body)
    if raw is None:
        page.reason = "bad gzip or sitemap larger than %d MB" % (MAX_BYTES // 2**20)
        return
    if not raw.strip():
        page.reason = "empty body"
        return
    try:
        root = etree.fromstring(raw, _parser())
    except etree.XMLSyntaxError as exc:
        root = None
        logger.info("sitemap %s: %s", url, exc)
    if root is None:
        page.reason = "not XML"
        return
    kind = _local(root)
    if kind == "sitemapindex":
        result.children = _children(root, url)
        if not result.children:
            page.reason = "sitemap index lists no sitemaps"
        return
    if kind != "urlset":
        page.reason = f"not a sitemap (root <{kind or '?'}>)"
        return
    rows: list[tuple[str, str | None]] = []
    for entry in root:
        if _local(entry) != "url":
            continue
        news = _child(entry, "news")
        title = clean_text(_text(_child(news, "title")))[0] if news is not None else ""
        loc = resolve(url, _text(_child(entry, "loc")))
        if title:
            rows.append((title, loc))
            if len(rows) >= MAX_NEWS_ITEMS:
                logger.warning("sitemap %s: more than %d news entries; the rest are skipped", url, MAX_NEWS_ITEMS)
                break
    sightings = _sightings(rows)
    if sightings:
        page.lists = [HeadlineList(LIST_NAME, sightings)]
    else:
        page.reason = "sitemap has no titles"


def _children(root: etree._Element, url: str) -> list[str]:
    """Child sitemap URLs: those with a <lastmod> newest first, then the rest in order."""
    found: list[tuple[datetime | None, int, str]] = []
    seen: set[str] = set()
    for i, entry in enumerate(e for e in root if _local(e) == "sitemap"):
        loc = resolve(url, _text(_child(entry, "loc")))
        if loc and loc not in seen:
            seen.add(loc)
            found.append((_when(_text(_child(entry, "lastmod"))), i, loc))
    dated = sorted((f for f in found if f[0] is not None), key=lambda f: (-f[0].timestamp(), f[1]))
    return [loc for _w, _i, loc in dated] + [loc for w, _i, loc in found if w is None]


def _when(value: str) -> datetime | None:
    """A W3C datetime (2024-05-01, 2024-05-01T10:00Z, ...+02:00) as aware UTC, else None."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
