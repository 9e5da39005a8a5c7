"""What an element's class/id/role words say about it, and how long a text is in words.

Class cues match whole words: "c-most-read mostRead" gives most, read, mostread; a generated
(hashed) name gives none; a word after a negation ("non-ad-column") does not count; a
WordPress post's own term classes ("tag-elections") are not list vocabulary. Token lists live
in data/extract_tokens.json.

>>> bool(element_flags(etree.fromstring('<nav class="site-menu"/>')) & NAV)
True
>>> element_flags(etree.fromstring('<div class="non-ad-column jVfWM"/>'))
0
"""
from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from aggregator.memo import memo
from aggregator.rules import _SPLIT, rules, tokens

# Scripts in which one space-free token can be a whole headline (CJK, Hangul runs, Thai, Lao, Khmer).
_CJK = re.compile(r"[\u0e00-\u0eff\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Runs of scripts written without spaces between words: Han and kana, then Thai, Lao and Khmer.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]+|[\u0e00-\u0eff\u1780-\u17ff]+")
# Whether a text holds any of them: one class, which the engine scans for directly (an
# alternation is tried branch by branch at every character, six times slower).
_ANY_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
CJK_CHARS_PER_WORD = 3.0  # a Chinese/Japanese headline runs 15-30 characters, a menu label 2-6
# A Thai, Lao or Khmer word is 4-5 characters with its vowel and tone marks; as for CJK, one
# word per about two words' characters, so a headline (40-80 characters) counts 5-10 words and a
# menu label (4-17) one or two.
SEA_CHARS_PER_WORD = 8.0

NAV, BAD, GOOD, SPONSORED, VENDOR = 1, 2, 4, 8, 16
_LANDMARKS = frozenset({"nav", "footer", "header", "aside", "menu"})
_NAV_ROLES = frozenset({"navigation", "banner", "contentinfo", "menu", "menubar", "menuitem"})


def _token_source(el: etree._Element) -> str:
    """The attribute text whose words say what an element is for."""
    ident = el.get("id") or ""
    return " ".join(filter(None, (el.get("class"), ident if len(ident) <= 25 else "", el.get("role"),
                                  el.get("aria-label"), el.get("data-module"), el.get("data-component"))))


@memo(maxsize=16384)
def _el_tokens(tag: str, source: str) -> tuple[str, ...]:
    toks = tuple(tokens(source))
    return toks + (tag,) if tag in _LANDMARKS else toks


_FLAG_ATTRS = frozenset({"class", "id", "role", "aria-label", "data-module", "data-component"})


_WP_POST = frozenset({"hentry", "type-post", "status-publish"})
_WP_TERM = ("tag-", "category-", "format-", "post_tag-")


def wp_item_classes(words: list[str]) -> list[str]:
    """The class words of an element, less a WordPress post's own term classes ("tag-texas",
    "category-news", when it is marked a post): they name its topics, not its place."""
    if len(words) > 2 and not _WP_POST.isdisjoint(words):
        return [w for w in words if not w.startswith(_WP_TERM)]
    return words


@memo(maxsize=65536)  # class strings repeat across one site's pages: keep a few sites'
def _value_flags(value: str) -> int:
    """Flags of one attribute value (its words' flags OR-ed). A WordPress post's own classes
    name its terms ("tag-elections", "category-news"): those say nothing about the list."""
    words = value.split()
    if len(words) > 2:
        words = wp_item_classes(words)
    flags = 0
    for word in words:
        flags |= _word_flags(word)
    return flags


@lru_cache(maxsize=1)
def _flag_of() -> dict[str, int]:
    """Token -> NAV | BAD | GOOD | SPONSORED | VENDOR bits, from the rule sets."""
    r = rules()
    out: dict[str, int] = {}
    for key, bit in (("nav_tokens", NAV), ("bad_tokens", BAD), ("good_tokens", GOOD),
                     ("sponsored_tokens", SPONSORED), ("vendor_tokens", VENDOR)):
        for tok in r[key]:
            out[tok] = out.get(tok, 0) | bit
    return out


@memo(maxsize=65536)
def _word_flags(word: str) -> int:
    flag_of = _flag_of()
    if word.isalpha() and word.islower():  # one plain word ("sidebar"): its own token
        return flag_of.get(word, 0)
    words = _split_word(word)
    if flag_of.keys().isdisjoint(words):  # most class words say nothing: one C-level test
        return 0
    flags = 0
    for tok in words:
        flags |= flag_of.get(tok, 0)
    # A generated name has no words: asked only when its words would say something (most
    # class words say nothing, and the generated-name patterns are the costly part).
    return 0 if flags and _generated_word(word) else flags


