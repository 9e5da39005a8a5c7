"""Find a page's headline lists: the public entry point for spiders, `ingest` and the CLI.

>>> page = extract_page(b'<title>Home | Site</title><ul><li><a href="/a/one-big-story-today">'
...                     b'One big story happens today</a></li></ul>', "https://site.example/")
>>> page_to_json(page)["lists"][0]["headlines"][0]["url"]
'https://site.example/a/one-big-story-today'

Never raises on bad input: an empty, binary, non-HTML or unparseable body gives a Page with
no lists and `reason` set.
"""
from __future__ import annotations

import codecs
import logging
import re
from collections import Counter
from collections.abc import Sequence

from lxml import etree

from aggregator.cards import drop_card_twins
from aggregator.clean import clean_text, headline_key, is_truncated
from aggregator.collector import collector_paused
from aggregator.cues import word_count
from aggregator.detect import RAIL_SIZE, TITLED_WORDS, Candidate, Detector, lca
from aggregator.encoding import declared_encoding, decode_html
from aggregator.headline_text import link_headline
from aggregator.memo import trim
from aggregator.model import HeadlineList, ListSpec, Page, Sighting
from aggregator.naming import is_sponsored_heading, name_list
from aggregator.urls import (
    LABEL,
    holds_pages,
    host,
    label_folder,
    resolve,
    slugged,
    strip_fragment,
    unnumbered_landings,
)

logger = logging.getLogger(__name__)

_DROP = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed",
         "select", "textarea", "math", "canvas")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json",
               "application/json+feed", "application/rdf+xml")
_TITLE_SEP = re.compile(r"\s+(?:\||-|\u2013|\u2014|::|\u00b7|\u2022|/)\s+")
_CONTROL = bytes(range(0x00, 0x09)) + bytes(range(0x0e, 0x20))  # control bytes other than \t \n \v \f \r


def _reject(body: bytes) -> str | None:
    """A short reason when the body is not an HTML page at all."""
    if not body or body.isspace():  # not `body.strip()`: that copies a body ending in "\n"
        return "empty body"
    head = body[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    if b"\x00" in head or len(head) - len(head.translate(None, _CONTROL)) > len(head) // 20:
        return "binary content"
    start = head.lstrip()[:200].lower()
    if start[:1] in (b"{", b"["):
        return "not HTML (JSON)"
    if start.startswith(b"<?xml") or start.startswith((b"<rss", b"<feed", b"<urlset", b"<rdf")):
        if re.search(rb"<(?:rss|feed|rdf:rdf|urlset|sitemapindex)\b", head, re.I):
            return "not HTML (XML feed or sitemap)"
        if not re.search(rb"<html\b", head, re.I):
            return "not HTML (XML)"
    if b"<" not in head:
        return "not HTML"
    return None


def _utf8_without_nul(body: bytes) -> bool:
    """Valid UTF-8 with no NUL in its first 4096 characters (decode_html's checks on the text,
    made on the bytes: 4096 characters never span more than 16384 bytes)."""
    if b"\x00" in body[:16384]:
        return False  # decode it the long way, where the check is exact
    if body.isascii():
        return True
    # Decoded piece by piece and each piece dropped: the whole body as one string would be a
    # large block fetched from the system and handed back (twice the time). The decoder
    # carries a character split between two pieces over, so the answer is the same.
    decoder = _UTF8()
    view = memoryview(body)
    try:
        for start in range(0, len(body), _UTF8_PIECE):
            decoder.decode(view[start:start + _UTF8_PIECE])
        decoder.decode(b"", True)
    except UnicodeDecodeError:
        return False
    return True


_UTF8 = codecs.getincrementaldecoder("utf-8")
_UTF8_PIECE = 1 << 16


def _parse(text: str, raw: bytes | None = None) -> tuple[etree._Element | None, bool]:
    """(root, hit the depth limit). lxml stops at 256 levels without huge_tree; keep the rest.

    `raw` is the body itself when it is exactly `text` in UTF-8 (saves re-encoding it).
    """
    # No id table (collect_ids): nothing looks elements up by id (CSS "#x" reads @id), and
    # building it, with an error logged per duplicate id, costs about 6% of the parse.
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False)
    root = etree.fromstring(raw if raw is not None else text.encode("utf-8", "surrogatepass"), parser)
    deep = any("depth" in (e.message or "").lower() for e in parser.error_log)
    return root, deep


