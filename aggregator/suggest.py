"""CSS selectors that pin the lists detection finds, for a ready [[source.lists]] entry.

For each detected list, `items` selects that list's headline links (one element per
headline) and `text`, when a link holds more than its headline (a kicker, a teaser), the
element inside it that holds the headline. Selectors are anchored at the nearest ancestor
with a usable id or a distinctive class (never a class that looks generated, such as
css-1x2y3z), then made more specific only as far as needed to select exactly the detected
links. Every suggestion is checked by applying it with the pinned-list path.

>>> items = [b"Storm closes the harbour road", b"Mayor backs new cycle lanes", b"Library extends winter hours"]
>>> html = (b'<div id="most-read"><h2>Most read</h2><ol>' + b"".join(
...     b'<li><a href="/news/2026/%d/story-slug-goes-here">%s</a></li>' % (i, t) for i, t in enumerate(items))
...     + b'</ol></div>')
>>> [(s.name, s.items, s.count) for s in suggest_lists(html, "https://site.example/")]
[('most-read', '#most-read a', 3)]
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree
from lxml.cssselect import CSSSelector

from aggregator.detect import _VOLATILE, Candidate
from aggregator.extract import _sightings, _site_host, detect_groups, pinned_lists, prepare
from aggregator.headline_text import _title_element, pieces
from aggregator.model import ListSpec, Page
from aggregator.rules import rules

logger = logging.getLogger(__name__)
_CSS_IDENT = re.compile(r"^-?[A-Za-z_][A-Za-z0-9_-]*$")
_STOP_AT = frozenset({"body", "html"})
PER_LINK_MAX = 5  # a list this small that no shared selector pins exactly gets one path per link


@dataclass(slots=True)
class SuggestedList:
    """One detected list and the CSS that selects it again (docs/contract.md [[source.lists]])."""

    name: str
    items: str
    text: str | None
    count: int
    sample: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _generated() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in rules()["generated_classes"]))


def usable(name: str | None) -> bool:
    """A class or id fit for a selector: a plain CSS identifier, not volatile, not generated."""
    return bool(name) and len(name) <= 40 and bool(_CSS_IDENT.match(name)) \
        and not _VOLATILE.search(name) and not _generated().search(name)


def _classes(el: etree._Element) -> list[str]:
    return [c for c in (el.get("class") or "").split() if usable(c)]


def _count(root: etree._Element, css: str) -> int:
    try:
        return len(CSSSelector(css)(root))
    except Exception:  # noqa: BLE001 - a selector lxml cannot compile is not usable
        return 10**9


def simple(el: etree._Element, root: etree._Element, shared: list[str] | None = None) -> str:
    """tag plus its rarest usable class on the page (or a class shared by `shared` members)."""
    classes = shared if shared is not None else _classes(el)
    if not classes:
        return el.tag
    best = min(classes, key=lambda c: (_count(root, f".{c}"), len(c)))
    return f"{el.tag}.{best}"


def _shared_classes(els: list[etree._Element]) -> list[str]:
    common = set(_classes(els[0]))
    for el in els[1:]:
        common &= set(el.get("class", "").split())
    return sorted(common)


def _path(top: etree._Element, el: etree._Element, root: etree._Element) -> str:
    """Child-combinator path from just below `top` down to el's parent, classes kept."""
    steps = []
    node = el.getparent()
    while node is not None and node is not top:
        steps.append(simple(node, root))
        node = node.getparent()
    return " > ".join(reversed(steps))


def _heads(container: etree._Element, root: etree._Element, limit: int = 4) -> list[tuple[str, etree._Element]]:
    """Anchors to try, nearest first: ancestors (container included) with a usable id or
    class; last, the container pinned by position under the nearest of them."""
    out: list[tuple[str, etree._Element]] = []
    el = container
    while el is not None and el.tag not in _STOP_AT and len(out) < limit:
        ident = el.get("id")
        if usable(ident) and _count(root, f"#{ident}") == 1:
            out.append((f"#{ident}", el))
            break  # an id is unique: nothing above it is more precise
        if _classes(el):
            out.append((simple(el, root), el))
        el = el.getparent()
    out.append(_pinned_path(container, root))
    return out