def _generated_word(word: str) -> bool:
    """A generated class name (a lower-case one needs a digit to be one)."""
    if word.islower():
        return _DIGIT_RE.search(word) is not None and _is_generated(word)
    return _is_generated(word)


def _split_word(word: str) -> list[str]:
    """The words of one class word, read as if it were not generated: split at separators
    (and camelCase), a word after a negation ("non-ad-column") dropped, the words also joined
    ("most-read" -> most, read, mostread)."""
    if word.islower():  # no capital, so no camelCase split: separators only (cheaper)
        # lower() would change nothing. The separators made spaces and split there: what
        # _SEPARATORS.split gives less its empty strings, twice as fast.
        words = word.replace("_", " ").replace("-", " ").replace(":", " ").replace(".", " ").replace("/", " ").split()
    else:
        words = [w.lower() for w in _SPLIT.split(word) if w]
    if len(words) > 1 and not _NEGATIONS.isdisjoint(words):
        words = [w for i, w in enumerate(words) if not (i and words[i - 1] in _NEGATIONS)]
    if len(words) > 1:
        words.append("".join([w for w in words if not w.isdigit()]))
    return words


_NEGATIONS = frozenset({"non", "no", "not", "without"})
_DIGIT_RE = re.compile(r"\d")


def _starts_anchored(pattern: str) -> bool:
    """Starts with "^" and has no "|" outside brackets (which would leave a branch unanchored)."""
    if not pattern.startswith("^"):
        return False
    depth, in_class, escaped = 0, False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return False
    return True


def _is_generated(word: str) -> bool:
    """A class name build tools generate (a hash): one of the rule set's patterns matches."""
    anchored, floating = _generated()
    return anchored.match(word) is not None or (floating is not None and floating.search(word) is not None)


@lru_cache(maxsize=1)
def _generated() -> tuple[re.Pattern, re.Pattern | None]:
    """The rule set's patterns as two regexes: those anchored at the start ("^...") tried
    once at the start, the others searched (one alternation searched at every position
    would try the anchored ones there too)."""
    pats = rules()["generated_classes"]
    anchored = "|".join(f"(?:{p[1:]})" for p in pats if _starts_anchored(p)) or "(?!)"
    floating = [f"(?:{p})" for p in pats if not _starts_anchored(p)]
    return re.compile(anchored), re.compile("|".join(floating)) if floating else None


def word_count(text: str) -> float:
    """Words. Chinese, Japanese, Thai, Lao and Khmer write no spaces between words: a run of
    Han or kana counts one word per CJK_CHARS_PER_WORD characters, a Thai, Lao or Khmer run one
    per SEA_CHARS_PER_WORD (at least one). Korean and Burmese space their words or phrases, so
    they count like any spaced text."""
    if text.isascii() or _ANY_UNSPACED.search(text) is None:  # isascii is O(1): skips the scan
        return len(text.split())
    spaced = len(_UNSPACED.sub(" ", text).split())
    return spaced + sum(max(1.0, len(run) / (CJK_CHARS_PER_WORD if run[0] >= "\u3040" else SEA_CHARS_PER_WORD))
                        for run in _UNSPACED.findall(text))


def more_words_than(text: str, n: int) -> bool:
    """word_count(text) > n, without splitting a long text into all of its words."""
    if text.isascii() or _ANY_UNSPACED.search(text) is None:
        return len(text.split(None, n)) > n
    return word_count(text) > n


def element_flags(el: etree._Element) -> int:
    """NAV | BAD | GOOD | SPONSORED | VENDOR bits of one element: the OR of its class/id/aria
    words' flags (cached per attribute value: class strings repeat); a landmark role or tag
    marks a nav region."""
    tag = el.tag
    flags = _word_flags(tag) if tag in _LANDMARKS else 0
    # The attribute names first, then only the values that can carry a flag: a link's
    # href, style and data-* values are never decoded into strings.
    for key in el.keys():
        if key in _FLAG_ATTRS:
            value = el.get(key)
            if key == "role":  # a landmark role says where, not what: a header is a nav region
                flags |= NAV if value in _NAV_ROLES else 0
            elif value and (key != "id" or len(value) <= 25):
                flags |= _value_flags(value)
    return flags