class HeadFacts:
    """The elements page facts are read from (<meta>, <link>, the first <base>, <title> and
    <h1>), gathered in one walk of the tree instead of one walk per fact."""

    __slots__ = ("metas", "links", "base", "title", "h1")

    def __init__(self, root: etree._Element) -> None:
        self.metas: list[etree._Element] = []
        self.links: list[etree._Element] = []
        self.base = self.title = self.h1 = None
        for el in root.iter("meta", "link", "base", "title", "h1"):
            tag = el.tag
            if tag == "meta":
                self.metas.append(el)
            elif tag == "link":
                self.links.append(el)
            elif tag == "base":
                self.base = el if self.base is None else self.base
            elif tag == "title":
                self.title = el if self.title is None else self.title
            elif self.h1 is None:
                self.h1 = el


def _meta(facts: HeadFacts, *names: str) -> str | None:
    """The first of `names` (in page order) among the <meta> property/name keys with content."""
    for el in facts.metas:
        key = el.get("property") or el.get("name")
        if key and key.lower() in names and el.get("content"):
            return el.get("content")
    return None


def page_title(facts: HeadFacts) -> str | None:
    """og:title, else the first <h1>, else <title> minus the site name."""
    og = _meta(facts, "og:title", "twitter:title")
    if og and clean_text(og)[0]:
        return clean_text(og)[0]
    if facts.h1 is not None:
        text = clean_text("".join(facts.h1.itertext()))[0]
        if text:
            return text
    if facts.title is None:
        return None
    text = clean_text("".join(facts.title.itertext()))[0]
    parts = [p for p in _TITLE_SEP.split(text) if p.strip()]
    return max(parts, key=len) if len(parts) > 1 else (text or None)


def site_name(facts: HeadFacts) -> str | None:
    """The publisher's name: og:site_name / application-name, else the shorter part of a
    "Headline | Site" <title>."""
    named = _meta(facts, "og:site_name", "application-name")
    if named and clean_text(named)[0]:
        return clean_text(named)[0]
    if facts.title is None:
        return None
    parts = [p.strip() for p in _TITLE_SEP.split(clean_text("".join(facts.title.itertext()))[0]) if p.strip()]
    return min(parts, key=len) if len(parts) > 1 else None


# Links of a saved page whose address is unknown resolve against this stand-in for detection,
# and are handed back relative ("/video/2026/...").
STAND_IN = "http://page.invalid/"


def _base(root: etree._Element, url: str, facts: HeadFacts | None = None) -> str:
    """<base href> against the page URL; without a web URL (none, or file://), the page's
    canonical/og:url, else the most linked host, else the stand-in."""
    facts = facts or HeadFacts(root)
    if not url.startswith(("http://", "https://")):
        url = ""
        for el in facts.links:
            if "canonical" in (el.get("rel") or "").lower() and host(el.get("href")):
                url = el.get("href").strip()
                break
        else:
            og = _meta(facts, "og:url")
            url = og.strip() if host(og) else ""
    el = facts.base
    if el is not None and el.get("href"):
        return resolve(url, el.get("href")) or url
    if not url:
        # Without a base only absolute links have a host (resolve("", href) is None for the
        # rest); a protocol-relative one ("//web.archive.org/web/.../https://site/...", as an
        # archived capture writes every link) counts too.
        hosts = Counter(host(resolve("", _absolute(href))) for href in (a.get("href") for a in root.iter("a"))
                        if href and href.lstrip()[:8].lower().startswith(("http://", "https://", "//")))
        hosts.pop("", None)
        url = f"http://{hosts.most_common(1)[0][0]}/" if hosts else STAND_IN
    return url