def _pinned_path(container: etree._Element, root: etree._Element) -> tuple[str, etree._Element]:
    """The container by position (:nth-of-type only where siblings share its tag) below the
    nearest ancestor that is unique on the page by id or class, else below <body>."""
    steps, node = [], container
    while node is not None and node.tag not in _STOP_AT:
        ident = node.get("id")
        if node is not container and usable(ident) and _count(root, f"#{ident}") == 1:
            steps.append(f"#{ident}")
            break
        unique = next((c for c in _classes(node) if _count(root, f"{node.tag}.{c}") == 1), None)
        if node is not container and unique:
            steps.append(f"{node.tag}.{unique}")
            break
        parent = node.getparent()
        same = [c for c in parent if c.tag == node.tag] if parent is not None else [node]
        steps.append(f"{node.tag}:nth-of-type({same.index(node) + 1})" if len(same) > 1 else node.tag)
        node = parent
    else:
        if node is not None and node.tag == "body":
            steps.append("body")
    return " > ".join(reversed(steps)), container


def group_selector(links: list[etree._Element], root: etree._Element) -> str:
    """The shortest selector among a few shapes that selects exactly these links (else the
    one selecting the fewest others)."""
    want = set(links)
    container = _common_ancestor(links)
    leaf = simple(links[0], root, _shared_classes(links))
    parents = [a.getparent() for a in links]
    parent = simple(parents[0], root, _shared_classes(parents)) if None not in parents else ""
    best, best_extra = "", None
    for head, top in _heads(container, root) if container is not None else [("", None)]:
        shapes = [f"{head} {leaf}", f"{head} {parent} > {leaf}" if parent else "",
                  f"{head} > {leaf}" if top is links[0].getparent() else ""]
        if top is not None and top is not links[0].getparent():
            shapes.append(f"{head} > {_path(top, links[0], root)} > {leaf}".replace(">  >", ">"))
        for css in (s.strip() for s in shapes if s.strip()):
            try:
                got = CSSSelector(css)(root)
            except Exception:  # noqa: BLE001
                continue
            if not want.issubset(got):
                continue
            extra = len(got) - len(want)
            if extra == 0:
                return css
            if best_extra is None or extra < best_extra:
                best, best_extra = css, extra
    if best_extra and len(links) <= PER_LINK_MAX:
        exact = ", ".join(_pinned_path(a, root)[0] for a in links)
        if _count(root, exact) == len(links):
            return exact
    return best


def _common_ancestor(els: list[etree._Element]) -> etree._Element | None:
    first = list(els[0].iterancestors())
    common = set(first)
    for el in els[1:]:
        common &= set(el.iterancestors())
    return next((e for e in first if e in common), None)


def text_selector(links: list[etree._Element], root: etree._Element) -> str | None:
    """The element inside the links that holds the headline, when the links hold more."""
    if all(len(pieces(a)) <= 1 for a in links):
        return None
    inner = [_title_element(a) for a in links]
    if any(el is None for el in inner):
        return None
    tags = {el.tag for el in inner}
    shared = _shared_classes(inner)
    if len(tags) == 1:
        return f"{inner[0].tag}.{shared[0]}" if shared else inner[0].tag
    return f".{shared[0]}" if shared else None


def suggest_lists(body: bytes, url: str, *, content_type: str | None = None) -> list[SuggestedList]:
    """Selectors for every list detect_lists would return on this page (none on bad input)."""
    try:
        page = Page(url=url)
        root, base, _deep = prepare(page, bytes(body or b""), content_type)
        if root is None:
            return []
        found = detect_groups(root, base, url, _site_host(root, url, base))
        return [s for s in (_suggest(name, kept, root, base) for name, kept in found) if s is not None]
    except Exception as exc:  # noqa: BLE001 - same promise as extract_page: never raise on input
        logger.warning("suggest %s failed: %r", url, exc)
        return []


def _suggest(name: str, kept: list[Candidate], root: etree._Element, base: str) -> SuggestedList | None:
    sightings = _sightings([(c.text, c.url) for c in kept])
    if not sightings:
        return None
    by_path: dict[str, list[etree._Element]] = {}
    for c in kept:
        by_path.setdefault(c.sig, []).append(c.el)
    parts = [group_selector(links, root) for links in by_path.values()]
    items = ", ".join(dict.fromkeys(p for p in parts if p))
    text = text_selector([c.el for c in kept], root)
    if text and not _round_trips(root, base, ListSpec(name, items, text), sightings):
        text = None
    return SuggestedList(name, items, text, len(sightings), [s.text for s in sightings[:3]])


def _round_trips(root: etree._Element, base: str, spec: ListSpec, sightings: list) -> bool:
    found, _missing = pinned_lists(root, base, [spec])
    return bool(found) and [h.text for h in found[0].headlines] == [s.text for s in sightings]

