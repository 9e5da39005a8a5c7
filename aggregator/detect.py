"""Detect the lists of story links on a parsed page (no pinned CSS).

Method: every <a href> with text becomes a candidate with a headline-likeness score (word
count, URL shape, same site, utility words, inline-prose position, ancestor class/id/role
tokens). Candidates are grouped by their structural path (tags + normalised classes from the
root), a group of several strong candidates lifts its weaker members, sponsored groups are
dropped, and each group is named from its heading, aria-label or classes. Weights live here,
token lists in data/extract_tokens.json.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from aggregator.clean import clean_text, headline_key
from aggregator.headline_text import HEADINGS, link_headline
from aggregator.model import HeadlineList, Sighting
from aggregator.rules import rules, tokens
from aggregator.urls import resolve, site, host, strip_fragment, url_shape

# Weights (tuned on labelled pages; see bench/eval_extract.sh).
ACCEPT = 1.5           # a link's score must reach this (after its group's bonus)
GROUP_BONUS = 1.0      # added to members of a group whose median member is clearly a headline
GROUP_STRONG = 2.0     # ... where "clearly" means a median at least this
TOKEN_DEPTH = 8        # ancestors whose class/id/role tokens count
_VOLATILE = re.compile(r"\d|first|last|odd|even|active|current|selected|open|show|hidden|visible|loaded|lazy")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SKIP_TOKEN_TAGS = frozenset({"html", "body", "article", "main"})
BLOCKS = frozenset({"p", "li", "div", "td", "dd", "blockquote", "section", "article", "h1", "h2",
                    "h3", "h4", "h5", "h6", "span", "figcaption", "em", "strong", "b"})
_PROSE = frozenset({"p", "blockquote", "dd", "td", "li", "div"})


@dataclass(slots=True)
class Candidate:
    el: etree._Element
    url: str
    text: str
    anc: list[etree._Element]
    sig: str
    score: float = 0.0
    readmore: bool = False
    sponsored: bool = False


@dataclass(slots=True)
class Group:
    members: list[Candidate] = field(default_factory=list)


def word_count(text: str) -> float:
    cjk = len(_CJK.findall(text))
    return len(text.split()) + (cjk / 2.0 if cjk else 0.0)


class Detector:
    """One page's detection run; caches per-element signatures and tokens."""

    def __init__(self, root: etree._Element, base_url: str, page_url: str, site_host: str) -> None:
        self.root = root
        self.base = base_url
        self.page = strip_fragment(page_url) if page_url else ""
        self.site = site(site_host) if site_host else ""
        self.r = rules()
        self._sig: dict[etree._Element, str] = {}
        self._tok: dict[etree._Element, list[str]] = {}
        self._text: dict[etree._Element, str] = {}

    # -- per element caches -------------------------------------------------------------
    def el_sig(self, el: etree._Element) -> str:
        sig = self._sig.get(el)
        if sig is None:
            classes = sorted({c for c in (el.get("class") or "").split() if not _VOLATILE.search(c)})
            ident = el.get("id") or ""
            if _VOLATILE.search(ident):
                ident = ""
            sig = f"{el.tag}.{'.'.join(classes)}#{ident}"
            self._sig[el] = sig
        return sig

    def el_tokens(self, el: etree._Element) -> list[str]:
        toks = self._tok.get(el)
        if toks is None:
            toks = tokens(" ".join(filter(None, (el.get("class"), el.get("id"), el.get("role"),
                                                 el.get("aria-label"), el.get("data-module"),
                                                 el.get("data-component")))))
            if el.tag in ("nav", "footer", "header", "aside", "menu"):
                toks.append(el.tag)
            self._tok[el] = toks
        return toks

    def el_text(self, el: etree._Element) -> str:
        text = self._text.get(el)
        if text is None:
            text = " ".join("".join(el.itertext()).split())
            self._text[el] = text
        return text

    # -- candidates ------------------------------------------------------------------------
    def candidates(self) -> list[Candidate]:
        out = []
        for a in self.root.iter("a"):
            url = resolve(self.base, a.get("href"))
            if not url or (self.page and strip_fragment(url) == self.page):
                continue
            raw = link_headline(a)
            if not raw:
                continue
            text, _cut = clean_text(raw)
            if not text:
                continue
            anc = list(a.iterancestors())
            sig = "/".join(self.el_sig(e) for e in reversed(anc))
            cand = Candidate(a, url, text, anc, sig)
            self.score(cand)
            out.append(cand)
        return out

    def context_tokens(self, cand: Candidate) -> set[str]:
        toks: set[str] = set(self.el_tokens(cand.el))
        for el in cand.anc[:TOKEN_DEPTH]:
            if el.tag not in _SKIP_TOKEN_TAGS:
                toks.update(self.el_tokens(el))
        return toks

    def prose_context(self, cand: Candidate) -> tuple[bool, bool]:
        """(inline in running text, introduced by a "Read more:" cue)."""
        block = next((e for e in cand.anc if e.tag in _PROSE), None)
        if block is None:
            return False, False
        full = self.el_text(block)
        extra = len(full) - len(cand.text)
        if extra <= 3:
            return False, False
        pos = full.find(cand.text[:20])
        before = full[:pos].strip().casefold() if pos > 0 else ""
        cue = before.rstrip(" :>\u203a\u00bb|-\u2013\u2014")
        if cue and (cue in self.r["readmore_cues"] or any(cue.endswith(c.rstrip(":")) for c in self.r["readmore_cues"])) and len(before) < 40:
            return False, True
        if block.tag in ("p", "blockquote", "dd", "td") and extra > max(40, len(cand.text)):
            return True, False
        if block.tag in ("li", "div") and extra > max(120, 2 * len(cand.text)) and block.find("p") is None:
            return True, False
        return False, False

    def score(self, cand: Candidate) -> None:
        r = self.r
        text = cand.text
        low = text.casefold()
        n = word_count(text)
        s = 1.5 if n >= 5 else 1.0 if n >= 4 else 0.5 if n >= 3 else -0.3 if n >= 2 else -1.2
        if n > 30:
            s -= 2.0
        shape = url_shape(cand.url)
        link_site = site(host(cand.url))
        foreign = bool(self.site) and link_site != self.site
        s += 1.0 if shape == "story" else -1.0 if shape == "section" else 0.0
        if foreign:
            s -= 0.7
        if low.strip(" .:!?\u203a\u00bb>") in r["utility_phrases"] or any(w in low for w in r["utility_words"]):
            s -= 3.0
        inline, cue = self.prose_context(cand)
        if inline:
            s -= 3.0
        if cue:
            s += 1.5
            cand.readmore = True
        toks = self.context_tokens(cand)
        if toks & r["sponsored_tokens"]:
            cand.sponsored = True
        if toks & r["nav_tokens"]:
            s -= 1.0
        if toks & r["bad_tokens"]:
            s -= 1.5
        if toks & r["good_tokens"]:
            s += 0.3
        if any(e.tag in HEADINGS for e in cand.anc[:3]):
            s += 0.5
        cand.score = s

    # -- groups ----------------------------------------------------------------------------
    def groups(self, cands: list[Candidate]) -> list[list[Candidate]]:
        by_sig: dict[str, list[Candidate]] = {}
        for cand in cands:
            key = "readmore" if cand.readmore else cand.sig
            by_sig.setdefault(key, []).append(cand)
        return list(by_sig.values())

    def accept(self, group: list[Candidate]) -> list[Candidate]:
        scores = sorted(c.score for c in group)
        median = scores[len(scores) // 2]
        bonus = GROUP_BONUS if len(group) >= 3 and median >= GROUP_STRONG else 0.0
        if len(group) == 1:
            bonus = -0.5  # a lone link needs to be a clear headline on its own
        sponsored = sum(c.sponsored for c in group) * 2 > len(group)
        if sponsored:
            return []
        return [c for c in group if c.score + bonus >= ACCEPT and not c.sponsored]


def lca(cands: list[Candidate]) -> etree._Element | None:
    """Deepest element holding every candidate of the group."""
    first = cands[0].anc
    if len(cands) == 1:
        return first[0] if first else None
    common = set.intersection(*(set(map(id, c.anc)) for c in cands[1:]))
    return next((e for e in first if id(e) in common), None)
