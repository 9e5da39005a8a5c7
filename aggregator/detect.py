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
TOKEN_DEPTH = 8
TEMPLATE_PENALTY = -1.5  # members of a group starting with the same two words as 2+ others        # ancestors whose class/id/role tokens count
_VOLATILE = re.compile(r"\d|first|last|odd|even|active|current|selected|open|show|hidden|visible|loaded|lazy")
_LETTERS = re.compile(r"[^\W\d_]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SKIP_TOKEN_TAGS = frozenset({"html", "body", "article", "main"})
BLOCKS = frozenset({"p", "li", "div", "td", "dd", "blockquote", "section", "article", "h1", "h2",
                    "h3", "h4", "h5", "h6", "span", "figcaption", "em", "strong", "b"})
_INLINE_WRAP = frozenset({"b", "strong", "em", "i", "u", "span", "font", "small", "mark", "cite", "q"})


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
    return len(text.split()) + (cjk / 3.0 if cjk else 0.0)


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
        self._path: dict[etree._Element, str] = {}
        self._host_site: dict[str, str] = {}

    # -- per element caches -------------------------------------------------------------
    def el_sig(self, el: etree._Element) -> str:
        sig = self._sig.get(el)
        if sig is None:
            classes = sorted({c for c in (el.get("class") or "").split() if not _VOLATILE.search(c)})
            ident = el.get("id") or ""
            if _VOLATILE.search(ident) or len(ident) > 25:
                ident = ""
            sig = f"{el.tag}.{'.'.join(classes)}#{ident}"
            self._sig[el] = sig
        return sig

    def el_tokens(self, el: etree._Element) -> list[str]:
        toks = self._tok.get(el)
        if toks is None:
            ident = el.get("id") or ""
            toks = tokens(" ".join(filter(None, (el.get("class"), ident if len(ident) <= 25 else "", el.get("role"),
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
    def path_sig(self, el: etree._Element | None) -> str:
        """Structural path of an element: tags + stable classes from the root (cached)."""
        if el is None:
            return ""
        sig = self._path.get(el)
        if sig is None:
            sig = self.path_sig(el.getparent()) + "/" + self.el_sig(el) if el.getparent() is not None else self.el_sig(el)
            self._path[el] = sig
        return sig

    def candidates(self) -> list[Candidate]:
        """Links with a usable URL and at least two words of text, scored on their own."""
        out = []
        for a in self.root.iter("a"):
            href = a.get("href")
            if not href:
                continue
            raw = link_headline(a)
            if not raw or (" " not in raw.strip() and not _CJK.search(raw)):
                continue  # one word: a menu entry, never a headline list member
            url = resolve(self.base, href)
            if not url or (self.page and strip_fragment(url) == self.page):
                continue
            text, _cut = clean_text(raw)
            if not text:
                continue
            anc = list(a.iterancestors())
            cand = Candidate(a, url, text, anc, self.path_sig(anc[0]) if anc else "")
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
        """(inline in running text, introduced by a "Read more:" cue).

        Looks at the text directly around the link in its parent (inline wrappers such as
        <strong> are climbed), so a list item with a teaser in its own <p> is not prose.
        """
        child, parent = cand.el, cand.el.getparent()
        while parent is not None and parent.tag in _INLINE_WRAP and parent.getparent() is not None:
            if len(" ".join("".join(parent.itertext()).split())) > len(cand.text) + 3:
                break
            child, parent = parent, parent.getparent()
        if parent is None:
            return False, False
        before_parts = [parent.text or ""]
        after_parts: list[str] = []
        seen = False
        for sib in parent:
            if sib is child:
                seen = True
                after_parts.append(sib.tail or "")
                continue
            target = after_parts if seen else before_parts
            if isinstance(sib.tag, str) and sib.tag in _INLINE_WRAP and sib.find(".//a") is None:
                target.append("".join(sib.itertext()))
            target.append(sib.tail or "")
        before = " ".join("".join(before_parts).split())
        after = " ".join("".join(after_parts).split())
        if before and len(before) < 45:
            cue = before.casefold().rstrip(" :>\u203a\u00bb|-\u2013\u2014")
            if cue and cue.endswith(self.r["readmore_tuple"]):
                return False, True
        extra = len(before) + len(after)
        prose = extra > max(40, len(cand.text)) and len(_LETTERS.findall(before + after)) > 30
        return prose, False

    def score(self, cand: Candidate) -> None:
        r = self.r
        text = cand.text
        low = text.casefold()
        n = word_count(text)
        s = 1.5 if n >= 5 else 1.0 if n >= 4 else 0.5 if n >= 3 else -0.3 if n >= 2 else -1.2
        if n > 30:
            s -= 2.0
        shape = url_shape(cand.url)
        link_host = host(cand.url)
        link_site = self._host_site.get(link_host)
        if link_site is None:
            link_site = self._host_site[link_host] = site(link_host)
        foreign = bool(self.site) and link_site != self.site
        s += 1.0 if shape == "story" else -1.0 if shape == "section" else 0.0
        if foreign:
            s -= 0.7
        if low.strip(" .:!?\u203a\u00bb>") in r["utility_phrases"] or r["utility_re"].search(low):
            s -= 3.0
        inline, cue = self.prose_context(cand)
        if inline:
            s -= 3.0
        if cue:
            s += 1.5
            cand.readmore = True
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

    def context_score(self, cand: Candidate) -> tuple[float, bool]:
        """(score from ancestor class/id/role tokens, sponsored?) — shared by a whole group,
        since members of a group have the same path."""
        r = self.r
        toks = self.context_tokens(cand)
        s = 0.0
        if toks & r["nav_tokens"]:
            s -= 1.0
        if toks & r["bad_tokens"]:
            s -= 1.5
        if toks & r["good_tokens"]:
            s += 0.3
        return s, bool(toks & r["sponsored_tokens"])

    def accept(self, group: list[Candidate]) -> list[Candidate]:
        ctx, sponsored = self.context_score(group[0])
        for c in group:
            c.score += ctx
            c.sponsored = sponsored
        self.penalise_templates(group)
        scores = sorted(c.score for c in group)
        median = scores[len(scores) // 2]
        bonus = GROUP_BONUS if len(group) >= 3 and median >= GROUP_STRONG else 0.0
        if len(group) == 1:
            bonus = -0.5  # a lone link needs to be a clear headline on its own
        sponsored = sum(c.sponsored for c in group) * 2 > len(group)
        if sponsored:
            return []
        return [c for c in group if c.score + bonus >= ACCEPT and not c.sponsored]

    @staticmethod
    def penalise_templates(group: list[Candidate]) -> None:
        """Directory links ("Code promo X", "Results 2024 Paris") share their first words."""
        if len(group) < 3:
            return
        prefixes: dict[str, int] = {}
        for c in group:
            words = c.text.casefold().split()
            if len(words) >= 3:
                key = " ".join(words[:2])
                prefixes[key] = prefixes.get(key, 0) + 1
        for c in group:
            words = c.text.casefold().split()
            if len(words) >= 3 and prefixes.get(" ".join(words[:2]), 0) >= 3:
                c.score += TEMPLATE_PENALTY


def lca(cands: list[Candidate]) -> etree._Element | None:
    """Deepest element holding every candidate of the group."""
    first = cands[0].anc
    if len(cands) == 1:
        return first[0] if first else None
    common = set.intersection(*(set(map(id, c.anc)) for c in cands[1:]))
    return next((e for e in first if id(e) in common), None)
