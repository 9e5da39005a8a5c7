"""Headline text cleaning, truncation flags and dedupe keys (docs/design.md "Cleaning and dedupe").

Display text keeps the site's own characters (curly quotes, dashes, the ellipsis of a cut);
keys fold all of that away so the same headline from two places compares equal.

>>> clean_text("Jennifer Lopez &amp;amp; Ben Affleck Marry -- Se\u2026")
('Jennifer Lopez & Ben Affleck Marry -- Se\u2026', True)
>>> headline_key("\u2018The Bachelorette\u2019 Mansion\u2026")
'the bachelorette mansion'
"""
from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import ftfy

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
    "\u2212": "-", "\u00a0": " ",
})
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in _FOLD) + "]")  # a character _FOLD changes
# Zero-width characters, soft hyphen, BOM and C0/C1 controls (tabs/newlines become spaces first).
# A zero-width joiner between two emoji is kept: it binds a ZWJ sequence (👩‍🚀 is one picture,
# not 👩 and 🚀); anywhere else it is dropped like the other invisibles.
_EMOJI = "[\u2190-\u2bff\u2640\u2642\U0001f000-\U0001faff]"
_EMOJI_END = "[\u2190-\u2bff\u20e3\ufe0f\U0001f000-\U0001faff]"  # an emoji, keycap or variation selector
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff"
                        "\x00-\x08\x0b-\x1f\x7f-\x9f]"
                        f"|(?<!{_EMOJI_END})\u200d|\u200d(?!{_EMOJI})")
_SPACES = re.compile(r"\s+")
# A cut: "…", "...", "..", " ..." at the very end (possibly repeated / spaced).
_ELLIPSIS = re.compile(r"(?:\s*(?:\u2026|\.{2,}))+\s*$")
_NON_WORD = re.compile(r"[^\w\s]+")
# Characters that typically appear when UTF-8 was decoded as Latin-1/cp1252.
_MOJIBAKE_HINT = re.compile("[\u00c2\u00c3\u00c5\u00e2\u00d0\u00d1\u00ef][\u0080-\u00bf\u2018-\u203a\u0152-\u0178\u02c6\u02dc]")


# A headline is one line of text. Longer text is something else (an article body, a feed's
# stuffed title) and is dropped: cleaning, keying and topic-tagging it costs time and memory
# in proportion to its size, on every later aggregate step.
MAX_HEADLINE_CHARS = 1000
MAX_RAW_CHARS = 10 * MAX_HEADLINE_CHARS   # before entities and runs of spaces are folded


def unescape(text: str) -> str:
    """Decode HTML entities, also double-escaped ones ("&amp;amp;" -> "&")."""
    for _ in range(3):
        if "&" not in text:
            break
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


def fix_mojibake(text: str) -> str:
    """Repair UTF-8-read-as-cp1252 text with ftfy, only where the pattern is visible."""
    if _MOJIBAKE_HINT.search(text):
        return ftfy.fix_encoding(text)
    return text


def is_truncated(text: str) -> bool:
    """True when the text ends with an ellipsis the site added to cut it."""
    return bool(_ELLIPSIS.search(text))


def clean_text(raw: str) -> tuple[str, bool]:
    """Return (display text, truncated) for a raw headline string.

    Entities decoded, mojibake repaired, invisible characters dropped, whitespace collapsed,
    NFC-composed. A cut keeps one visible ellipsis so readers see it was cut. Text too long to
    be a headline (over MAX_RAW_CHARS raw or MAX_HEADLINE_CHARS clean) gives ("", False), which
    every caller drops like an empty text.
    """
    raw = raw or ""
    if len(raw) > MAX_RAW_CHARS:
        return "", False
    if raw.isprintable() and "&" not in raw and (raw.isascii() or (
            _MOJIBAKE_HINT.search(raw) is None and unicodedata.is_normalized("NFC", raw))):
        # Printable (no invisible character, no space but " "), no entity, no mojibake, composed:
        # only spaces to fold.
        text = " ".join(raw.split())
    else:
        text = fix_mojibake(unescape(raw))
        text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
        text = unicodedata.normalize("NFC", text).strip()
    if len(text) > MAX_HEADLINE_CHARS:
        return "", False
    match = _ELLIPSIS.search(text) if text.endswith(("\u2026", "..")) else None  # text is stripped
    if not match:
        return text, False
    body = text[: match.start()].rstrip()
    if not body:
        return "", False
    sep = " " if text[match.start(): match.start() + 1].isspace() else ""
    return f"{body}{sep}\u2026", True


def strip_ellipsis(text: str) -> str:
    """The text without its trailing ellipsis (and spaces before it)."""
    text = text.rstrip()
    if not text.endswith(("\u2026", "..")):  # no cut: spares the regex a try at every position
        return text
    return _ELLIPSIS.sub("", text).rstrip()


def complete_part(text: str) -> str:
    """Drop the cut-off word fragment of a truncated headline, keep the words known whole.

    >>> complete_part("See Inside the Chapel Wh\u2026")
    'See Inside the Chapel'
    >>> complete_part("His 'Stranger Things' \u2026")
    "His 'Stranger Things'"
    """
    match = _ELLIPSIS.search(text)
    if not match:
        return text
    body = text[: match.start()]
    if text[match.start(): match.start() + 1].isspace():
        return body.rstrip()
    head, _, _fragment = body.rpartition(" ")
    return head.rstrip()


# An em dash (or horizontal bar) breaks a sentence even when it touches its words
# ("Kenya\u2014and"): it folds to a spaced hyphen, so topics and stories never glue the two words.
_DASH_BREAK = re.compile("\\s*[\u2014\u2015]\\s*")


def fold(text: str) -> str:
    """NFKC + curly quotes and dashes folded to ASCII; case kept (used before keys and topics).

    >>> fold("Kenya\u2014and Uganda \u2018win\u2019")
    "Kenya - and Uganda 'win'"
    """
    if text.isascii():  # NFKC leaves ASCII as it is; the backtick is the one ASCII fold
        return text.replace("`", "'") if "`" in text else text
    text = unicodedata.normalize("NFKC", text)
    if "\u2014" in text or "\u2015" in text:
        text = _DASH_BREAK.sub(" - ", text)
    return text.translate(_FOLD) if _FOLDABLE.search(text) else text  # most text has none to fold


@lru_cache(maxsize=65536)  # a headline recurs on page after page (rails, front pages, re-crawls)
def headline_key(text: str) -> str:
    """Dedupe key: NFKC, case-folded, punctuation-insensitive, no trailing ellipsis.

    Keys keep word boundaries, so a cut headline's key is a prefix of its full form's key.
    """
    folded = fold(strip_ellipsis(text)).casefold()
    if folded.isascii():  # what _NON_WORD removes from ASCII: its punctuation (one byte table)
        return " ".join(folded.encode("ascii").translate(_ASCII_PUNCT).decode("ascii").split())
    return " ".join(_NON_WORD.sub(" ", folded).split())


# Each ASCII byte to itself, or to a space where _NON_WORD matches it. A bytes table, not a str
# translation dict: str.translate looked every letter up in the dict and raised (and dropped) a
# KeyError per distinct letter, 3.5 us a key against 0.4 us here.
_ASCII_PUNCT = bytes(32 if _NON_WORD.match(chr(c)) else c for c in range(128)) + bytes(range(128, 256))
