"""One headline per card: when a card links its story twice (a title link and a teaser or
caption link), keep the title.

A card here is the smallest element holding two accepted links to the same story and no other
accepted link to another address. Links that share an address across different cards (a login page every
item points to, an aggregator's placeholder) are distinct headlines and all stay.
"""
from __future__ import annotations

from collections import Counter
from itertools import islice

from lxml import etree

from aggregator.cut_forms import completes, is_cut
from aggregator.detect import Candidate, word_count
from aggregator.headline_text import HEADINGS, run_text
from aggregator.rules import class_words
from aggregator.urls import strip_fragment

_TITLE = frozenset({"title", "ttl", "headline", "heading", "hed", "titulo", "titre", "titel", "baslik"})
_TEASER = frozenset({"dek", "teaser", "summary", "description", "desc", "excerpt", "subtitle",
                     "subheadline", "caption", "lede", "lead", "intro", "abstract", "standfirst",
                     "sub", "subdeck", "detail", "btn", "button", "cta", "more", "readmore"})
_ENDS_SENTENCE = (".", "\u2026", "...", "\u3002")
CARD_LEVELS = 4  # ancestors of a link searched for its title/teaser role
CARD_DEPTH = 6   # a card's two links sit at most this many levels below it ...
CARD_LINKS = 12  # ... and it holds at most this many links
CONTROL_REPEATS = 3  # links sharing one title/aria-label text and no visible text: a control


def title_likeness(cand: Candidate) -> float:
    """Higher for a card's title link: in, or holding, a heading or a title-classed element;
    lower for a teaser or a button (so classed, a long sentence, one or two words)."""
    score = 0.0
    node: etree._Element | None = cand.el
    for _ in range(CARD_LEVELS):
        if node is None:
            break
        toks = class_words(node.get("class"))
        if toks & _TEASER or node.tag == "p" and not toks & _TITLE:
            score -= 1.0
            break
        if node.tag in HEADINGS or toks & _TITLE:
            score += 2.0
            break
        node = node.getparent()
    else:
        if any(el.tag in HEADINGS or not class_words(el.get("class")).isdisjoint(_TITLE) for el in cand.el.iterdescendants()):
            score += 2.0
    if not run_text(cand.el).strip():
        score -= 1.0  # text from title/aria-label only: an image link's description
    n = word_count(cand.text)
    if n <= 2 or cand.text.rstrip().endswith(_ENDS_SENTENCE) and n >= 10:
        score -= 1.0
    return score


def _control_labels(kept: list[Candidate]) -> set[int]:
    """ids of links named only by a title or aria-label that CONTROL_REPEATS or more links
    share word for word ("Show this picture enlarged", "Play video"): a control's label,
    written once per picture or player, not a headline."""
    drop: set[int] = set()
    texts = [c.text for c in kept]
    if len(set(texts)) == len(texts):
        return drop  # the common case: every text once, nothing to count
    counts = Counter(texts)
    repeated = {text for text, n in counts.items() if n >= CONTROL_REPEATS}
    if not repeated:
        return drop  # no text on three links, no walk of any link
    for text in repeated:
        labelled = [c for c in kept if c.text == text and not run_text(c.el).strip()]
        if len(labelled) >= CONTROL_REPEATS:
            drop.update(id(c) for c in labelled)
    return drop


def _same_card(a: Candidate, b: Candidate, url_of: dict[int, str]) -> bool:
    """Their nearest common ancestor holds no other accepted link to another address
    (a rubric or author link beside them does not count)."""
    ids = {id(e) for e in b.anc[:CARD_DEPTH]}
    lca = next((e for e in a.anc[:CARD_DEPTH] if id(e) in ids), None)
    if lca is None or lca.tag in ("body", "html"):
        return False  # no card: too far apart
    own = url_of[id(a.el)]
    links = list(islice(lca.iter("a"), CARD_LINKS + 1))
    return len(links) <= CARD_LINKS and all(url_of.get(id(link), own) == own for link in links)


def drop_card_twins(kept: list[Candidate]) -> set[int]:
    """ids of candidates to drop: the less title-like of two links of one card to one story
    (a teaser, a caption, an image's description, a "read more")."""
    by_url: dict[str, list[Candidate]] = {}
    url_of: dict[int, str] = {}
    for cand in kept:
        if cand.url:
            url = strip_fragment(cand.url)
            by_url.setdefault(url, []).append(cand)
            url_of[id(cand.el)] = url
    drop: set[int] = _control_labels(kept)
    for cands in by_url.values():
        if not 2 <= len(cands) <= CARD_LINKS:
            continue  # one link, or an address many items share (a placeholder): no twins
        for i, a in enumerate(cands):
            for b in cands[i + 1:]:
                if id(a) in drop or id(b) in drop or not _same_card(a, b, url_of):
                    continue
                if is_cut(a.text) and completes(a.text, b.text):
                    drop.add(id(a))  # the twin spells the cut title out: it is the headline
                    continue
                if is_cut(b.text) and completes(b.text, a.text):
                    drop.add(id(b))
                    continue
                ta, tb = title_likeness(a), title_likeness(b)
                if ta != tb:
                    drop.add(id(b) if ta > tb else id(a))
    return drop
