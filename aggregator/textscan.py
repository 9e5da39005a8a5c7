"""Tokenising a headline for topic extraction: quoted titles, chunks of words, case style.

Kept apart from topics.py so the fit statistics and the tagger read text the same way.

>>> titles, rest = split_quotes("'The Bachelorette' Mansion Doesn't Have Beds", False)
>>> titles, rest
(['The Bachelorette'], " |  Mansion Doesn't Have Beds")
"""
from __future__ import annotations

import re
from typing import Callable, NamedTuple

from .clean import complete_part, fold, is_truncated, strip_ellipsis

SENTENCE, TITLE, CAPS = "sentence", "title", "caps"

# A quoted span: opening quote not glued to a word, closing quote followed by a non-word or 's.
_QUOTE = re.compile(r"""(?<![\w'"])(['"])\s?([^\s'"](?:[^'"]*?[^\s'"])?)\s?\1(?=s\b|[^\w]|$)""")
_CJK_QUOTE = re.compile(r"[\u300c\u300e\u300a\u3008\u3010]([^\u300d\u300f\u300b\u3009\u3011]{1,40})[\u300d\u300f\u300b\u3009\u3011]")
_OPEN_QUOTE = re.compile(r"""(?<![\w'"])['"](?=\w)""")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Each token with the text before it (from the last token's end): findall hands both over at once.
_GAP_TOKEN = re.compile(r"([\W_]*)([^\W_]+(?:[&'.\-][^\W_]+)*'?)")
# The same for ASCII text, spelt out: [^\W_] is [A-Za-z0-9] on ASCII letters, and a plain class is
# a fifth faster to match than a Unicode category.
_GAP_TOKEN_ASCII = re.compile(r"([^A-Za-z0-9]*)([A-Za-z0-9]+(?:[&'.\-][A-Za-z0-9]+)*'?)")
_NUM = re.compile(r"[\d.,'&\-]+$")
_INITIAL_GAP = re.compile(r"[:|?!.;]|--|\s-\s")
_CAP_WORD = re.compile(r"[A-Z][\w'\-]*$")


class Tok(NamedTuple):
    base: str       # surface without possessive 's
    low: str        # casefolded base
    cap: bool       # starts with an upper-case letter
    acr: bool       # all caps, 2-6 letters
    num: bool       # a number (no letters)
    poss: bool      # ended in 's or ' (a name ends here)
    initial: bool   # starts a sentence (headline start, after ':' '|' '?' ...)


def prepare(text: str, truncated: bool) -> str:
    """Folded text with the cut-off fragment of a truncated headline removed."""
    if truncated:
        # A cut flagged without its visible ellipsis still ends in a fragment: drop the last word.
        body = complete_part(text) if is_truncated(text) else text.rstrip().rpartition(" ")[0]
    else:
        body = strip_ellipsis(text)
    return fold(body)


def is_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def split_quotes(body: str, truncated: bool,
                 is_name: Callable[[str], bool] = lambda w: True) -> tuple[list[str], str]:
    """Quoted spans (candidate titles) and the rest of the text with each span replaced by ' | '.

    A one-word quote between two name words is a nickname ("Mercedes 'MJ' Javid") and is dropped;
    `is_name(word)` says whether a capitalised neighbour is a name word rather than an ordinary one.
    In a truncated headline an unclosed quote starts a cut title: the text from it on is dropped.
    """
    if "'" not in body and '"' not in body:   # most headlines: no quote, so no title and no open quote
        return [], body
    titles: list[str] = []

    def repl(m: re.Match[str]) -> str:
        span = m.group(2)
        before = body[: m.start()].rstrip().rpartition(" ")[2]
        after = body[m.end():].lstrip().partition(" ")[0]
        if (" " not in span and _CAP_WORD.match(before or "x") and _CAP_WORD.match(after or "x")
                and is_name(before.casefold()) and is_name(after.casefold())):
            return " "
        titles.append(span.strip())
        return " | "

    rest = _QUOTE.sub(repl, body)
    if truncated:
        m = _OPEN_QUOTE.search(rest)
        if m:
            rest = rest[: m.start()]
    return titles, rest


def cjk_titles(body: str) -> list[str]:
    titles, _ = split_quotes(body, False)
    return titles + [m.group(1).strip() for m in _CJK_QUOTE.finditer(body)]


_CACHE_MAX = 200_000
_cache: dict[str, tuple[Tok, Tok, bool, bool, bool]] = {}
AMPERSAND = Tok("&", "&", False, False, False, False, False)   # a spaced "&" between words, kept as a word
_cache_stop: list[frozenset[str]] = [frozenset()]


def _word(surface: str, stop: frozenset[str]) -> tuple[Tok, Tok, bool, bool, bool] | None:
    """A token's two forms (not / at a sentence start) and its case-style facts (content word,
    capitalised, all caps), worked out once per surface: words repeat across headlines."""
    key = surface
    poss = False
    if surface.endswith(("'s", "'S")):
        surface, poss = surface[:-2], True
    elif surface.endswith("'"):
        surface, poss = surface[:-1], True
    if not surface:
        return None
    low = surface.casefold()
    num = bool(_NUM.match(low))
    # "deGrasse", "iPhone", "eBay": a capital inside a word marks a name as well as a first capital.
    cap = surface[0].isupper() or (not num and surface[1:] != surface[1:].lower() and surface[0].isalpha())
    letters = surface.replace(".", "").replace("-", "")
    acr = not num and surface.isupper() and 2 <= len(letters) <= 6 and letters.isalpha()
    base = surface.replace(".", "") if acr else surface
    content = len(low) >= 4 and not num and low not in stop
    facts = (Tok(base, low, cap, acr, num, poss, False), Tok(base, low, cap, acr, num, poss, True),
             content, cap, surface.isupper())
    _cache[key] = facts
    return facts


def scan(rest: str, stop: frozenset[str]) -> tuple[list[list[Tok]], str]:
    """Chunks of tokens (split at punctuation) and the headline's case style."""
    if stop is not _cache_stop[0] or len(_cache) > _CACHE_MAX:
        _cache.clear()
        _cache_stop[0] = stop
    cache = _cache
    chunks: list[list[Tok]] = []
    chunk: list[Tok] = []
    caps = counted = upper = 0
    for gap, surface in (_GAP_TOKEN_ASCII if rest.isascii() else _GAP_TOKEN).findall(rest):
        facts = cache.get(surface) or _word(surface, stop)
        if gap == " ":
            initial = not chunk and not chunks
        elif gap == " & " and chunk:   # "Standard & Poor's": the ampersand may join a name, like "of"
            chunk.append(AMPERSAND)
            initial = False
        else:
            if chunk and gap.strip():
                chunks.append(chunk)
                chunk = []
            initial = (not chunks and not chunk) or (bool(gap) and bool(_INITIAL_GAP.search(gap)))
        if facts is None:
            continue
        chunk.append(facts[1] if initial else facts[0])
        if facts[2]:
            counted += 1
            caps += facts[3]
            upper += facts[4]
    if chunk:
        chunks.append(chunk)
    if counted >= 2 and upper >= 0.8 * counted:
        style = CAPS
    elif counted >= 2 and caps >= 0.75 * counted or counted < 2:
        style = TITLE
    else:
        style = SENTENCE
    return chunks, style
