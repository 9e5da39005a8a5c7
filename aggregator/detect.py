"""Detect the lists of story links on a parsed page (no pinned CSS).

Method: every <a href> with text becomes a candidate with a headline-likeness score (word
count, URL shape, same site, utility words, inline-prose position, ancestor class/id/role
tokens). Candidates are grouped by their structural path (tags + normalised classes from the
root), a group of several strong candidates lifts its weaker members, a group whose own
evidence (pooled over same-structure lists) is clear outweighs its container's nav/utility
words, sponsored groups are dropped, and each group is named from its heading, aria-label or
classes. Weights live here, class-word cues in cues.py, token lists in
data/extract_tokens.json; cards.py keeps one headline per card.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from lxml import etree

from aggregator.clean import clean_text
from aggregator.cues import (
    _CJK,
    BAD,
    GOOD,
    NAV,
    SPONSORED,
    VENDOR,
    _el_tokens,
    _token_source,
    element_flags,
    more_words_than,
    word_count,
    wp_item_classes,
)
from aggregator.cut_forms import is_cut, spelled_out
from aggregator.headline_text import HEADINGS, link_headline, run_text, text_headline
from aggregator.memo import memo
from aggregator.rules import folder_kind, rules
from aggregator.urls import path_shape, resolve, site, slug_named, strip_fragment, url_parts

# Weights (tuned on labelled pages; see bench/eval_extract.sh).
ACCEPT = 1.5           # a link's score must reach this (after its group's bonus)
GROUP_BONUS = 1.0      # added to members of a group whose median member is clearly a headline
GROUP_STRONG = 2.0     # ... where "clearly" means a median at least this
TOKEN_DEPTH = 8           # ancestors whose class/id/role tokens count
TEMPLATE_PENALTY = -1.5  # members of a group starting with the same two words as 2+ others
SHORT_WORDS = 3          # a bucket of links no longer than this under nav/utility tokens is a menu
CONTEXT_MAX = 0.3        # the most ancestor tokens can add (good tokens)
EVIDENT_SIZE = 3         # a group this large ...
EVIDENT_MEDIAN = 2.0     # ... whose median own score is this is a story list wherever it is:
OVERRIDDEN_CONTEXT = -0.5  # its container's nav/utility words take off at most this
LONE_HEADLINE = 2.5      # a link of one or two whose own score is this (a sentence at a story of the site) ...
NAV_REGION = -1.0        # ... outweighs a context no worse than this (a header, footer or menu, no control's words)
GRID_LISTS = 4           # this many lists differing only in ids form a grid (one column a source) ...
GRID_MEDIAN = 1.0        # ... evident when its pooled median is that of a four-word text
LABEL_LINKS = 3          # one text on this many addresses of a list is a label (without_labels)
SIBLING_MAX = 50         # a list longer than this is a directory (sibling_stories)
RAIL_SIZE = 3            # a list this long whose links all go to distinct stories of the site is a
RAIL_BONUS = 0.5         # story rail (evident), and its members get this on top of GROUP_BONUS
FOREIGN = 0.7            # a link to another site (not counted against a list's evidence)
UTILITY, SOFT_UTILITY = 1, 2  # text_facts: a control's text; a utility word inside a headline-long text
SOFT_UTILITY_WORDS = 6   # ... this long, the word not opening it
TEASER_AFTER_WORDS = 4   # a link this long opening its block, a new sentence after it: headline + teaser
TITLED_WORDS = 6         # a section-shaped link whose text runs this long names a story, not a section ...
TITLED_LINKS = 3         # ... when this many of its list's links, each to its own page of the site, do so
# A digit or a state word, the words merged on their first letters ("l(?:ast|azy|oaded)"): each
# position tries one branch per letter instead of every word.
_VOLATILE = re.compile(r"\d|a(?:ctive)|c(?:urrent)|e(?:ven)|f(?:irst)|h(?:idden)|l(?:ast|azy|oaded)|o(?:dd|pen)"
                       r"|s(?:elected|how)|v(?:isible)")
_IDS = re.compile(r"#[^/]*")
_ITEM_QUERY = re.compile(r"\?(?:[^#]*&)?[a-z_]{1,12}=[A-Za-z0-9_-]{6,}(?:[&#]|$)")
TRACKER_NAME = 8  # no click tracker's page name (tracker_pages) is longer than this
_FILE_TYPES = frozenset({"jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "pdf"})  # no page, a file
_FILE_ENDS = tuple(sorted("." + ext for ext in _FILE_TYPES))
_ADDRESS_IN_QUERY = re.compile(r"[?&][^=&#]*=(?:https?(?::|%3a)|//|%2f%2f)", re.I)  # ?url=https://...
_ONE_COMMENT = re.compile(r"#comments?[-_]?\d+$", re.I)  # "post/#comment-954190": one comment, not the post
# A campaign tag naming a bought placement, in the vocabulary analytics tools sort traffic by
# (cost-per-click/-mille/-lead, paid search, display, banner, affiliate, ad, sponsor), or any
# query value saying "sponsored" ("?cx_part=sponsored"): an advertiser's or a paid promotion's
# link, never the site's own story list. Feeds, social posts and internal recirculation
# ("rss", "social", "internal", "referral", "widget") carry other media.
_PAID_PLACEMENT = re.compile(
    r"[?&](?:utm_medium=(?:cp[a-z]|ppc|paid[a-z_-]*|display|banners?|affiliates?|ads?|sponsor(?:ed)?|retargeting)"
    r"|[a-z_]+=(?:sponsored|advertorial))(?:[&#]|$)", re.I)
_LABEL_ENDS = (":", "\uff1a")  # a text ending in a colon introduces something: no headline
# "About CBC News", "About the Newsroom", "About Victor Davis Hanson": "About" and a name of one to
# three capitalised words, nothing else, names the publisher's page about a desk, a blog or a
# person (its about or author page), never a story.
_ABOUT_PAGE = re.compile(r"About (?:the )?[A-Z0-9][\w&'\u2019.+-]*(?: [A-Z0-9&][\w&'\u2019.+-]*){0,2}$")
_SENTENCE_GOES_ON = frozenset(",;?!.)\u3001\u3002\uff0c")  # what follows a link inside a sentence
_SKIP_TOKEN_TAGS = frozenset({"html", "body", "article", "main"})
BLOCKS = frozenset({"p", "li", "div", "td", "dd", "blockquote", "section", "article", "h1", "h2",
                    "h3", "h4", "h5", "h6", "span", "figcaption", "em", "strong", "b"})
_NOT_ON_WRAPPERS = NAV | BAD | SPONSORED | VENDOR  # what a page-wide wrapper's words do not say
_NOT_TITLE_REGIONS = frozenset({"footer", "nav", "aside"})  # an h1 there is no page title
_ITEM_TAGS = frozenset({"li", "article"})  # the elements a list repeats, one per item
ITEM_DEPTH = 3  # a link's item (li, article) is at most this many levels above it
LONE_CARD_SCORE = 1.0  # a lone card's own score beside a kept list's items: a four-word story title
NEIGHBOUR_DEPTH = 3  # the previous/next story's box is at most this many levels above its link
NEIGHBOUR_SCORE = 0.0  # ... and its own score this: a story of the site, not prose, no control's words
_NEIGHBOUR_RELS = frozenset({"prev", "previous", "next"})  # <a rel="next">: the standard's own words
_NEIGHBOUR_WORDS = frozenset({"prev", "previous", "next", "newer", "older"})  # "nav-next", "post-navigation__prev"
# The box's own label, not the story's title: "Read Next", "Newer Story \u2192", "\u6b21\u30da\u30fc\u30b8\u2192".
_NEIGHBOUR_LABEL = re.compile(r"[\u2190\u2192\u00ab\u00bb\u2039\u203a]|\b(?:prev|previous|next|newer|older)\b", re.I)
# The only control words under which a lone clear headline still counts (lone_headlines): a
# breadcrumb, whose last step is the page's own headline, and a promo box, the site promoting one
# of its own stories.
_LONE_REGION_WORDS = frozenset({"breadcrumb", "breadcrumbs", "promo"})
_UNSEEN = object()  # not yet in a per-page cache (None is a cached answer there)
_INLINE_WRAP = frozenset({"b", "strong", "em", "i", "u", "span", "font", "small", "mark", "cite", "q"})


@dataclass(slots=True)
class Candidate:
    el: etree._Element
    url: str
    text: str
    sig: int  # structural path number (Detector._node)
    score: float = 0.0
    readmore: bool = False
    sponsored: bool = False
    foreign: bool = False
    section: bool = False
    soft_utility: bool = False  # a utility word inside a headline-long text (text_facts)
    _anc: list[etree._Element] | None = None

    @property
    def anc(self) -> list[etree._Element]:
        """Ancestors, nearest first (built on first use: most links never need them all)."""
        if self._anc is None:
            self._anc = list(self.el.iterancestors())
        return self._anc


@memo(maxsize=65536)
def _el_sig(tag: str, klass: str | None, ident: str | None) -> str:
    """"tag.stable.classes#id": classes and ids that look volatile (numbers, states) dropped."""
    if not ident or len(ident) > 25 or _volatile(ident):  # no id: nothing to test
        ident = ""
    if klass and tag in _ITEM_TAGS and "--" in klass:
        # A BEM modifier on a list item ("card--has-video", "card--no-label") marks one
        # item's variant, not the list it is in: left out, the rail's items share one path.
        klass = " ".join(c for c in klass.split() if "--" not in c)
    if klass and "hentry" in klass:
        # A WordPress post's own term classes ("tag-texas", "category-news") differ from
        # post to post: left out, the posts of one list share one path.
        klass = " ".join(wp_item_classes(klass.split()))
    elif klass and tag in _ITEM_TAGS and " " in klass.strip():
        # A list item's first class names the list's item ("article-item", "nav-item"); the
        # classes after it mark one item's variant ("audio", "video", "menu-kennedy"): left
        # out, the items of one list share one path and are judged together (a lone
        # "video" card of a rail is no longer a list of its own).
        klass = klass.split()[0]
    return f"{tag}.{_stable_classes(klass) if klass else ''}#{ident}"


def _stable_classes(klass: str) -> str:
    """The class list of _el_sig: its classes that do not look volatile, sorted."""
    words = klass.split()
    if len(words) == 1:  # the common case: no set to build, nothing to sort
        return "" if _volatile(words[0]) else words[0]
    return ".".join(sorted({c for c in words if not _volatile(c)}))


@memo(maxsize=65536)
def _volatile(word: str) -> bool:
    """A class or id word naming a position, state or number (cached per word: a class word
    recurs in many class strings, each string far less often)."""
    return _VOLATILE.search(word) is not None


class Detector:
    """One page's detection run; caches per-element signatures and tokens."""

    def __init__(self, root: etree._Element, base_url: str, page_url: str, site_host: str) -> None:
        self.root = root
        self.base = base_url
        self.page = strip_fragment(page_url) if page_url else ""
        self.site = site(site_host) if site_host else ""
        self.r = rules()
        self._tok: dict[etree._Element, list[str]] = {}
        self._path: dict[etree._Element, int] = {}
        self._path_ids: dict[tuple[int, str], int] = {}  # (parent path, own signature) -> path
        self._path_keys: list[tuple[int, str]] = [(0, "")]  # path -> (parent path, own signature)
        self._window: dict[etree._Element, tuple[int, ...]] = {}
        self._pooled: dict[int, str] = {}  # path number -> pooled_text
        self._host_site: dict[str, str] = {}
        self._ctx: dict[etree._Element, tuple[float, int]] = {}
        self._pool: dict[int | str, list[float]] = {}
        self._grid: set[int | str] = set()  # group keys whose pool spans GRID_LISTS lists
        self._urls: dict[str, tuple[str, bool, bool]] = {}  # URL -> url_facts
        self._wrappers: set[etree._Element] = set()  # elements holding an h1 or main (candidates)
        self._around: dict[etree._Element, tuple[str, dict[etree._Element, int], list[str], list[str]]] = {}
        self._lengths: dict[etree._Element, int] = {}  # element -> text_length
        self.rescued: set[int] = set()  # lone headlines only lone_headlines keeps (ids)
        self._resolved: dict[str, str | None] = {}  # href -> resolve(base, href)

    # -- per element caches -------------------------------------------------------------
    def el_tokens(self, el: etree._Element) -> list[str]:
        toks = self._tok.get(el)
        if toks is None:
            toks = self._tok[el] = list(_el_tokens(el.tag, _token_source(el)))
        return toks

    # -- candidates ------------------------------------------------------------------------
    def _node(self, el: etree._Element) -> int:
        """Structural path of an element not yet in self._path (tags + stable classes from the
        root) as a number: one per distinct (parent path, own signature). A number, not the
        joined text: joining copies the whole path at every level. The parent's path comes
        from the cache, or first (recursion: lxml caps depth at 256 levels)."""
        parent = el.getparent()
        if parent is None:
            above = 0
        else:
            above = self._path.get(parent)
            if above is None:
                above = self._node(parent)
        key = (above, _el_sig(el.tag, el.get("class"), el.get("id")))
        sig = self._path_ids.get(key)
        if sig is None:
            sig = self._path_ids[key] = len(self._path_keys)
            self._path_keys.append(key)
        self._path[el] = sig
        return sig

    def path_text(self, sig: int) -> str:
        """A path number as text, "html.#/body.#/div.main#top/...": for pooling and debugging."""
        parts: list[str] = []
        while sig:
            sig, own = self._path_keys[sig]
            parts.append(own)
        return "/".join(reversed(parts))

    def pooled_text(self, sig: int) -> str:
        """path_text with every id left out ("div.#/ul.list#"): lists that differ only in ids
        (an aggregator's columns, one per source) share it. Built on the parent's, cached per
        path number: the groups of a page share most of their ancestors. (An id runs to the
        next "/", so leaving it out part by part is leaving it out of the joined text.)"""
        hit = self._pooled.get(sig)
        if hit is None:
            if not sig:
                return ""
            above, own = self._path_keys[sig]
            if own.find("#") != len(own) - 1:  # an id, or a "#" in a class: the general case
                own = _IDS.sub("#", own)
            hit = self._pooled[sig] = self.pooled_text(above) + "/" + own if above else own
        return hit

    def window(self, el: etree._Element) -> tuple[int, ...]:
        """Token flags of el and its TOKEN_DEPTH - 1 nearest ancestors (0 for html, body, ...),
        built from the parent's window, so shared ancestors are read once."""
        hit = self._window.get(el)
        if hit is not None:
            return hit
        parent = el.getparent()
        above = () if parent is None else self.window(parent)
        flags = 0 if el.tag in _SKIP_TOKEN_TAGS else element_flags(el)
        if flags & _NOT_ON_WRAPPERS and el in self._wrappers:
            flags &= ~_NOT_ON_WRAPPERS  # a page-wide wrapper's words (see candidates)
        win = self._window[el] = (flags,) + above[: TOKEN_DEPTH - 1]
        return win

    def wrapper(self, top: etree._Element) -> None:
        """Note the elements holding the main region or the page's title (an h1 with text and
        no link, outside a footer, nav or aside: not a logo): page-wide wrappers, whose menu,
        ad, promo or sponsor words ("article-header", "l-wrapper gate-ad", "offcanvas-menu-
        pusher") say nothing of the lists inside them (a menu or an ad slot never holds the
        page's title or main content). Called from candidates() before its walk of the links,
        so before any context is read (window)."""
        if top.tag == "h1" and (next(top.iter("a"), None) is not None or not run_text(top).strip()):
            return
        above = list(top.iterancestors())
        if top.tag == "h1" and any(el.tag in _NOT_TITLE_REGIONS for el in above):
            return
        self._wrappers.add(top)
        self._wrappers.update(above)

    def candidates(self) -> list[Candidate]:
        """Links with a usable URL and at least two words of text, scored on their own.

        First pass (cheap): links are bucketed by their parent's path; a bucket in navigation
        or utility context (negative ancestor tokens) whose links are all short is dropped
        before any per-link text, URL or prose work. Candidates come back in document order.
        """
        buckets: dict[int, list[tuple[int, etree._Element, str, str, etree._Element | None]]] = {}
        paths, node, wordless = self._path, self._node, self.wordless
        # The main region and the page's title first; an h1 or main with an href (rare) is
        # read as a link where it stands, so only then does the walk below ask each element's tag.
        mixed = False
        for el in self.root.iter("h1", "main"):
            if el.get("href"):
                mixed = True
            else:
                self.wrapper(el)
        for pos, a in enumerate(self.root.iter("a", "h1", "main") if mixed else self.root.iter("a")):
            if mixed and a.tag != "a" and not a.get("href"):
                continue  # the main region or the page's title, not a link (noted above)
            # The text first, the href after: most links a page holds have one word or none
            # (icons, menus), and reading an attribute costs more than reading the text.
            if len(a) == 0:
                text = a.text or ""
                if " " not in text.strip() and wordless(a, text):  # the test inlined for one word or none
                    continue
            else:
                # The text nodes run together (one C call): joining them with spaces, as the
                # headline tests read a link, only splits words more, so two words here are two
                # there and none here is none there. One word may be more there: that one is
                # joined (itertext makes a proxy per element, ten times the cost), unless only
                # one text node holds more than whitespace (<a><span>Word</span></a>, the usual
                # icon-and-label link): then the spaces add no word, and the words, the script and
                # so every count read from this text are those of the joined one.
                text = run_text(a)
                if " " not in text.strip():
                    if text and not text.isspace() and not _one_text_node(a):
                        text = " ".join(a.itertext())
                    if wordless(a, text):
                        continue
            href = a.get("href")
            if not href:
                continue
            parent = a.getparent()
            if parent is None:
                sig = 0
            else:
                sig = paths.get(parent)
                if sig is None:
                    sig = node(parent)
            bucket = buckets.get(sig)
            if bucket is None:
                bucket = buckets[sig] = []
            bucket.append((pos, a, href, text, parent))
        out: list[tuple[int, Candidate]] = []
        for sig, links in buckets.items():
            if self.short_nav_bucket(links):
                continue
            for pos, a, href, text, parent in links:
                cand = self.candidate(a, href, text, sig, parent)
                if cand is not None:
                    out.append((pos, cand))
        out.sort()  # by position: positions are distinct, so candidates are never compared
        return [c for _pos, c in out]

    @staticmethod
    def wordless(a: etree._Element, text: str) -> bool:
        """At most one word in all of the link's text (its text nodes joined with spaces) and
        no title to fall back on: never a headline. Joining with spaces can only add words, so
        this never drops a link that link_headline would give two words."""
        if not text or text.isspace():
            return not (a.get("title") or a.get("aria-label"))
        return len(text.split()) == 1 and (text.isascii() or not _CJK.search(text))

    def short_nav_bucket(self, links: list[tuple[int, etree._Element, str, str, etree._Element | None]]) -> bool:
        """Links under navigation/utility tokens, none longer than SHORT_WORDS: a menu. (A link
        holding elements may carry its text nodes run together: those are joined with spaces
        when that could make it longer.)"""
        if any(more_words_than(text, SHORT_WORDS)
               or len(a) and text and not text.isspace() and more_words_than(" ".join(a.itertext()), SHORT_WORDS)
               for _pos, a, _href, text, _parent in links):
            return False
        # ... unless its links go to distinct stories (a trending bar of short headlines)
        return (self.context_score(links[0][1])[0] < 0 and not
                (len(links) >= RAIL_SIZE and self.distinct_stories(self.resolve(link[2]) for link in links)))

    def distinct_stories(self, urls: Iterable[str | None]) -> bool:
        """Each URL a story page of this site, no two the same (fragments aside): a list of
        stories however short its texts. Stops at the first that is not (a menu's first)."""
        seen: set[str] = set()
        for url in urls:
            if not url:
                return False
            shape, utility, foreign = self.url_facts(url)
            url = strip_fragment(url)
            if shape != "story" or utility or foreign or url in seen:
                return False
            seen.add(url)
        return True

    def candidate(self, a: etree._Element, href: str, text: str, sig: int,
                  parent: etree._Element | None) -> Candidate | None:
        """A scored candidate for link `a`, None when it is no headline. `text` is the link's
        own text when it holds no elements, `parent` its parent (the first pass read both)."""
        url = self.resolve(href)  # first: cheaper than the headline text
        if not url:
            if not href.lstrip()[:11].lower() == "javascript:":
                return None
            url = ""  # a script link: a headline if its text and its list say so, with no URL
        elif self.page and strip_fragment(url) == self.page:
            return None
        if len(a) == 0 and text and not text.isspace():
            text, s, utility = _text_headline(text)  # the common case, cached by the text alone
            if not text:
                return None
        else:
            text = _clean_headline(link_headline(a))
            if not text:
                return None
            s, utility = text_facts(text)
        if is_cut(text):
            full = spelled_out(a, text)
            if full:
                text, (s, utility) = full, text_facts(full)
        cand = Candidate(a, url, text, sig)
        self.score(cand, s, utility, parent)
        return cand

    def resolve(self, href: str) -> str | None:
        """resolve(base, href), once per distinct href of the page: a card links its story two
        or three times, a menu repeats in the header and the footer."""
        url = self._resolved.get(href, _UNSEEN)
        if url is _UNSEEN:
            url = self._resolved[href] = resolve(self.base, href)
        return url

    def is_story(self, url: str) -> bool:
        """A story page of this site (not a section, utility page or another site)."""
        if not url:
            return False
        shape, utility, foreign = self.url_facts(url)
        return shape == "story" and not utility and not foreign

    def url_facts(self, url: str) -> tuple[str, bool, bool]:
        """(url_shape, utility page?, on another site?) of a link's URL, cached: a card links
        its story two or three times."""
        hit = self._urls.get(url)
        if hit is None:
            shape, utility, link_host = url_kind(url)
            link_site = self._host_site.get(link_host)
            if link_site is None:
                link_site = self._host_site[link_host] = site(link_host)
            foreign = bool(self.site) and bool(link_host) and link_site != self.site
            hit = self._urls[url] = (shape, utility, foreign)
        return hit

    def context_tokens(self, el: etree._Element) -> set[str]:
        toks: set[str] = set(self.el_tokens(el))
        for anc in islice(el.iterancestors(), TOKEN_DEPTH):
            if anc.tag not in _SKIP_TOKEN_TAGS:
                toks.update(self.el_tokens(anc))
        return toks

    def prose_context(self, cand: Candidate, parent: etree._Element | None) -> tuple[bool, bool]:
        """(inline in running text, introduced by a "Read more:" cue).

        Looks at the text directly around the link in its parent (inline wrappers such as
        <strong> are climbed), so a list item with a teaser in its own <p> is not prose.
        """
        child = cand.el
        if parent is not None and len(parent) == 1 and parent.tag not in _INLINE_WRAP:
            text, tail = parent.text, child.tail  # each read builds a new string: read once
            if not (text and text.strip()) and not (tail and tail.strip()):
                return False, False  # the link alone in its parent (li > a, h3 > a): the common case
        while parent is not None and parent.tag in _INLINE_WRAP and parent.getparent() is not None:
            if self.text_length(parent) > len(cand.text) + 3:
                break
            child, parent = parent, parent.getparent()
        if parent is None:
            return False, False
        own, index, pieces, tails = self.around(parent)
        at = index[child]
        before = " ".join((own + "".join(pieces[:at])).split())
        after = " ".join((tails[at] + "".join(pieces[at + 1:])).split())
        if before and len(before) < 45:
            cue = before.casefold().rstrip(" :>\u203a\u00bb|-\u2013\u2014")
            if cue and cue.endswith(self.r["readmore_tuple"]):
                return False, True
        if (not before and after[:1].isupper() and word_count(cand.text) >= TEASER_AFTER_WORDS
                and cand.url and self.url_facts(cand.url)[:2] == ("story", False)):
            # A link to a story opens its block and a new sentence follows it: a headline with
            # its teaser ("<li><a>Headline</a> <span>WASHINGTON: The ...</span>"), not a link in
            # running text.
            return False, False
        if before[-1:].isalnum() and _opens_lowercase(cand.text):
            # Words run into a link whose text opens in lower case ("The <a>mysterious death of
            # a coder</a>", "Why <a>we can't live without</a> it"): it goes on a sentence
            # begun before it, a phrase of the text, not a headline.
            return True, False
        if before[-1:].isalnum() and after[:1] in _SENTENCE_GOES_ON:
            # Words run into the link and its sentence goes on after it ("What is his <a>status
            # report on the government</a>, three months in?"): a phrase of the text, however short.
            return True, False
        extra = len(before) + len(after)
        prose = extra > max(40, len(cand.text)) and _letters_over(before + after, 30)
        return prose, False

    def around(self, parent: etree._Element) -> tuple[str, dict[etree._Element, int], list[str], list[str]]:
        """What prose_context reads around a link in `parent`: (the parent's own text, each child's
        index, each child's text as read beside another child (an inline element's holding no
        link, then its tail), each child's own tail). Read once per parent and cached: a menu or
        a tag cloud holds tens of links side by side, and walking all siblings for each link
        cost the square of their number."""
        hit = self._around.get(parent)
        if hit is None:
            index: dict[etree._Element, int] = {}  # (holds the proxies, so each keeps its identity)
            pieces: list[str] = []
            tails: list[str] = []
            for at, sib in enumerate(parent):
                index[sib] = at
                tail = sib.tail or ""
                tails.append(tail)
                tag = sib.tag  # each read builds a new string: read once
                if isinstance(tag, str) and tag in _INLINE_WRAP and next(sib.iter("a"), None) is None:
                    pieces.append(run_text(sib) + tail)
                else:
                    pieces.append(tail)
            hit = self._around[parent] = (parent.text or "", index, pieces, tails)
        return hit

    def text_length(self, el: etree._Element) -> int:
        """Length of an element's text, whitespace folded (cached: the links of one inline
        wrapper ask it of the same element)."""
        n = self._lengths.get(el)
        if n is None:
            n = self._lengths[el] = len(" ".join(run_text(el).split()))
        return n

    def score(self, cand: Candidate, s: float, utility_text: int, parent: etree._Element | None) -> None:
        """cand.score from its text's part (text_facts) and its URL, place and heading."""
        shape, utility, foreign = self.url_facts(cand.url) if cand.url else ("other", False, False)
        s += 1.0 if shape == "story" else -1.0 if shape == "section" else 0.0
        cand.section = shape == "section"
        if foreign:
            s -= FOREIGN
            cand.foreign = True
        if utility or utility_text:
            s -= 3.0  # a utility page or control, a call to the reader, a label ("... | Foto:")
            cand.soft_utility = utility_text == SOFT_UTILITY and not utility and shape == "story" and not foreign
        inline, cue = self.prose_context(cand, parent)
        if inline:
            s -= 3.0
        if cue:
            s += 1.5
            cand.readmore = True
        node = parent
        for _ in range(3):  # inside a heading (h3 > a, h2 > span > a)
            if node is None:
                break
            if node.tag in HEADINGS:
                s += 0.5
                break
            node = node.getparent()
        cand.score = s

    # -- groups ----------------------------------------------------------------------------
    def groups(self, cands: list[Candidate]) -> list[list[Candidate]]:
        """Candidates by structural path. Also pools the own scores of lists whose paths
        differ only in ids (an aggregator's columns, one per source): evidence is judged on
        the pool."""
        by_sig: dict[int | str, list[Candidate]] = {}
        for cand in cands:
            key = "readmore" if cand.readmore else cand.sig
            by_sig.setdefault(key, []).append(cand)
        pools: dict[str, list[float]] = {}
        pool_of: dict[int | str, list[float]] = {}
        lists: dict[str, list[int | str]] = {}
        for key, group in by_sig.items():
            if any(c.section for c in group):  # section links a list's shape may vouch for
                self.placeholders(group)
                self.sibling_stories(group)
                self.titled_stories(group)
            pooled = key if isinstance(key, str) else self.pooled_text(key)
            pool = pool_of[key] = pools.setdefault(pooled, [])
            pool.extend(c.score + FOREIGN * c.foreign for c in group)
            lists.setdefault(pooled, []).append(key)
        for pool in pools.values():
            pool.sort()  # once per pool, however many lists share it
        self._pool = pool_of
        self._grid = {key for keys in lists.values() if len(keys) >= GRID_LISTS for key in keys}
        return list(by_sig.values())

    def context_score(self, el: etree._Element) -> tuple[float, int]:
        """(score from ancestor class/id/role tokens, SPONSORED / VENDOR / 0) of a link — shared
        by a whole group, since members of a group have the same path. Cached per link."""
        hit = self._ctx.get(el)
        if hit is not None:
            return hit
        flags = element_flags(el)
        parent = el.getparent()
        for f in self.window(parent) if parent is not None else ():
            flags |= f
        s = (-1.0 if flags & NAV else 0.0) + (-1.5 if flags & BAD else 0.0) + (CONTEXT_MAX if flags & GOOD else 0.0)
        hit = self._ctx[el] = (s, SPONSORED if flags & SPONSORED else VENDOR if flags & VENDOR else 0)
        return hit

    def accept(self, group: list[Candidate]) -> list[Candidate]:
        # Cheap first pass: a group none of whose links can reach ACCEPT even with the best
        # context and group bonus is dropped before its context tokens are worked out.
        best_bonus = GROUP_BONUS + RAIL_BONUS if len(group) >= 3 else -0.5 if len(group) == 1 else 0.0
        if max(c.score for c in group) + CONTEXT_MAX + best_bonus < ACCEPT:
            return []
        ctx, sponsored = self.context_score(group[0].el)
        rail = len(group) >= RAIL_SIZE and not group[0].readmore and self.distinct_stories(c.url for c in group)
        evident = rail or self.evident(group)
        if ctx < 0 and evident and len(group) <= SIBLING_MAX:
            # (A list longer than SIBLING_MAX is a directory: a mega-menu of evergreen guides,
            # a forum's links per member. Its texts do not outweigh its container's words.)
            ctx = max(ctx, OVERRIDDEN_CONTEXT)
        clear: list[Candidate] = []  # lone headlines under a region's words (lone_headlines)
        if ctx < 0 and len(group) <= 2 and not evident:
            clear = self.lone_headlines(group, ctx)
            # (Noted are the links that only this keeps: a lone link's bar is half a point higher.)
            bar = ACCEPT + 0.5 * (len(group) == 1) - ctx
            self.rescued.update(id(c) for c in clear if c.score < bar)
        for c in group:
            c.score += max(ctx, OVERRIDDEN_CONTEXT) if clear and any(c is k for k in clear) else ctx
            if c.soft_utility and evident:
                # One of a story rail's headlines that names a utility word ("Black Friday
                # deals", "privacy"): the list vouches for it.
                c.score += 3.0
            # A recommendation vendor's widget also carries the site's own recirculation:
            # only its links to other sites are the paid ones.
            c.sponsored = sponsored == SPONSORED or sponsored == VENDOR and (c.foreign or not self.site)
        self.penalise_templates(group)
        scores = sorted(c.score for c in group)
        median = scores[len(scores) // 2]
        bonus = GROUP_BONUS if len(group) >= 3 and (median >= GROUP_STRONG or evident) else 0.0
        if rail:
            bonus += RAIL_BONUS
        if len(group) == 1:
            bonus = -0.5  # a lone link needs to be a clear headline on its own
        sponsored = sum(c.sponsored for c in group) * 2 > len(group)
        if sponsored:
            return []
        kept = [c for c in group if c.score + bonus >= ACCEPT and not c.sponsored]
        return self.without_labels(kept) if len(kept) >= LABEL_LINKS else kept

    def lone_headlines(self, group: list[Candidate], ctx: float) -> list[Candidate]:
        """Of one or two links under a region's words (ctx < 0), those that are each a clear
        headline on its own (a sentence at a story page of the site): a lone card in a header,
        footer or menu (a mega-menu's preview, a footer's featured video, "Top story" in the
        masthead), a breadcrumb's last step (the page's own headline) or a promo box's story.
        Its region's words weigh as they do over an evident list; other control words (share,
        comment, ad, pagination) still count. (Kept only when no other list of the page links
        the story: detect_groups.)"""
        clear = [c for c in group if c.score >= LONE_HEADLINE and self.is_story(c.url)]
        if not clear or ctx >= NAV_REGION:
            return clear  # (a nav region's words alone)
        bad = self.context_tokens(group[0].el) & self.r["bad_tokens"]
        return clear if bad and bad <= _LONE_REGION_WORDS else []

    def lone_cards(self, lone: list[Candidate], kept: list[list[Candidate]]) -> list[tuple[Candidate, int]]:
        """Lone links that are items of a kept list: (link, index of that list in `kept`).

        A list's lead card is often styled apart ("thumb-grad" beside "thumb-list", "view-video"
        beside "view-gallery"): its item has its own path, so it forms a group of one and falls
        short of a lone link's bar. An item (li, article) that is a sibling of items of a kept
        list of two or more, whose link goes to a story of the site with a headline's own score
        and no sponsor or vendor words about it, is one of that list's items."""
        out: list[tuple[Candidate, int]] = []
        links: dict[int, int] | None = None  # kept link element -> its list (built on first need)
        for c in lone:
            if c.score < LONE_CARD_SCORE or c.readmore or not self.is_story(c.url):
                continue
            item = _item(c)
            parent = item.getparent() if item is not None else None
            if parent is None or self.context_score(c.el)[1]:
                continue
            if links is None:
                links = {id(k.el): i for i, group in enumerate(kept)
                         if len(group) >= 2 and not group[0].readmore for k in group}
            hit = next((links[id(a)] for sib in parent if sib is not item and sib.tag == item.tag
                        for a in sib.iter("a") if id(a) in links), None)
            if hit is not None:
                out.append((c, hit))
        return out

    def neighbours(self, links: list[Candidate]) -> list[Candidate]:
        """Links of rejected groups of one or two that lead to the story before and after this
        one (a post's "previous / next" navigation): the link says so in its rel ("prev",
        "next"), or it or its box in its class or id words ("nav-previous", "nav-next",
        "post-navigation__prev", "prev-article"). Each sits in a box of its own, classed apart
        from the other, or the two share one box in a nav or pagination region: either way they
        fall short of a list; but each names another story of the site by its title, which is
        a headline (the development labels mark such links so)."""
        out: list[Candidate] = []
        for c in links:
            if c.score < NEIGHBOUR_SCORE or c.readmore or _NEIGHBOUR_LABEL.search(c.text) is not None:
                continue
            rel = c.el.get("rel")
            if rel is not None and not _NEIGHBOUR_RELS.isdisjoint(rel.lower().split()):
                named = self.neighbour_page(c.url)  # the link's own rel: a post, slug or story
            else:
                boxes = (c.el, *c.anc[:NEIGHBOUR_DEPTH])
                named = self.is_story(c.url) and any(not _NEIGHBOUR_WORDS.isdisjoint(self.el_tokens(el)) for el in boxes)
            if named and not self.context_score(c.el)[1]:
                out.append(c)
        return out

    def neighbour_page(self, url: str) -> bool:
        """A page of this site that may be a post: a story, or a short slug ("/success-mindset/")
        that no landing folder (tag, topic, author) holds (asked of a link whose rel says it is
        the previous or next post). A listing's next page ("/news/page/2/", "?page=2") is none:
        its last name is a number, or a query names it."""
        if not url:
            return False
        shape, utility, foreign = self.url_facts(url)
        if utility or foreign or shape not in ("story", "section"):
            return False
        if shape == "story":
            return True
        cut = strip_fragment(url).rstrip("/")
        name = cut[cut.rfind("/") + 1:]
        if "?" in cut or not any(ch.isalpha() for ch in name):
            return False
        return folder_kind(cut[: cut.rfind("/") + 1]) != "landing"

    @staticmethod
    def without_labels(kept: list[Candidate]) -> list[Candidate]:
        """The kept links less the texts one list gives to LABEL_LINKS or more different
        addresses ("Read in English", "Hot Topics", "Opens a new window" on every card): a
        label or a control repeated per item, never one story's headline (a headline names
        its own story)."""
        texts = {c.text for c in kept}
        if len(texts) == len(kept):  # the common case: every text once
            return kept
        seen: dict[str, set[str]] = {}
        for c in kept:
            seen.setdefault(c.text, set()).add(strip_fragment(c.url) if c.url else "")
        labels = {text for text, urls in seen.items() if len(urls) >= LABEL_LINKS}
        return [c for c in kept if c.text not in labels] if labels else kept

    @staticmethod
    def placeholders(group: list[Candidate]) -> None:
        """Items of one list that all point to one address (a login page, a placeholder, or
        one live page, each item at its own #fragment) are not section links: the shared URL
        says nothing about each item. (groups() asks only for lists holding a section link.)"""
        if len(group) < 3:
            return
        counts: dict[str, int] = {}
        urls = [c.url if "#" not in c.url else strip_fragment(c.url) for c in group]
        for url in urls:
            counts[url] = counts.get(url, 0) + 1
        for c, url in zip(group, urls):
            if c.section and counts[url] >= 3:
                c.score += 1.0
                c.section = False

    def sibling_stories(self, group: list[Candidate]) -> None:
        """A short slug ("/travel/parrot-cay") reads as a section page on its own, but in a
        list whose other links in the same folder are stories ("/travel/paws-up-resort-montana")
        it is one of them: the folder, not the slug's length, says what it is. Not in a
        site-wide directory (a footer of hundreds of links), whose few stories vouch for nothing."""
        if not 3 <= len(group) <= SIBLING_MAX or sum(not c.section for c in group) < 2:
            return  # a menu of section links alone: nothing to vouch for them
        stories: dict[str, int] = {}
        for c in group:
            if not c.section and c.url and self.is_story(c.url):
                folder = _folder(c.url)
                if folder:
                    stories[folder] = stories.get(folder, 0) + 1
        if not stories:
            return
        for c in group:
            if c.section and c.url and stories.get(_folder(c.url), 0) >= 2 and not self.url_facts(c.url)[1]:
                c.score += 2.0  # from a section's -1 to a story's +1
                c.section = False

    def titled_stories(self, group: list[Candidate]) -> None:
        """A story filed under a landing folder ("/videos/category/science/how-fast-can-...",
        "/autoren/der-freitag/klimakrise-auf-den-...") reads as a section page, but a section's
        link is named by a word or two and its page by a word or two: a link whose text is a
        sentence-long title and whose page's own name is a slug of four words or more names
        one story. When TITLED_LINKS or more links of a list are such, each to its own page of
        the site, they are stories (one alone proves nothing: a section's promo may carry a
        long text; a section's short name "/ix/", "/od/murder/" none of this)."""
        if not TITLED_LINKS <= len(group) <= SIBLING_MAX:
            return
        titled: dict[str, Candidate] = {}
        for c in group:
            if c.section and c.url and word_count(c.text) >= TITLED_WORDS and slug_named(c.url):
                _shape, utility, foreign = self.url_facts(c.url)
                if not utility and not foreign:
                    titled.setdefault(strip_fragment(c.url), c)
        if len(titled) < TITLED_LINKS:
            return
        for c in group:
            if c.section and c.url and titled.get(strip_fragment(c.url)) is not None:
                c.score += 2.0  # from a section's -1 to a story's +1
                c.section = False

    def evident(self, group: list[Candidate]) -> bool:
        """Repetition plus headline-like text: several members whose own score (words, URL
        shape, heading; off-site links not held against them) is that of a clear headline,
        counted over the group's pool of same-structure lists. Such a list is a story rail even
        inside a header, menu, footer or comments container, so its vocabulary weighs less."""
        key = "readmore" if group[0].readmore else group[0].sig
        scores = self._pool.get(key) or sorted(c.score + FOREIGN * c.foreign for c in group)
        if len(scores) < EVIDENT_SIZE:
            return False
        # Many sibling lists of one structure (an aggregator's columns, one per source):
        # the repetition itself is evidence, so headline-length text is enough.
        need = GRID_MEDIAN if key in self._grid else EVIDENT_MEDIAN
        return scores[len(scores) // 2] >= need

    @staticmethod
    def penalise_templates(group: list[Candidate]) -> None:
        """Directory links ("Code promo X", "Results 2024 Paris") share their first words."""
        if len(group) < 3:
            return
        prefixes: dict[str, int] = {}
        keys: list[str | None] = []
        for c in group:
            # Split, then fold the two first words only (folding never makes or removes a
            # space, so they are the first words of the folded text).
            words = c.text.split(None, 2)
            key = f"{words[0]} {words[1]}".casefold() if len(words) >= 3 else None
            keys.append(key)
            if key is not None:
                prefixes[key] = prefixes.get(key, 0) + 1
        for c, key in zip(group, keys):
            if key is not None and prefixes[key] >= 3:
                c.score += TEMPLATE_PENALTY


def _one_text_node(a: etree._Element) -> bool:
    """The link holds one element with no element in it, and of the link's text, that element's
    text and its tail at most one holds more than whitespace: its text nodes joined with spaces
    hold the same words as run together. (Other shapes answer False: the caller joins them.)"""
    if len(a) != 1:
        return False
    child = a[0]
    if len(child) or not isinstance(child.tag, str):
        return False
    filled = 0
    for text in (a.text, child.text, child.tail):
        if text and not text.isspace():
            filled += 1
    return filled <= 1


def _item(cand: Candidate) -> etree._Element | None:
    """The list item (li, article) holding a link, at most ITEM_DEPTH levels above it."""
    for el in cand.anc[:ITEM_DEPTH]:
        if el.tag in _ITEM_TAGS:
            return el
    return None


def _opens_lowercase(text: str) -> bool:
    """The text's first word is a lower-case word ("the", "über"; not "iPhone", "eBay", a
    number or a script without case)."""
    first = text.split(None, 1)[0] if text else ""
    return first.isalpha() and first.islower()


def _folder(url: str) -> str:
    """The URL up to its last folder ("https://site/travel/"), "" for a page at the root or
    a URL with a query (its folder says less than its query)."""
    url = strip_fragment(url)
    if "?" in url:
        return ""
    cut = url.rstrip("/")
    folder = cut[: cut.rfind("/") + 1]
    return folder if folder.count("/") > 3 else ""


def _clean_headline(raw: str) -> str:
    """The display text of a link's raw headline; "" for one word (a menu entry, never a
    headline list member) or text cleaning leaves empty."""
    if not raw or (" " not in raw.strip() and (raw.isascii() or not _CJK.search(raw))):
        return ""
    return clean_text(raw)[0]


@memo(maxsize=65536)  # a site's menus and rails repeat their link texts page after page
def _text_headline(text: str) -> tuple[str, float, int]:
    """(_clean_headline, its text_facts) of a link holding only this text (not all
    whitespace); ("", 0.0, False) when it is no headline."""
    clean = _clean_headline(text_headline(text))
    return (clean, *text_facts.__wrapped__(clean)) if clean else ("", 0.0, 0)


@memo(maxsize=65536)  # ... and the same headlines, on one page and the next
def text_facts(text: str) -> tuple[float, int]:
    """(score from the word count, 0 / UTILITY / SOFT_UTILITY) of a headline: the part of a
    link's score its text alone decides. Utility: a control's wording, a call to the reader, a
    label ("... | Foto:")."""
    n = word_count(text)
    s = 1.5 if n >= 5 else 1.0 if n >= 4 else 0.5 if n >= 3 else -0.3 if n >= 2 else -1.2
    if n > 30:
        s -= 2.0
    r = rules()
    low = text.casefold()
    if (low.strip(" .:!?\u203a\u00bb>") in r["utility_phrases"] or text.endswith(_LABEL_ENDS)
            or low.partition(" ")[0] in _cta_first_words() and (low + " ").startswith(r["cta_tuple"])
            or text.startswith("About ") and _ABOUT_PAGE.match(text) is not None):
        return s, UTILITY
    # Where utility_re finds a utility word (at a word's start), in its two faster searches.
    if r["utility_at_start"].match(low) is not None:
        at = 0
    else:
        gap = r["utility_after_gap"].search(low)
        if gap is None:
            return s, 0
        at = gap.start() + 1
    # A utility word inside a headline-long text ("Best Black Friday TV deals of 2019", "AI
    # reads privacy policies for you"): a control's wording, unless its list says otherwise.
    return s, SOFT_UTILITY if n >= SOFT_UTILITY_WORDS and at > 0 else UTILITY


@lru_cache(maxsize=1)
def _cta_first_words() -> frozenset[str]:
    """The first word of every call to the reader ("click" of "click to see "): a text opens
    with one of them only if its first word is one, a set lookup where testing each opener
    in turn costs more (most texts open with none)."""
    return frozenset(opener.partition(" ")[0] for opener in rules()["cta_tuple"])


@memo(maxsize=65536)  # a site's rails and menus link the same URLs page after page
def url_kind(url: str) -> tuple[str, bool, str]:
    """(url_shape, utility page?, host). A landing page (tag, topic, author, ...) is a section;
    a short path with a query naming an item (/watch?v=x1y2z3) is not; a job, shop,
    product or account page (host label or path folder), a link shortener, an affiliate
    network, a link handing the reader on to another address (_hands_on) or one tagged as a
    bought placement (_PAID_PLACEMENT) is a utility page."""
    link_host, path, query_text = url_parts(url)  # the address cut once
    shape = path_shape(path, query_text)
    query = url.find("?")
    slash = url.rfind("/", 0, query % (len(url) + 1))
    kind = folder_kind(url[: slash + 1])  # scheme, host, folders
    landing = kind == "landing"
    if shape == "story" and landing:
        shape = "section"
    elif shape == "section" and _ITEM_QUERY.search(url):
        shape = "other"
    utility = (kind is not None and not landing or _redirect_host(link_host)
               or (query != -1 or len(url) - slash - 1 <= TRACKER_NAME or url[-5:].lower().endswith(_FILE_ENDS)
                   or "#" in url) and _hands_on(url, query, slash))  # (guards: most URLs end in a long name)
    if not utility and "#" in url and _ONE_COMMENT.search(url, url.find("#")) is not None:
        utility = True  # one reader's comment under a story: a recent-comments widget's entry
    if (not utility and query != -1 and ("utm_medium=" in url or "ponsor" in url or "dvertorial" in url)
            and _PAID_PLACEMENT.search(url, query) is not None):  # (guards: plain finds, cheaper than the regex)
        utility = True  # an advertisement's link, tagged as a bought placement
    return shape, utility, link_host


def _hands_on(url: str, query: int, slash: int) -> bool:
    """The link hands the reader on to another address: a query value that is a whole address
    ("sharer.php?u=https://...", "ck?url=https%3A...", a form's "?entry=http://..."), or a
    page named as a click tracker's ("/mbclk?...", "/aclk?...", "/redirect.php?..."), or a
    file (a picture, a PDF): a share button, an ad network's click, a form, a photo's caption
    linking the photo, never a story page itself. `query` is the position of the "?" (-1: none),
    `slash` that of the last "/" before it (url_kind found both)."""
    if query != -1:
        if _ADDRESS_IN_QUERY.search(url, query) is not None:
            return True
        end = query
    else:
        end = url.find("#")
        if end == -1:
            end = len(url)
        elif end < slash:  # a "/" inside the fragment
            slash = url.rfind("/", 0, end)
    dot = url.rfind(".", slash, end)
    if dot != -1 and end - dot <= 5 and url[dot + 1: end].lower() in _FILE_TYPES:
        return True
    name_end = end if dot == -1 else dot
    return name_end - slash - 1 <= TRACKER_NAME and url[slash + 1: name_end].lower() in rules()["tracker_pages"]


@memo(maxsize=4096)
def _redirect_host(link_host: str) -> bool:
    """A link shortener, affiliate network or app-install link (the host or a parent domain
    listed): the page behind it is no story of the site."""
    hosts = rules()["redirect_hosts"]
    while link_host:
        if link_host in hosts:
            return True
        link_host = link_host.partition(".")[2]
    return False


def _letters_over(text: str, n: int) -> bool:
    """More than n letters in text (the match stops at the (n+1)-th letter)."""
    return _letters_pattern(n).match(text) is not None


@lru_cache(maxsize=8)
def _letters_pattern(n: int) -> re.Pattern:
    """Non-letters then a letter, n + 1 times (possessive: no backtracking)."""
    return re.compile(r"(?:[\W\d_]*+[^\W\d_]){%d}" % (n + 1))


def lca(cands: list[Candidate]) -> etree._Element | None:
    """Deepest element holding every candidate of the group."""
    first = cands[0].anc
    if len(cands) == 1:
        return first[0] if first else None
    # The first link's ancestors form one chain: the common one is the highest of its nearest
    # shared ancestors with each other link (found walking up from that link, stopping early).
    level = {id(e): i for i, e in enumerate(first)}
    top = 0
    for cand in cands[1:]:
        for e in cand.el.iterancestors():
            i = level.get(id(e))
            if i is not None:
                top = max(top, i)
                break
        else:
            return None
    return first[top]