def _absolute(href: str) -> str:
    """A protocol-relative href ("//host/path") as an http URL; others as they are."""
    href = href.lstrip()
    return "http:" + href if href.startswith("//") else href


def page_feeds(facts: HeadFacts, base: str) -> list[str]:
    out: list[str] = []
    for el in facts.links:
        rel = (el.get("rel") or "").lower().split()
        kind = (el.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rel and kind in _FEED_TYPES:
            url = resolve(base, el.get("href"))
            if url and url not in out:
                out.append(url)
    return out


def _site_host(root: etree._Element, url: str, base: str) -> str:
    """The page's own host: from its URL, else from the base worked out by _base; an archived
    capture's (web.archive.org/web/<time>/<original>) is its original's, as its links are read."""
    return host(resolve("", url) or url) or host(resolve("", base) or base)


def _sightings(items: list[tuple[str, str | None]]) -> list[Sighting]:
    """Dedupe and number 1-based. The same headline (same key) is kept once. Two texts for one
    link are one sighting when one is the other cut short (the full form is kept, in the
    place of the first); otherwise they are distinct headlines (a placeholder or login page
    many items point to) and both stay."""
    out: list[Sighting] = []
    seen: set[str] = set()
    by_link: dict[str, list[tuple[str, int]]] = {}
    for text, url in items:
        key = headline_key(text)
        if not key or key in seen:
            continue
        link = strip_fragment(url) if url else None
        same = by_link.get(link) if link else None
        hit = None if same is None else next(((k, i) for k, i in same if k.startswith(key) or key.startswith(k)), None)
        seen.add(key)
        if hit is not None:
            old_key, i = hit
            if len(key) > len(old_key):  # the fuller form replaces the cut one
                out[i] = Sighting(text=text, url=url, position=i + 1)
                same.remove(hit)
                same.append((key, i))
            continue
        if link:
            if same is None:
                by_link[link] = [(key, len(out))]
            else:
                same.append((key, len(out)))
        out.append(Sighting(text=text, url=url, position=len(out) + 1))
    return out


def pinned_lists(root: etree._Element, base: str, specs: Sequence[ListSpec]) -> tuple[list[HeadlineList], list[str]]:
    """Lists from user CSS; returns (lists found, names of specs that matched nothing)."""
    from lxml.cssselect import CSSSelector

    found, missing = [], []
    for spec in specs:
        try:
            items = CSSSelector(spec.items)(root)
            text_sel = CSSSelector(spec.text) if spec.text else None
        except Exception as exc:  # noqa: BLE001 - bad CSS counts as "matched nothing"
            logger.warning("list %s: bad CSS %r: %s", spec.name, spec.items, exc)
            items, text_sel = [], None
        rows: list[tuple[str, str | None]] = []
        for el in items:
            target = el
            if text_sel is not None:
                sub = text_sel(el)
                target = sub[0] if sub else el
            raw = link_headline(target) if target.tag == "a" or target is not el else link_headline(el)
            text = clean_text(raw)[0] or clean_text(" ".join("".join(target.itertext()).split()))[0]
            link = el if el.tag == "a" and el.get("href") else next((a for a in el.iter("a") if a.get("href")), None)
            url = resolve(base, link.get("href")) if link is not None else None
            if text:
                rows.append((text, url))
        sightings = _sightings(rows)
        if sightings:
            found.append(HeadlineList(spec.name, sightings))
        else:
            missing.append(spec.name)
    return found, missing


def detect_groups(root: etree._Element, base: str, url: str, site_host: str) -> list[tuple[str, list[Candidate]]]:
    """Named lists with the link candidates kept for each, in page order (before dedupe)."""
    det = Detector(root, base, url, site_host)
    cands = det.candidates()
    named: dict[str, list[Candidate]] = {}
    order: list[tuple[int, str]] = []
    index = {id(c.el): i for i, c in enumerate(cands)}
    lone: list[Candidate] = []
    pairs: list[Candidate] = []  # the links of rejected groups of two (a post's previous and next)
    lists: list[list[Candidate]] = []  # the kept groups, and the name each went under
    names: list[str] = []
    for group in det.groups(cands):
        kept = det.accept(group)
        if not kept:
            if len(group) == 1:
                lone.append(group[0])
            elif len(group) == 2:
                pairs.extend(group)
            continue
        name, heading = name_list(lca(group), group[0].el, readmore=group[0].readmore)
        if is_sponsored_heading(heading):
            # A rail of the site's own stories under a vendor's "You may like" or an empty native
            # ad slot's "Sponsored" label is its recirculation: only links elsewhere are paid.
            if not (len(kept) >= RAIL_SIZE and det.distinct_stories(c.url for c in kept)):
                continue
            name = "related" if name == "sponsored" else name
        if name not in named:
            named[name] = []
            order.append((index[id(kept[0].el)], name))
        named[name].extend(kept)
        lists.append(kept)
        names.append(name)
    joined: set[int] = set()
    for cand, i in det.lone_cards(lone, lists):  # a list's lead card styled apart joins it
        named[names[i]].append(cand)
        joined.add(id(cand))
    near = det.neighbours(sorted((c for c in lone + pairs if id(c) not in joined), key=lambda c: index[id(c.el)]))
    if near:  # the stories before and after this one: one list, wherever their boxes are
        name, _heading = name_list(lca(near), near[0].el)
        if name not in named:
            named[name] = []
            order.append((index[id(near[0].el)], name))
        named[name].extend(near)
    everyone = [c for kept in named.values() for c in kept]
    drop = drop_card_twins(everyone)
    if det.rescued:  # a lone headline of a region that a list of the page holds: a teaser of it
        listed = {strip_fragment(c.url) for c in everyone if id(c) not in det.rescued and id(c) not in drop}
        drop.update(id(c) for c in everyone if id(c) in det.rescued and strip_fragment(c.url) in listed)
    own = [c for c in everyone if not c.foreign]  # links to the site's own pages
    for i in unnumbered_landings([c.url for c in own]):
        # ... a story written without a number keeps its sentence-long title at a slug
        if word_count(own[i].text) < TITLED_WORDS or not slugged(own[i].url):
            drop.add(id(own[i]))
    hrefs: list[str] | None = None  # the page's links as written, read only when a text names its own folder
    # A short text naming a folder of its own link's address (urls.label_folder) ... Short is
    # fewer than TITLED_WORDS words, counted by spaces: a cleaned text spaces its words once, and
    # a text in a script that writes none (CJK) never names a folder (label_folder folds it to "").
    for c in own:
        if id(c) in drop or c.text.count(" ") >= TITLED_WORDS - 1 or (folder := label_folder(c.text, c.url)) is None:
            continue
        if folder != LABEL:  # ... its last: a landing when the page links pages inside it
            if hrefs is None:  # every link of the page: a menu's sub-sections count too
                hrefs = [href for a in root.iter("a") if (href := a.get("href"))]
            if not holds_pages(folder, hrefs, base):
                continue
        drop.add(id(c))  # a section's or series' label or landing, not a story's title
    # Groups merged under one name read in page order (the order a reader sees them in).
    return [(name, sorted((c for c in named[name] if id(c) not in drop), key=lambda c: index[id(c.el)]))
            for _pos, name in sorted(order)]


def detect_lists(root: etree._Element, base: str, url: str, site_host: str) -> list[HeadlineList]:
    lists = []
    for name, kept in detect_groups(root, base, url, site_host):
        sightings = _sightings([(c.text, c.url or None) for c in kept])
        if sightings:
            lists.append(HeadlineList(name, sightings))
    return lists


def extract_page(body: bytes, url: str, *, content_type: str | None = None,
                 lists: Sequence[ListSpec] | None = None) -> Page:
    """Decode, parse and find the headline lists of one page. Never raises."""
    page = Page(url=url)
    # A page makes tens of thousands of short-lived tuples, lists and element proxies and no
    # reference cycle: cycle collections in between would search them for nothing.
    with collector_paused():
        try:
            _extract(page, body if isinstance(body, bytes) else bytes(body or b""), content_type, lists)
            _relative_again(page)
        except Exception as exc:  # noqa: BLE001 - bad input must never crash a crawl
            logger.warning("extract %s failed: %r", url, exc)
            page.lists = []
            page.reason = f"extraction failed: {type(exc).__name__}"
    return page


def prepare(page: Page, body: bytes, content_type: str | None) -> tuple[etree._Element | None, str, bool]:
    """Check, decode and parse a body; sets page.title/feeds (or page.reason). Returns (root with
    scripts, styles and the like removed, or None when there is nothing to read; base URL;
    hit lxml's depth limit)."""
    trim()  # the heuristics' memo caches kept to their bounds, once a page (extract and suggest)
    reason = _reject(body)
    if reason:
        page.reason = reason
        return None, "", False
    declared = declared_encoding(body, content_type)
    if declared == "utf-8" or declared is None and _utf8_without_nul(body):
        # Declared UTF-8 (the common case), or undeclared and valid UTF-8 (what decode_html would
        # pick for it): lxml decodes it itself, invalid bytes as U+FFFD.
        if b"\x00" in body[:4096]:
            page.reason = "binary content"
            return None, "", False
        root, deep = _parse("", body.removeprefix(b"\xef\xbb\xbf"))
    else:
        text, encoding = decode_html(body, content_type)
        if "\x00" in text[:4096]:
            page.reason = "binary content"
            return None, "", False
        lossless = encoding == "utf-8" and "\ufffd" not in text
        root, deep = _parse(text, body.removeprefix(b"\xef\xbb\xbf") if lossless else None)
    if root is None:
        page.reason = "not HTML"
        return None, "", False
    facts = HeadFacts(root)
    base = _base(root, page.url, facts)
    page.title = page_title(facts)
    page.site_name = site_name(facts)
    page.feeds = page_feeds(facts, base)
    body_el = next(root.iter("body"), None)
    if body_el is None or next(body_el.iter("a"), None) is None:
        page.reason = "document nested too deeply" if deep else "no links in page"
        return None, base, deep
    etree.strip_elements(root, *_DROP, with_tail=False)
    return root, base, deep


def _relative_again(page: Page) -> None:
    """Links resolved against the stand-in base go back to being relative."""
    for sighting in (s for lst in page.lists for s in lst.headlines):
        if sighting.url and sighting.url.startswith(STAND_IN):
            sighting.url = sighting.url[len(STAND_IN) - 1:]


def _extract(page: Page, body: bytes, content_type: str | None, specs: Sequence[ListSpec] | None) -> None:
    root, base, deep = prepare(page, body, content_type)
    if root is None:
        return
    if specs:
        page.lists, page.layout_changed = pinned_lists(root, base, specs)
        if not page.layout_changed:
            return
    found = detect_lists(root, base, page.url, _site_host(root, page.url, base))
    taken = {lst.name for lst in page.lists}
    page.lists.extend(lst for lst in found if lst.name not in taken)
    if not page.lists:
        page.reason = "no headline lists found" + (" (document nested too deeply)" if deep else "")


def page_to_json(page: Page) -> dict:
    """The `extract --json` shape (docs/contract.md): url, title, lists of headlines."""
    return {
        "url": page.url,
        "title": page.title,
        "feeds": page.feeds,
        "lists": [
            {"name": lst.name,
             "headlines": [{"text": h.text, "url": h.url, "truncated": is_truncated(h.text),
                            "position": h.position} for h in lst.headlines]}
            for lst in page.lists
        ],
    }
