"""Name a detected list the way a reader would: "trending", "most-read", "up-next",
"related", "latest", else a slug of the list's heading, else "main".

>>> slug("Mehr zum Thema: Fußball!")
'mehr-zum-thema-fußball'
"""
from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from aggregator.headline_text import HEADINGS
from aggregator.rules import class_words, rules, tokens
from aggregator.urls import url_shape

_SLUG = re.compile(r"[^\w]+")
_HEADING_CLASS = frozenset({"title", "heading", "header", "hed", "headline", "label"})
LEVELS_UP = 4      # ancestors searched for a name in aria-label / class / id
HEADING_LEVELS = 2  # levels above the list's container searched for a heading


def slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-_")[:40].strip("-")


def known_name(text: str) -> str | None:
    """"Most Read Stories" -> "most-read"; None when no known phrase is in the text."""
    names = rules()["name_of"]
    low = " ".join(_SLUG.sub(" ", text.casefold()).split())
    if not low:
        return None
    if low in names:
        return names[low]
    words = low.split()
    starts = [i for i, w in enumerate(words) if w in _first_words()]  # where a phrase can begin
    for size in (3, 2, 1):
        for i in starts:
            if i + size <= len(words):
                hit = names.get(" ".join(words[i:i + size]))
                if hit:
                    return hit
    return None


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The first word of every known list-name phrase."""
    return frozenset(phrase.split()[0] for phrase in rules()["name_of"] if phrase.split())


def _heading_text(el: etree._Element) -> str | None:
    if not isinstance(el.tag, str):
        return None
    found = el if el.tag in HEADINGS else next(el.iter(*HEADINGS), None)
    if found is None and not class_words(el.get("class")).isdisjoint(_HEADING_CLASS) and el.find(".//a") is None:
        found = el
    if found is None:
        return None
    # A heading that links to a story is another item's headline, not the list's title.
    if any(url_shape(a.get("href") or "") == "story" for a in found.iter("a")):
        return None
    text = " ".join("".join(found.itertext()).split())
    low = text.casefold().strip(" :>\u203a\u00bb")
    if low in rules()["utility_phrases"] or low.startswith(("share", "follow", "comment")):
        return None
    return text if 0 < len(text.split()) <= 8 else None


def find_heading(container: etree._Element | None, first_link: etree._Element) -> str | None:
    """The nearest heading before the group's first link, within a few levels up."""
    if container is None:
        return None
    # Walk from the first link up to a few levels above the container, looking at preceding
    # siblings at each level (nearest first).
    node = first_link
    top = container
    for _ in range(HEADING_LEVELS):
        parent = top.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        top = parent
    while node is not None and node is not top:
        for sib in node.itersiblings(preceding=True):
            text = _heading_text(sib)
            if text:
                return text
        node = node.getparent()
    return None


def context_name(container: etree._Element | None) -> str | None:
    """A known name from aria-label / class / id of the container or a few ancestors."""
    el = container
    for _ in range(LEVELS_UP):
        if el is None or el.tag in ("body", "html"):
            return None
        for value in (el.get("aria-label"), el.get("class"), el.get("id"), el.get("data-module")):
            if value:
                name = _value_name(value)
                if name:
                    return name
        el = el.getparent()
    return None


@lru_cache(maxsize=8192)
def _value_name(value: str) -> str | None:
    """known_name() of an attribute value's tokens (class strings repeat across groups and pages)."""
    return known_name(" ".join(tokens(value)))


def is_sponsored_heading(heading: str | None) -> bool:
    """"Around the web", "Promoted stories", "From our partners": a sponsored widget."""
    if not heading:
        return False
    low = heading.casefold()
    return any(phrase in low for phrase in rules()["sponsored_phrases"])


def name_list(container: etree._Element | None, first_link: etree._Element,
              readmore: bool = False) -> tuple[str, str | None]:
    """(list name, heading text or None)."""
    heading = find_heading(container, first_link)
    name = known_name(heading) if heading else None
    name = name or context_name(container)
    if name:
        return name, heading
    if readmore:
        return "related", heading
    if heading and slug(heading):
        return slug(heading), heading
    return "main", heading
