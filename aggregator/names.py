"""One way to write a name: the normaliser shared by story grouping and topic naming.

Publishers write one name many ways: "Jos. A. Bank" / "Jos A Bank", "U.S." / "U. S." / "US",
"HK" / "Hong Kong", "Wall St." / "Wall Street", "Ch. 11" / "Chapter 11", "150k" / "150,000" /
"150 000", "Men's Wearhouse" / "Mens Wearhouse". Stories compare headlines and topics count names; both must see
these as one, and must not lose the name around them ("London-based Foo" is about Foo; a wire
tag "UPDATE 3-" is no part of the headline). The forms are data (data/name_forms.txt).

API (all pure, str -> str):
- `normalise(text)`: the headline with every variant above written one way; case and other
  words kept, so a reader (and the topic tagger) still sees names by their capitals.
- `name_key(name)`: the identity of a name, for equality and SQL keys: normalise(), casefolded,
  without apostrophes or a leading "The" ("The Bachelor" == "Bachelor", "Mens" == "Men's").
- `strip_wire_tags(text)`, `drop_place_based(text)`, `fold_abbreviations(text)`,
  `expand_short_forms(text)`, `fold_numbers(text)`: the single steps, in the order normalise()
  applies them.

>>> normalise("UPDATE 3-Men's Wearhouse to buy Jos. A. Bank for $1.8B")
"Men's Wearhouse to buy Jos A Bank for $1.8 billion"
>>> normalise("London-based HSBC files for Ch. 11 in the U. S. after 150k job cuts - Reuters")
'HSBC files for Chapter 11 in the US after 150000 job cuts'
>>> name_key("The Bachelor") == name_key("Bachelor"), name_key("Men's Wearhouse") == name_key("Mens Wearhouse")
(True, True)
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

from .clean import fold

# Wire tags: "UPDATE 1-", "RPT-", "WRAPUP 2-", "CORRECTED-", "EXCLUSIVE-", "VIDEO:", "WATCH:" at the
# start (a tag word, maybe a number, then a dash, colon or bar); " - Reuters", " -- traders", "(Reuters)",
# "(2)", "-- 3rd Update", "(VIDEO)" at the end. A tag word without its separator is a word
# ("Update on the Reuters building"), so the separator is required.
_TAG_WORDS = ("update|wrapup|rpt|refile|corrected|correction|exclusive|breaking|urgent|flash|factbox|analysis|"
              "insight|preview|timeline|global markets|instant view|snap analysis|video|watch|live|photos?|"
              "column|opinion|buzz")
# A tag glued to a dash is the wire's own form only in capitals ("UPDATE 1-Oil"; "Live-action" is a word).
_TAG_HEAD = re.compile(
    rf"^\s*(?:(?:{_TAG_WORDS.upper().replace('?', '?')})\s*\d*\s*-+\s*"
    rf"|(?i:{_TAG_WORDS})\s*\d*\s*(?:[:|\u2013\u2014]+|\s-+\s)\s*)+")
_PAREN_TAGS = r"reuters|ap|afp|bloomberg|\d{1,2}|update\s*\d*|corrected|video|photos?"   # "(Reuters)", "(2)"
# A tail tag starts at a space, ":", "(" or "[": the look-ahead turns every other start away at once.
_TAG_TAIL = re.compile(
    r"(?=[\s:(\[])(?:(?:\s+[-|\u2013\u2014]+|:)\s*(?:reuters|ap|afp|bloomberg|upi|cnn|bbc(?: news)?|xinhua|dpa|"
    r"the associated press|associated press|press association|traders|sources|report|video|live|"
    r"(?:\d+(?:st|nd|rd|th)\s+)?update\s*\d*)\s*|\s*\(\s*(?:" + _PAREN_TAGS + r")\s*\)|\s*\[\s*\d{1,2}\s*\]\s*)+$", re.I)
_TAIL_SPAN = 64
_HEAD_GATE = re.compile(r"\s*[A-Za-z ]{2,16}\s*\d*\s*[-:|\u2013\u2014]")   # cheap test before the tag list
# "London-based", "Silicon Valley-based", "U.S.-based": a place glued to the name it describes.
_PLACE_BASED = re.compile(r"\b(?:[A-Z][\w.&']*\s){0,2}[A-Z][\w.&']*-based\s+(?=\S)")
# Abbreviations: letters with periods ("U.S.", "U. S.", "J.P."), initials and short words with a
# period before a capitalised word or a number ("Jos. A. Bank", "Mt. Gox", "Ch. 11").
_LETTER_DOTS = re.compile(r"(?<![\w.])(?:[A-Za-z]\.\s?){1,}[A-Za-z]\.?(?![\w'])")
_SHORT_DOT = re.compile(r"(?<![\w.])([A-Z][a-z]{0,3})\.(?=\s+[A-Z0-9]|\s*$|[,;:)])")
_SPACED_CAPS = re.compile(r"(?<![\w.])[A-Z](?: [A-Z])+(?![\w.'])")
# "St" after a capitalised word is a street ("Wall St", "Wall St. Rallies"); elsewhere a saint ("St Louis").
_STREET = re.compile(r"\b([A-Z][a-z]+) St\b\.?")
# Numbers: "150,000" / "150 000" -> "150000"; "150k" -> "150000"; "1.8B", "1.8bn", "2 mln" -> words.
_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3})((?:[, ]\d{3})+)(?![\d,]\d)")
_THOUSANDS = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?[kK](?!\w)")
# A bare "M"/"B" is a scale only after a currency sign ("$3M", not "3M" the company).
_SCALE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?(bn|bln|billion|mn|mln|million|tn|tln|trillion)(?![\w'])"
                    r"|(?<=[$\u20ac\u00a3])(\d+(?:\.\d+)?)([bBmM])(?![\w'])", re.I)
_SCALE_WORD = {"b": "billion", "bn": "billion", "bln": "billion", "billion": "billion",
               "m": "million", "mn": "million", "mln": "million", "million": "million",
               "tn": "trillion", "tln": "trillion", "trillion": "trillion"}
_SEASON = re.compile(r"\b(19|20)(\d\d)-(\d\d)\b")   # "2012-13" -> "2012-2013"
# Any of the forms above: "1,000" / "1 000", "2012-13", "150k", "2 mln", "$3M". The digit they
# start with is written once and only the scale words ignore case: the regex engine then tries
# one branch at each digit instead of four at every character (half the search's time).
_NUMBER_GATE = re.compile(r"\d(?:[, ]\d{3}|-\d\d\b|\s?(?:[kK]|(?i:bn|bln|billion|mn|mln|million|tn|tln|trillion))(?![\w']))"
                          r"|[$\u20ac\u00a3]\d+(?:\.\d+)?[bBmM](?![\w'])")
_DIGIT = re.compile(r"\d")   # every number form holds one
_ASCII_DIGIT = re.compile(r"[0-9]")   # \d in ASCII text, without a Unicode category test per character
_SEPARATOR = re.compile(r"[-:|\u2013\u2014]")   # every head tag ends with one
_SPACES = re.compile(r"\s+")
_SPACED_GATE = re.compile(r" (?<=[A-Z] )[A-Z]")   # "[A-Z] [A-Z]" found from its space: a third faster


def strip_wire_tags(text: str) -> str:
    """The headline without wire-service tags (nested ones too).

    >>> strip_wire_tags("UPDATE 2-WRAPUP 1-Oil rises as OPEC cuts output - Reuters")
    'Oil rises as OPEC cuts output'
    >>> strip_wire_tags("Update on the Reuters building")
    'Update on the Reuters building'
    """
    while True:
        before = text
        if _may_separate(text) and _HEAD_GATE.match(text):
            head = _TAG_HEAD.match(text)   # anchored at the start: one match at most
            if head:
                text = text[head.end():]
        if _tail_may_be_tag(text):
            tail = _TAG_TAIL.search(text, max(0, len(text) - _TAIL_SPAN))   # tags sit in the last few words
            if tail:
                text = text[: tail.start()]
        if text == before:
            return text


def _may_separate(text: str) -> bool:
    """Whether the text holds a separator, as every head tag does: an ASCII text one of its ASCII
    separators (a substring test is a tenth of a regex search), any other one of _SEPARATOR."""
    if "-" in text or ":" in text or "|" in text:
        return True
    return not text.isascii() and _SEPARATOR.search(text) is not None


def _tail_may_be_tag(text: str) -> bool:
    """Cheap test before the tail pattern: the text ends with a bracket or a tail tag's last word.
    A digit at the end can only close "update 2" (a bracketed number ends with its bracket), and
    a closing parenthesis only "(Reuters)"-like tags: what follows the last "(" must be one, since
    a tag holds no parenthesis ("(2014)" or "(Opinion)" spare the tail pattern's search)."""
    stripped = text.rstrip()
    end = stripped[-12:]
    if end[-1:].isdecimal():   # ("pdate" in the span, in any case, spares most numbers the pattern's search)
        return end[-1] in "0123456789" and "pdate" in text[-_TAIL_SPAN:].lower() \
            and _UPDATE_END.search(text, max(0, len(text) - _TAIL_SPAN)) is not None
    if end.endswith(")"):
        return _PAREN_TAG.fullmatch(stripped, stripped.rfind("(") + 1, len(stripped) - 1) is not None
    return end.endswith("]") or end.casefold().endswith(_TAIL_WORDS)


_PAREN_TAG = re.compile(r"\s*(?:" + _PAREN_TAGS + r")\s*", re.I)


_TAIL_WORDS = ("reuters", "ap", "afp", "bloomberg", "upi", "cnn", "bbc", "news", "xinhua", "dpa", "press",
               "association", "traders", "sources", "report", "video", "live", "update")
_UPDATE_END = re.compile(r"update\s*\d*\s*$", re.I)


def drop_place_based(text: str) -> str:
    """Drop a "<Place>-based" modifier: it describes the name that follows, it is not part of it.

    >>> drop_place_based("Silicon Valley-based Nest buys Dropcam")
    'Nest buys Dropcam'
    """
    return _PLACE_BASED.sub("", text) if "-based" in text else text


def _letters(m: re.Match[str]) -> str:
    return m.group().replace(".", "").replace(" ", "")


def fold_abbreviations(text: str) -> str:
    """Periods and spaces out of abbreviations: one spelling for "U.S." / "U. S." / "US".

    >>> fold_abbreviations("Jos. A. Bank and J. P. Morgan in the U.S.")
    'Jos A Bank and JP Morgan in the US'
    >>> fold_abbreviations("Prices rose. Stocks fell.")
    'Prices rose. Stocks fell.'
    """
    if "." in text:
        text = _LETTER_DOTS.sub(_letters, text)
        text = _SHORT_DOT.sub(r"\1", text)
    return _SPACED_CAPS.sub(_letters, text) if _SPACED_GATE.search(text) else text


@cache
def _forms() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every short form in data/name_forms.txt, and each one's long form."""
    text = resources.files("aggregator").joinpath("data", "name_forms.txt").read_text("utf-8")
    longs: dict[str, str] = {}
    for line in text.splitlines():
        long, _, shorts = line.split("#", 1)[0].partition("=")
        for short in shorts.split():
            longs[short] = long.strip()
    alternatives = "|".join(sorted(map(re.escape, longs), key=len, reverse=True))
    # The word start is checked in _long_form: a leading look-behind would slow every search.
    return re.compile(r"(?:" + alternatives + r")\.?(?![\w'-])"), longs


def expand_short_forms(text: str) -> str:
    """Short forms of names written out: "HK" -> "Hong Kong", "Wall St" -> "Wall Street".

    >>> expand_short_forms("HK stocks and Wall St rally; Wall St. Rallies; St Louis Fed; Ch. 11 filing")
    'Hong Kong stocks and Wall Street rally; Wall Street Rallies; St Louis Fed; Chapter 11 filing'
    """
    pattern, longs = _forms()
    if pattern.search(text) is None:   # most headlines hold none: no closure, no substitution
        return _STREET.sub(r"\1 Street", text) if " St" in text else text

    def _long_form(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() else " "
        if before.isalnum() or before in "_.'-":
            return m.group()
        return longs[m.group().rstrip(".")]

    text = pattern.sub(_long_form, text)
    return _STREET.sub(r"\1 Street", text) if " St" in text else text


def _grouped(m: re.Match[str]) -> str:
    return m.group(1) + m.group(2).replace(",", "").replace(" ", "")


def _thousands(m: re.Match[str]) -> str:
    value = float(m.group(1)) * 1000
    return str(int(value)) if value == int(value) else m.group()


def _scale(m: re.Match[str]) -> str:
    number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return f"{number} {_SCALE_WORD[unit.casefold()]}"


def fold_numbers(text: str) -> str:
    """One form per number: digit groups joined, "k" multiplied out, scale words spelt out.

    >>> fold_numbers("150k jobs, 150,000 jobs, 150 000 jobs, $1.8B, $1.8bn, 2 mln, $3M, 3M Co, 2012-13")
    '150000 jobs, 150000 jobs, 150000 jobs, $1.8 billion, $1.8 billion, 2 million, $3 million, 3M Co, 2012-2013'
    """
    if not (_ASCII_DIGIT if text.isascii() else _DIGIT).search(text) or not _NUMBER_GATE.search(text):
        return text   # cheap searches before four substitutions
    text = _SEASON.sub(r"\1\2-\1\3", _GROUPED.sub(_grouped, text))
    text = _THOUSANDS.sub(_thousands, text)
    return _SCALE.sub(_scale, text)


def normalise(text: str) -> str:
    """A headline with its name and number variants written one way (case kept); see the module doc.

    Remembered for the last MEMO_SIZE texts: grouping and tagging read the same headlines one
    after the other, so the second reader gets the first one's work.
    """
    found = _MEMO.get(text)
    if found is None:
        if len(_MEMO) >= MEMO_SIZE:
            _MEMO.clear()
        found = _MEMO[text] = _normalise(text)
    return found


MEMO_SIZE = 1 << 16  # grouping and tagging read each chunk of 20 k texts in turn (db.aggregate.group_and_tag)
_MEMO: dict[str, str] = {}


def _normalise(text: str) -> str:
    if not text.isascii():
        text = fold(text)
    text = drop_place_based(strip_wire_tags(text))
    text = expand_short_forms(fold_abbreviations(text))
    text = fold_numbers(text)
    return _SPACES.sub(" ", text).strip() if "  " in text else text.strip()


def name_key(name: str) -> str:
    """Identity of a name: normalised, casefolded, no apostrophes, no leading "The".

    >>> name_key("Men's Wearhouse") == name_key("Mens Wearhouse"), name_key("U.S.") == name_key("US")
    (True, True)
    >>> name_key("The Bachelor"), name_key("Jos. A. Bank"), name_key("HK")
    ('bachelor', 'jos a bank', 'hong kong')
    """
    key = normalise(name).casefold().replace("'", "")
    if key.startswith("the ") and len(key) > 4:
        key = key[4:]
    return " ".join(key.split())


# Latin letters with no decomposition that readers still see as a plain letter.
_LATIN_PLAIN = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
                              "ħ": "h", "ı": "i", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th",
                              "Þ": "TH", "ß": "ss"})


def fold_accents(text: str) -> str:
    """Latin letters without their diacritics ("é" -> "e", "ł" -> "l"); other scripts untouched
    (a Japanese voicing mark or a Hangul syllable is part of the letter, not an accent). Topic keys
    and story comparison: stored topic keys were re-keyed with this by migration m016, so it
    must stay stable.

    >>> fold_accents("Beyoncé, Zoë Saldaña, Øresund, Ærø, Gdańsk"), fold_accents("ガンダム 한국")
    ('Beyonce, Zoe Saldana, Oresund, AEro, Gdansk', 'ガンダム 한국')
    """
    if text.isascii():
        return text
    out = []
    for ch in text.translate(_LATIN_PLAIN):
        code = ord(ch)
        if 0x80 <= code < 0x250 or 0x1E00 <= code < 0x1F00:   # Latin-1 to Latin Extended, Latin Extended Additional
            base = unicodedata.normalize("NFD", ch)[0]
            out.append(base if base.isascii() else ch)
        elif unicodedata.combining(ch) and out and out[-1].isascii():
            continue   # a combining accent written apart after a Latin letter
        else:
            out.append(ch)
    return "".join(out)
