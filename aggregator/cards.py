"""One headline per card: when a card links its story twice (a title link and a teaser or
caption link), keep the title.

A card here is the smallest element holding two accepted links to the same story and no link
to any other address. Links that share an address across different cards (a login page every
item points to, an aggregator's placeholder) are distinct headlines and all stay.
"""
from __future__ import annotations

from lxml import etree

from aggregator.detect import Candidate, word_count
from aggregator.headline_text import HEADINGS
from aggregator.rules import tokens
from aggregator.urls import strip_fragment

_TITLE = frozenset({"title", "ttl", "headline", "heading", "hed", "titulo", "titre", "titel", "baslik"})
_TEASER = frozenset({"dek", "teaser", "summary", "description", "desc", "excerpt", "subtitle",
                     "subheadline", "caption", "lede", "lead", "intro", "abstract", "standfirst",
                     "sub", "subdeck", "detail", "btn", "button", "cta", "more", "readmore"})
_ENDS_SENTENCE = (".", "\u2026", "...", "\u3002")
CARD_LEVELS = 4  # ancestors of a link searched for its title/teaser role


def title_likeness(cand: Candidate) -> float:
    """Higher for a card's title link: in, or holding, a heading or a title-classed element;
    lower for a teaser or a button (so classed, a long sentence, one or two words)."""
    score = 0.0
    node: etree._Element | None = cand.el
    for _ in range(CARD_LEVELS):
        if node is None:
            break
        toks = set(tokens(node.get("class")))
        if toks & _TEASER or node.tag == "p" and not toks & _TITLE:
            score -= 1.0
            break
        if node.tag in HEADINGS or toks & _TITLE:
            score += 2.0
            break
        node = node.getparent()
    else:
        if any(el.tag in HEADINGS or set(tokens(el.get("class"))) & _TITLE for el in cand.el.iterdescendants()):
            score += 2.0
    n = word_count(cand.text)
    if n <= 2 or cand.text.rstrip().endswith(_ENDS_SENTENCE) and n >= 10:
        score -= 1.0
    return score


def _same_card(a: Candidate, b: Candidate) -> bool:
    """Their nearest common ancestor links to nothing but this story (hrefs compared as
    written, fragments aside)."""
    ids = {id(e) for e in b.anc}
    lca = next((e for e in a.anc if id(e) in ids), None)
    if lca is None or lca.tag in ("body", "html"):
        return False
    own = {strip_fragment(a.el.get("href") or ""), strip_fragment(b.el.get("href") or "")}
    for link in lca.iter("a"):
        href = link.get("href")
        if href and not href.startswith("#") and strip_fragment(href) not in own:
            return False
    return True


def drop_card_twins(kept: list[Candidate]) -> set[int]:
    """ids of candidates to drop: the less title-like of two links of one card to one story
    (a teaser, a caption, a "read more")."""
    by_url: dict[str, list[Candidate]] = {}
    for cand in kept:
        if cand.url:
            by_url.setdefault(strip_fragment(cand.url), []).append(cand)
    drop: set[int] = set()
    for cands in by_url.values():
        if len(cands) < 2:
            continue
        for i, a in enumerate(cands):
            for b in cands[i + 1:]:
                if id(a) in drop or id(b) in drop or not _same_card(a, b):
                    continue
                ta, tb = title_likeness(a), title_likeness(b)
                if ta != tb:
                    drop.add(id(b) if ta > tb else id(a))
    return drop
