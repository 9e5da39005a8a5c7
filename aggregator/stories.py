"""Near-duplicate headlines -> stories (docs/design.md "Cleaning and dedupe").

Two headlines are one story when they say the same thing up to case, punctuation, spelling
variants, abbreviations, wire tags, a cut-off ending, clause order, or a word or two that do not
change the claim. Different claims never merge: differing numbers, differing named subjects
and claim-changing words ("open"/"close", "not", "again") veto a merge whatever the scores say.

>>> same_story("UPDATE 1-Stocks open lower on Fed worries", "Stocks open lower on Fed worries - Reuters")
True
>>> same_story("Stocks open lower on Fed worries", "Stocks close lower on Fed worries")
False
"""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz

from . import lexicon
from .clean import fold, is_truncated, strip_ellipsis
from .names import fold_accents, normalise, strip_wire_tags
from .topic_fit import capitalised_by_rule, demonym_place, generic_acronyms, irregular_demonyms, places

_WORD = re.compile(r"[^\W_]+(?:['.&][^\W_]+)*|[%$\u20ac\u00a3]")
_BRIT = ((re.compile(r"isation"), "ization"), (re.compile(r"is(e|ed|es|ing)$"), r"iz\1"),
         (re.compile(r"(?<=\w{3})our$"), "or"), (re.compile(r"(?<=\w{3})tre$"), "ter"),
         (re.compile(r"ll(ed|ing)$"), r"l\1"), (re.compile(r"ogue$"), "og"))
_BRIT_ENDS = ("our", "tre", "lled", "lling", "ogue")


def story_text(text: str) -> str:
    """Headline without wire tags, folded, case-folded, with spacing normalised.

    >>> story_text("UPDATE 2-Oil rises as OPEC+ cuts output - Reuters")
    'oil rises as opec+ cuts output'
    """
    return " ".join(strip_wire_tags(fold(strip_ellipsis(text or ""))).casefold().split())


_TAIL_REACH = 48
_SECOND_TIME = re.compile(r"\b(?:for )?(?:a |the )?(?:second|2nd) time\b")   # the claim "again", in other words
# A market report names its session: "Stocks open lower" / "Stocks lower" / "Stocks close lower" are
# three reports. The session word before a move word becomes a claim ("@open", "@close"), so a
# report with a session and one without differ (a bare "lower" is an intraday report).
_SESSION = re.compile(r"\b(open|opens|opened|opening|close|closes|closed|closing|end|ends|ended|finish|finishes|"
                      r"finished|start|starts|started)\s+(?:\w+ly\s+)?(?:lower|higher|flat|mixed|firmer|"
                      r"weaker|steady|unchanged|little changed|in the red|in the green)\b")
# Every _SESSION match ends with one of these words, a token of its own unless a joiner glues it to
# the next word ("lower's"): a set test before the pattern.
_MOVE_WORDS = frozenset(("lower", "higher", "flat", "mixed", "firmer", "weaker", "steady", "unchanged", "changed",
                         "red", "green"))
_ELLIPSIS_ENDS = ("\u2026", "..", " ", "\u2026 ")


class _Tables(NamedTuple):
    """The story rule's word tables (aggregator/data/story_*.txt), read once."""

    synonyms: dict[str, str]                  # variant -> the word it stands for
    groups: dict[str, set[tuple[int, int]]]   # claim word -> (line, side) of the opposing groups it is in
    singles: frozenset[str]                   # claim words that differ from every other
    weak: frozenset[str]                      # words that change no claim ("says", "update")
    stop: frozenset[str]
    weak_or_stop: frozenset[str]
    claims: dict[str, str]                    # every claim word -> its claim (itself, or REACTION)


@cache
def _tables() -> _Tables:
    synonyms = {}
    for row in lexicon.load_lines("story_synonyms.txt"):
        for variant in row:
            synonyms[variant.replace(".", "")] = row[0]
    singles = {_stem(w) for w in lexicon.load_words("story_claim_words.txt")} | {"@open", "@close", REACTION}
    groups: dict[str, set[tuple[int, int]]] = {}
    for n, line in enumerate(lexicon.load_lines("story_veto_words.txt")):
        sides = " ".join(line).split("|") if "|" in line else line
        for side, words in enumerate(sides):
            for word in words.split():
                groups.setdefault(_stem(word), set()).add((n, side))
    weak = frozenset(_stem(w) for w in lexicon.load_words("story_weak_words.txt"))
    stop = lexicon.stopwords() - {"not", "no", "never", "nor", "again", "without", "more", "less",
                                  "before", "after", "up", "down", "above", "below", "won't", "cannot"}
    claims = {word: word for word in (*groups, *singles)}
    claims.update((_stem(w), REACTION) for w in lexicon.load_words("story_reaction_words.txt"))
    return _Tables(synonyms, groups, frozenset(singles), weak, frozenset(stop), weak | stop, claims)


REACTION = "@react"   # the claim of every word in data/story_reaction_words.txt


@cache
def _phrases() -> tuple[re.Pattern[str], frozenset[str], dict[str, str]]:
    """data/story_phrases.txt: one pattern for every phrase, the rarest word of each phrase (a
    headline holding none of them skips the pattern), and each phrase's word."""
    canonical: dict[str, str] = {}
    for n, line in enumerate(lexicon.load_lines("story_phrases.txt"), 1):
        word, colon, phrases = " ".join(line).partition(":")
        if not colon or not word.strip():
            raise ValueError(f"story_phrases.txt line {n}: expected 'word: phrase | phrase'")
        for phrase in phrases.split("|"):
            canonical[" ".join(phrase.split())] = word.strip()
    alternatives = sorted((r"[\s-]+".join(map(re.escape, phrase.split())) for phrase in canonical),
                          key=len, reverse=True)
    common = lexicon.common_words()   # the anchor: a word no dictionary knows ("n" of "n korea"), else the longest
    anchors = frozenset(max(phrase.split(), key=lambda w: (w not in common, len(w))) for phrase in canonical)
    owners = frozenset(phrase.split()[-1] + "'s" for phrase in canonical)   # "s africa's": the phrase owns a name
    # A phrase ends at a word's end, or before a possessive "'s" ("S. Africa's Mandela").
    return (re.compile(r"(?<![\w'-])(?:" + "|".join(alternatives) + r")(?![\w-]|'(?!s\b))"), anchors | owners,
            canonical)


def _american(word: str) -> str:
    """British spellings become American: 'sterilisation' -> 'sterilization', 'labour' -> 'labor'."""
    if len(word) > 5 and ("is" in word or word.endswith(_BRIT_ENDS)):   # else no pattern can match
        for pattern, repl in _BRIT:
            word = pattern.sub(repl, word)
    return word


@lru_cache(maxsize=262_144)
def _stem(word: str) -> str:
    """Light, consistent stemming: plurals and -ing/-ed go, British spellings become American."""
    word = _american(word)
    if len(word) > 4 and not word[-1].isdigit():
        if word.endswith("ies"):
            return word[:-1] if word[:-1] in lexicon.common_words() else word[:-3] + "y"   # movies, studies
        if word.endswith(("sses", "xes", "ches", "shes")):
            return word[:-2]
        if word.endswith("s") and not word.endswith(("ss", "us", "is")):
            return word[:-1]
        if word.endswith("ing") and len(word) > 5:
            return word[:-3]
        if word.endswith("ed"):
            return word[:-2]
    return word


@dataclass(slots=True)
class Prepared:
    """One headline read for comparison: its words, content words, numbers, names and claim words.

    Word collections hold each word once; the three a grouping window keeps for every member are
    tuples (a tuple of 8 words takes 104 bytes, a frozenset 728), and numbers and claim words are
    mostly the one shared empty set."""

    key: str
    cut: bool
    content: tuple[str, ...]  # minus stop and weak words
    numbers: frozenset[str]
    names: tuple[str, ...]    # content words that are not ordinary English words
    claims: frozenset[str]    # claim-changing words present
    question: bool = False    # a question is not the claim it asks about
    words: tuple[str, ...] = ()   # normalised words in order
    rare: tuple[str, ...] = ()    # names no dictionary knows ("Romney"), not capitalised words
    places: tuple[str, ...] = ()  # places named, demonyms as their place ("Greek" -> "greece")


# A word after a space (the group): the space is matched, not looked behind for (faster; the same words,
# as no word run includes a space).
_CAPITAL_MID = re.compile(r"\s([A-Z][\w'.&-]*)")
_LOWER_MID = re.compile(r"\s([a-z][\w']*)")
_DIGIT = re.compile(r"\d")
_US = re.compile(r"\bUS\b")   # "U.S." after names.normalise; "us" in lower case is the pronoun
_NOT_NAMES = lexicon.generic_hard() | generic_acronyms() | {"usa"}   # roles, calendar words, kinds of things ("SDK"); "US" is often added as detail
# A trailing attribution: "..., Agency Says", "... - report", "..., study shows", "..., says study" (who said
# it is not the claim).
_ATTRIBUTION = re.compile(r"(?:,|\s[-:|])\s*(?:(?:[\w.&'-]+\s){0,4}?(?:says?|said|reports?|claims?|finds?|warns?|shows?)"
                          r"|(?:says?|said|according to)\s(?!(?:he|she|it|they|we|i|you|there|that|this)\b)[\w.&'-]+(?:\s[\w.&'-]+)?)"
                          r"\s*$", re.I)


def story_normalise(text: str) -> str:
    """names.normalise (the one name normaliser) plus what only claim comparison needs: the country
    "US" kept apart from the pronoun "us", and a trailing attribution dropped ("..., Agency Says").

    >>> story_normalise("UPDATE 1-London-based HSBC cuts 150,000 U.S. jobs, union says")
    'HSBC cuts 150000 USA jobs'
    """
    text = normalise(text)
    if "US" in text:
        text = _US.sub("USA", text)
    tail = text[-_TAIL_REACH:]   # an attribution starts with "," or a spaced "-", ":" or "|" in it:
    if "," in tail or "-" in tail or ":" in tail or "|" in tail:   # substring tests before the pattern
        found = _ATTRIBUTION.search(text, max(0, len(text) - _TAIL_REACH))
        if found:
            return text[:found.start()].rstrip()
    return text


def prepare(text: str) -> Prepared:
    """Read one headline for comparison (cached word normalisation keeps this cheap)."""
    folded = fold(text)
    ellipsis = folded.endswith(_ELLIPSIS_ENDS)
    split = story_normalise(strip_ellipsis(folded) if ellipsis else folded).casefold().split()
    key = " ".join(split)
    if not key.isascii():
        key = fold_accents(key)
        tokens = _tokens(key)
    elif "".join(split).isalnum():   # ASCII letters and digits between the spaces: its words are the split
        tokens = split
    else:
        tokens = _WORD.findall(key)
    if "second time" in key or "2nd time" in key:
        key = _SECOND_TIME.sub("again", key)
        tokens = _tokens(key)
    pattern, anchors, canonical = _phrases()
    if not anchors.isdisjoint(tokens):   # a phrase's longest word is there: the pattern may match
        key = pattern.sub(lambda m: canonical[" ".join(m.group().replace("-", " ").split())], key)
        tokens = _tokens(key)
    if "no " in key and "no" in tokens:   # "No. 3" / "No 10" is a number, not a negation
        tokens = _numbered(tokens)
    capital, lowered = _capitals(text, folded)
    words: list[str] = []
    kept: list[str] = []
    names: list[str] = []
    rare: list[str] = []
    numbers: list[str] = []
    claims: list[str] = []
    where: list[str] = []
    owner = ""
    cache = _WORDS
    for raw in tokens:
        parts, unknown, kept_parts, name_parts, number_parts, claim_parts, bare, place = cache.get(raw) or _word_entry(raw)
        if owner:   # "Burma's Aung San Suu Kyi": a place owning a name describes it, the event is not
            if not unknown:   # there; "China's exports" happen there
                where.append(owner)
            owner = ""
        words += parts
        if kept_parts:   # places are content words: stop words skip this
            if place:
                if raw.endswith("'s"):
                    owner = place
                else:
                    where.append(place)
            kept += kept_parts
            if (capital and bare in capital) or (unknown and not (lowered and raw in lowered)):
                names += name_parts
            if number_parts:
                numbers += number_parts
        if unknown:
            rare += parts
        if claim_parts:
            claims += claim_parts
    if owner:
        where.append(owner)
    if " " in key and (not _MOVE_WORDS.isdisjoint(tokens) or "'" in key or "." in key or "&" in key) and _SESSION.search(key):
        claims.extend("@open" if m.group(1)[:3] in ("ope", "sta") else "@close" for m in _SESSION.finditer(key))
    cut = ellipsis and is_truncated(text)
    return Prepared(key, cut, _unique(kept), _set(numbers), _unique(names), _set(claims),
                    key.endswith("?") or ("?" in key and key.rstrip("'\"").endswith("?")), tuple(words), _unique(rare), tuple(where) if len(where) < 2 else _unique(where))


# A title in quotes: a few words opened by a quote mark after a space or a colon and closed before a
# space, a punctuation mark or the end ("Film Review: 'Chef'", "ban the word 'bossy'"); not an
# apostrophe inside a word ("Men's").
_QUOTED = re.compile(r"(?:^|(?<=[\s:(]))(['\"])([^'\"\s][^'\"]{0,38}?)\1(?=$|[\s,.:;!?)\u2026-])")
QUOTED_WORDS = 3   # at most this many words: a longer quote is speech, not a title


def _titles_swapped(p: Prepared, only_p: set[str], q: Prepared, only_q: set[str]) -> bool:
    """The one word each side has alone stands in quotes on both sides: two titles in one template
    ("SXSW Film Review: 'Chef'" / "SXSW Film Review: 'Neighbors'" review two films), whatever their case."""
    return bool(only_p and only_q) and only_p <= _quoted(p.key) and only_q <= _quoted(q.key)


@lru_cache(maxsize=1024)
def _quoted(key: str) -> frozenset[str]:
    """Words of the short quoted phrases in a key (a title, or a word quoted as such)."""
    if "'" not in key and '"' not in key:
        return _EMPTY
    words: list[str] = []
    for _mark, inside in _QUOTED.findall(key):
        found = _WORD.findall(inside)
        if len(found) <= QUOTED_WORDS:
            for raw in found:
                words += (_WORDS.get(raw) or _word_entry(raw)).kept   # as the content words are written
    return frozenset(words)


def _numbered(tokens: list[str]) -> list[str]:
    """Tokens with each "no" before a number written "number" ("Trailer No. 3 released")."""
    return [("number" if w == "no" and n + 1 < len(tokens) and tokens[n + 1][:1].isdigit() else w)
            for n, w in enumerate(tokens)]


def _tokens(key: str) -> list[str]:
    """_WORD's words of a key (single-spaced, casefolded). A key of ASCII letters, digits and spaces
    alone (most) is its words split at the spaces: no pattern to run."""
    if key.isascii() and key.replace(" ", "").isalnum():
        return key.split()
    return _WORD.findall(key)


_EMPTY: frozenset[str] = frozenset()   # one shared empty set: most headlines have no numbers or claim words


def _set(items: list[str]) -> frozenset[str]:
    return frozenset(items) if items else _EMPTY


def _unique(items: list[str]) -> tuple[str, ...]:
    """Each word once, in order of first appearance. Most lists hold no repeat: one word, or a set
    as long as the list, is checked in half the time an ordered dict takes."""
    if len(items) < 2:
        return tuple(items)
    words = tuple(items)
    return words if len(set(words)) == len(words) else tuple(dict.fromkeys(words))


def _capitals(text: str, folded: str) -> tuple[frozenset[str] | set[str], list[str] | tuple[()]]:
    """Words capitalised mid-headline, casefolded without periods -- names by their capitals, but
    only in sentence-case text (at least two lowercase non-stop words after the first word) -- and
    there the words written in lower case mid-headline (a word no dictionary knows written so,
    "regulators", is no name)."""
    lower = _LOWER_MID.findall(text)
    if len(lower) < 2 or len(lower) - sum(map(_tables().stop.__contains__, lower)) < 2:
        return _EMPTY, ()
    found = map(str.casefold, _CAPITAL_MID.findall(folded))
    return ({w.replace(".", "") for w in found} if "." in folded else set(found)), lower



class _Word(NamedTuple):
    """What prepare() needs to know of one casefolded word, worked out once per distinct word."""

    parts: tuple[str, ...]     # normalised words it stands for (a synonym may be two)
    unknown: bool              # no dictionary word: a name or a rare word
    kept: tuple[str, ...]      # parts that are content (not stop or weak words)
    names: tuple[str, ...]     # kept parts that may name a subject (not roles or calendar words)
    numbers: tuple[str, ...]   # kept parts that are numbers
    claims: tuple[str, ...]    # parts that are claim words
    bare: str                  # the word without periods, as names by capitals are written
    place: str                 # the place it names ("" if none): "greek" -> "greece", "american" -> "usa"


_WORDS: dict[str, _Word] = {}   # a dict read costs less than a cached call
_WORDS_CAP = 200_000


def _word_entry(raw: str) -> _Word:
    """The _Word of `raw`, remembered in _WORDS (emptied when full: memory stays bounded)."""
    if len(_WORDS) >= _WORDS_CAP:
        _WORDS.clear()
    tables = _tables()
    parts, unknown = _norm_word(raw)
    kept = tuple(p for p in parts if p not in tables.weak_or_stop)
    claims = tables.claims
    entry = _Word(parts, unknown, kept, tuple(p for p in kept if p not in _NOT_NAMES),
                  tuple(p for p in kept if p[0].isdigit()), tuple(claims[p] for p in parts if p in claims),
                  raw.replace(".", ""), _place(raw))
    _WORDS[raw] = entry
    return entry


# Words of multi-word places (data/places_en.txt lists each word) that name no place alone ("North"
# / "South" Korea differ by the veto table's compass line).
_NOT_PLACES = frozenset(("aires", "cape", "coast", "east", "equatorial", "gulf", "island", "islands", "ivory",
                         "jersey", "middle", "north", "pacific", "phoenix", "sierra", "south", "tome", "town"))
# Where a market report or an event happens at large: "World stocks fall" is not "Asia stocks fall".
_SCOPES = {"world": "world", "global": "world", "worldwide": "world"}


def _place(raw: str) -> str:
    """The place a casefolded word names, as one canonical word ("" if none): a place's own word, a
    demonym's place ("greek" -> "greece", "afghans" -> "afghanistan"), the country of a synonym
    ("american", "us" -> "usa"), or the world at large ("global"). One dict lookup or two."""
    word = raw.replace(".", "") if "." in raw else raw
    if word.endswith("'s"):
        word = word[:-2]
    index = _place_index()
    found = index.get(word)
    if found is None and word.endswith("s"):
        found = index.get(word[:-1])   # "pakistanis", "americans"
    return found or ""


# How a demonym is formed from its place (ending of the demonym, ending of the place it replaces):
# candidates only, each confirmed by topic_fit.demonym_place (the one demonym rule).
_DEMONYM_FORMS = (("ian", ""), ("ian", "a"), ("ian", "e"), ("ian", "y"), ("an", ""), ("an", "a"), ("an", "o"),
                  ("n", ""), ("ean", "ea"), ("ese", ""), ("ese", "a"), ("ese", "e"), ("i", ""), ("", "y"),
                  ("", "istan"), ("", "stan"))


@cache
def _place_index() -> dict[str, str]:
    """Every word that names a place -> the place: places' own words ("" for words of multi-word
    places that name none alone), demonyms, the synonyms of "usa" and "uk", and "global"."""
    synonyms = _tables().synonyms
    index: dict[str, str] = {}
    for place in places():
        if place in _NOT_PLACES:
            continue
        for end, add in _DEMONYM_FORMS:
            if place.endswith(add) and len(place) > len(add) + 2:
                demonym = place[:len(place) - len(add)] + end
                if demonym not in places() and demonym_place(demonym) == place:
                    index.setdefault(demonym, synonyms.get(place, place))
    for demonym, place in irregular_demonyms().items():
        index[demonym] = synonyms.get(place, place)
    index.update((w, "" if w in _NOT_PLACES else synonyms.get(w, w)) for w in places())
    index.update((w, c) for w, c in synonyms.items() if c in ("usa", "uk") and w.isalpha())
    index.update(_SCOPES)
    return index


# A number glued to its magnitude as headlines write money ("1.8B", "3.5mn", "20bln"; names.normalise
# spells out "$1.8B" and "150k" already), or to a percent sign in letters ("5pc", "5pct": British papers).
_MAGNITUDES = {"m": "million", "mn": "million", "mln": "million", "b": "billion", "bn": "billion",
               "bln": "billion", "tn": "trillion", "tln": "trillion", "pc": "percent", "pct": "percent"}
_MAGNITUDE = re.compile(r"(\d+(?:\.\d+)?)(" + "|".join(sorted(_MAGNITUDES, key=len, reverse=True)) + ")")


@cache
def _dictionary() -> frozenset[str]:
    """Ordinary words, whatever their case: the small dictionary and the newer words it lacks
    (data/common_more_en.txt: "online", "wearable", "smartphones"; data/capitalised_en.txt), so that a
    title-case headline's ordinary words are not taken for names that must match. Not the medium
    dictionary the topic model also reads (topic_fit.more_words): it knows names as words too
    ("Macron", "Kestrel"), and a headline's first word has no case to tell them by."""
    return lexicon.common_words() | lexicon.load_words("common_more_en.txt") | capitalised_by_rule()


def _norm_word(raw: str) -> tuple[tuple[str, ...], bool]:
    synonyms = _tables().synonyms
    common = _dictionary()
    if raw[:1].isdigit() and raw[-1].isalpha():   # "1.8B" / "3.5mn": the number, then its magnitude
        scaled = _MAGNITUDE.fullmatch(raw)
        if scaled:
            return (*_norm_word(scaled.group(1))[0], _MAGNITUDES[scaled.group(2)]), False
    if raw[:1].isdigit() and "." in raw:   # "1.0" -> "1", "6.60" -> "6.6"
        raw = raw.rstrip("0").rstrip(".") if re.fullmatch(r"\d+\.\d+", raw) else raw.replace(".", "")
    else:
        raw = raw.replace(".", "")
    if raw.endswith("'s"):
        raw = raw[:-2]
    unknown = raw.isalpha() and raw not in synonyms and not _known(raw, common) and not _known(_american(raw), common)
    parts = synonyms.get(raw, raw).split()
    return tuple(_stem(p) if p.isalpha() and not unknown else p for p in parts), unknown


def _known(word: str, common: frozenset[str]) -> bool:
    """A dictionary word or a regular inflection of one ("protesters", "relaunches", "swapped"):
    an inflected ordinary word is no name, though the small dictionary lists only base forms."""
    if word in common:
        return True
    n = len(word)
    if n < 5:
        return False
    if word.endswith("s"):
        if word[:-1] in common or (word.endswith("es") and word[:-2] in common) \
                or (word.endswith("ies") and word[:-3] + "y" in common):
            return True
    if word.endswith("ed") or word.endswith("ing"):
        stem = word[:-2] if word[-1] == "d" else word[:-3]
        if stem in common or stem + "e" in common or (stem[-1] == stem[-2] and stem[:-1] in common) \
                or (stem.endswith("i") and stem[:-1] + "y" in common):
            return True
    return _derived(word, common)


# Suffixes and bound prefixes that make an English word of an English word ("Tantalizingly",
# "Empowerment", "Reboot"). Not "-er", "-y" or "-s" alone: names end so ("Warner", "Sony").
_SUFFIXES = ("ly", "ness", "less", "ment", "able")
_PREFIXES = ("re", "un", "pre")


def _derived(word: str, common: frozenset[str]) -> bool:
    """`word` is made from a dictionary word (or an inflection of one) by a suffix or a bound prefix,
    with at least four letters left."""
    for end in _SUFFIXES:
        if word.endswith(end) and len(word) - len(end) >= 4:
            base = word[:-len(end)]
            if base in common or base + "e" in common or (base.endswith("i") and base[:-1] + "y" in common) \
                    or _known(base, common):
                return True
    return any(word.startswith(pre) and len(word) - len(pre) >= 4 and word[len(pre):] in common for pre in _PREFIXES)


@lru_cache(maxsize=1 << 16)
def _close(a: str, b: str) -> bool:
    """Variants of one word: 'afghan'/'afghanistan', 'iraqi'/'iraq', 'morsi'/'mursi', 'rowhani'/'rohani'."""
    short = min(len(a), len(b))
    if short < 3:
        return False
    if (a.startswith(b) or b.startswith(a)) and (abs(len(a) - len(b)) <= 2 or short >= 5):
        return True   # 'vot'/'vote', 'egypt'/'egyptian'
    if short < 4:
        return False
    prefix = 0
    for x, y in zip(a, b):
        if x != y:
            break
        prefix += 1
    if prefix >= 4 and prefix >= 0.55 * short:
        return True
    if short < 5:
        return False
    similarity = fuzz.ratio(a, b)
    return similarity >= 80 or (similarity >= TRANSLITERATION_RATIO and _transliterations(a, b))


TRANSLITERATION_RATIO = 55   # two spellings of a name share their consonants: never less alike than this


_VOWELS = str.maketrans("", "", "aeiouy")


def _transliterations(a: str, b: str) -> bool:
    """Two spellings of one foreign name, vowels and doubled letters aside ('hizbullah' / 'hezbollah',
    'mohammed' / 'muhammad'): both unknown to the dictionary, with three consonants at least."""
    common = _dictionary()
    if a in common or b in common or a[-1] != b[-1] and a[-1] not in "aeiouy" and b[-1] not in "aeiouy":
        return False   # the cheap tests first: most words compared are dictionary words
    x = _skeleton(a)
    return len(x) >= 4 and x == _skeleton(b) and not _known(a, common) and not _known(b, common)


@lru_cache(maxsize=1 << 14)
def _skeleton(word: str) -> str:
    """The first letter, then the consonants with runs collapsed: 'hezbollah' -> 'hzblh'."""
    rest = word[1:].translate(_VOWELS)
    return word[0] + "".join(c for n, c in enumerate(rest) if n == 0 or c != rest[n - 1])


def _unmatched(a: Collection[str], b: Collection[str]) -> tuple[set[str], set[str]]:
    """Words of each side with no equal or variant on the other. Variants share their first letter
    ("morsi"/"mursi", "afghan"/"afghanistan"), so only those pairs are tried."""
    only_a, only_b = set(a).difference(b), set(b).difference(a)
    if not only_a or not only_b:
        return only_a, only_b
    firsts = {y[0] for y in only_b}
    for x in sorted(only_a):
        if x[0] not in firsts:
            continue
        for y in sorted(only_b):
            if y[0] == x[0] and _close(x, y):
                only_a.discard(x)
                only_b.discard(y)
                break
    return only_a, only_b


def _veto(p: Prepared, q: Prepared) -> bool:
    """Different claims: conflicting numbers, named subjects, roles or claim words."""
    return veto_kind(p, q) is not None


def veto_kind(p: Prepared, q: Prepared) -> str | None:
    """Which veto tells two headlines' claims apart, in the order the rule tries them ("claims":
    a question, numbers or claim words; "places"; "names"; "roles"; "sequel": one reports what
    followed the other), or None. Why: the diagnostics (bench/eval_pairs.py --consistency) sort the
    pairs a grouping joins against the rule by it, from the rule's own checks."""
    if _claims_differ(p, q):
        return "claims"
    if _places_differ(p, q):
        return "places"
    if _names_differ(p, q):
        return "names"
    if _roles_swapped(p, q):
        return "roles"
    if _consequence(p, q):
        return "sequel"
    return None


_SEQUEL = frozenset(("after", "following", "amid"))   # "<news> after <what led to it>"


def _consequence(p: Prepared, q: Prepared) -> bool:
    """One side reports what followed the other's event: "Protests after Okafor acquitted" /
    "Okafor acquitted" (its words before "after" are all its own, the shared ones come after)."""
    return _follows(p, q) or _follows(q, p)


def _follows(p: Prepared, q: Prepared) -> bool:
    """`p` is "<words q lacks> after <words q holds>"."""
    words = p.words
    if _SEQUEL.isdisjoint(words):
        return False
    at = next(n for n, w in enumerate(words) if w in _SEQUEL)
    head = [w for w in words[:at] if w in p.content]
    if not head or not any(w in q.content for w in words[at + 1:]):
        return False
    return not _matched_any(head, q.content)


def _matched_any(words: Collection[str], other: Collection[str]) -> bool:
    """Some word of `words` has an equal or a variant in `other`."""
    only, _ = _unmatched(words, other)
    return len(only) < len(set(words))


def _roles_swapped(p: Prepared, q: Prepared) -> bool:
    """Names on either side of a shared word, swapped on the other side: who did what to whom changed
    ("Russia warns West" / "West warns Russia"; "Men's Wearhouse to buy Jos. A. Bank" / "Jos. A. Bank
    to buy Men's Wearhouse"; "Obama widens lead over Romney" / "Romney takes lead over Obama"). Names
    within ROLE_REACH content words of the word; not in the passive ("... bought by Men's Wearhouse"
    keeps the roles) nor around a relation both ways ("meets", data/story_mutual_words.txt)."""
    ents_p = _entities(p)
    if len(ents_p) < 2:
        return False
    ents_q = _entities(q)
    if len(ents_p & ents_q) < 2:
        return False
    sides_q = _sides(q.words, ents_q)
    for verb, (left, right) in _sides(p.words, ents_p).items():
        other = sides_q.get(verb)
        if other and (left - other[0]) & (other[1] - right) and (right - other[1]) & (other[0] - left):
            return True
    return False


ROLE_REACH = 1


def _sides(words: tuple[str, ...], ents: frozenset[str]) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Each word that occurs once between names, with the names before and after it (ROLE_REACH
    content words either way). A passive ("by" after the word) or a relation both ways has none."""
    stop, mutual = _tables().weak_or_stop, _mutual()
    content = [(i, w) for i, w in enumerate(words) if w not in stop]
    seen = [w for _i, w in content]
    out = {}
    for n, (i, verb) in enumerate(content):
        if verb in ents or verb in mutual or seen.count(verb) > 1:
            continue
        left = frozenset(w for _j, w in content[max(0, n - ROLE_REACH):n] if w in ents)
        right = frozenset(w for _j, w in content[n + 1:n + 1 + ROLE_REACH] if w in ents)
        if left and right and "by" not in words[i + 1:content[n + 1][0]]:
            out[verb] = (left, right)
    return out


def _entities(p: Prepared) -> frozenset[str]:
    """Words of `p` that name someone or something: its names, words naming a place, and its first
    content word (the subject, whatever its case)."""
    found = set(p.names)
    if p.places:
        found.update(w for w in p.words if w in p.places)
    if p.content:
        found.add(p.content[0])
    return frozenset(found)


@cache
def _mutual() -> frozenset[str]:
    """data/story_mutual_words.txt, normalised as headline words are."""
    return frozenset(part for w in lexicon.load_words("story_mutual_words.txt") for part in _norm_word(w)[0])


def _places_differ(p: Prepared, q: Prepared) -> bool:
    """Each side names a place the other does not ("Asian stocks tumble" / "US stocks dip"; "North
    Korea" / "South Korea"): one event in two places is two reports. A place on one side only is
    detail ("Mandela taken to hospital" / "South Africa's Mandela taken to hospital"), and so is a
    place inside the other side's country ("US jump" / "jump in Arizona"; data/story_places.txt)."""
    if not p.places or not q.places or p.places == q.places:   # most headlines name no place
        return False
    only_p, only_q = _unmatched(p.places, q.places)
    if not only_p or not only_q:
        return False
    inside = _countries()
    only_p = {x for x in only_p if not any(_one_place(x, y, inside) for y in q.places)}
    only_q = {y for y in only_q if not any(_one_place(y, x, inside) for x in p.places)}
    return bool(only_p and only_q)


@cache
def _countries() -> dict[str, frozenset[str]]:
    """data/story_places.txt: a state, region or city -> every place it is inside (its state, its
    country: "denver" -> {"colorado", "usa"}), lines chained through one another."""
    inside: dict[str, set[str]] = {}
    for n, line in enumerate(lexicon.load_lines("story_places.txt"), 1):
        outer, colon, words = " ".join(line).partition(":")
        if not colon or not outer.strip():
            raise ValueError(f"story_places.txt line {n}: expected 'country: place place ...'")
        for word in words.split():
            inside.setdefault(word, set()).add(outer.strip())
    out: dict[str, frozenset[str]] = {}
    for word in inside:
        seen: set[str] = set()
        todo = list(inside[word])
        while todo:
            place = todo.pop()
            if place not in seen and place != word:
                seen.add(place)
                todo.extend(inside.get(place, ()))
        out[word] = frozenset(seen)
    return out


def _one_place(x: str, y: str, inside: dict[str, frozenset[str]]) -> bool:
    """`x` and `y` are one place at two scales (one is inside the other)."""
    return y in inside.get(x, ()) or x in inside.get(y, ())


def _claims_differ(p: Prepared, q: Prepared, asked: bool = True) -> bool:
    """The cheap vetoes: a question against a statement (unless `asked` is False and the question
    asks only for a detail: see claims_conflict), conflicting numbers or claim words."""
    tables = _tables()
    groups, singles = tables.groups, tables.singles
    if _question_apart(p, q, asked):
        return True
    if p.numbers - q.numbers and q.numbers - p.numbers and _numbers_differ(_head_numbers(p) - q.numbers,
                                                                         _head_numbers(q) - p.numbers, p.key, q.key):
        return True
    if p.claims != q.claims:
        claims_p, claims_q = p.claims, q.claims
        if p.cut or q.cut:   # a cut headline's last, cut-off sentence makes no claim yet ("... first month. Could …")
            claims_p, claims_q = claims_p - _cut_claims(p), claims_q - _cut_claims(q)
        for w in claims_p ^ claims_q:
            if w in singles and not (w == DEATH and _charged_over_death(p if w in claims_p else q)):
                return True
        only_p, only_q = claims_p - claims_q, claims_q - claims_p
        for wp in only_p:
            for line, side in groups.get(wp, ()):
                for wq in only_q:
                    if any(g[0] == line and g[1] != side for g in groups.get(wq, ())) and not _converse(p, wp, q, wq):
                        return True
    return False


def claims_conflict(p: Prepared, q: Prepared) -> bool:
    """The claim vetoes alone (a question against a statement, numbers, claim words): what two
    stories' centres must not do for a headline matched in both to merge them. A question that asks
    only for a detail ("Finale: Who Did Juan Pablo Choose?") does not dispute a statement of the event
    ("Juan Pablo Makes His Decision"); one that asks whether the claim holds ("Is X dead?") does."""
    return _claims_differ(p, q, asked=False)


def _question_apart(p: Prepared, q: Prepared, asked: bool = True) -> bool:
    """A question against a statement (neither cut off: a cut headline's "?" may be missing), unless
    `asked` is False and the question asks only for a detail of the event (see claims_conflict)."""
    return p.question != q.question and not (p.cut or q.cut) and (asked or not _asks_detail(p if p.question else q))


def asks_whether(p: Prepared, q: Prepared) -> bool:
    """One headline asks whether the claim the other states holds ("Did Okafor propose?" / "Okafor
    proposes"), not only for a detail of it ("Who did Okafor choose?")."""
    return _question_apart(p, q, asked=False)


# Words opening a question that asks for a detail of the event, not whether it happened.
_DETAIL_QUESTION = frozenset(("who", "whom", "whose", "what", "which", "when", "where", "why", "how"))
_QUESTION_START = re.compile(r"(?:^|[:;.!?]\s|\s[-|\u2013\u2014]\s)\W*(\w+)[^:;.!?]*\?")


def _asks_detail(p: Prepared) -> bool:
    """`p`'s last question opens with a wh-word ("Bachelor finale: who will Juan Pablo pick?")."""
    found = _QUESTION_START.findall(p.key)
    return bool(found) and found[-1] in _DETAIL_QUESTION


DEATH = "died"   # the claim of every death word (data/story_synonyms.txt, data/story_claim_words.txt)
# Words of a charge or a trial: a death after one is what the case is about, not news of a death
# ("Okafor to be charged with killing Brandt" / "Okafor to be charged in Brandt case").
_CHARGES = frozenset(("charg", "accus", "convict", "jail", "trial", "arrest", "suspect", "indict", "plead",
                      "guilty", "acquitt"))
CHARGE_REACH = 3


def _charged_over_death(p: Prepared) -> bool:
    """`p`'s death word follows a charge within CHARGE_REACH words."""
    words = p.words
    at = next((n for n, w in enumerate(words) if w == DEATH), -1)
    return at > 0 and not _CHARGES.isdisjoint(words[max(0, at - CHARGE_REACH):at])


def _numbers_differ(only_p: frozenset[str], only_q: frozenset[str], key_p: str = "", key_q: str = "") -> bool:
    """Numbers of one kind on each side only: a year against another year, a rank against another, or
    a count or an amount against another ("2 weeks" / "2014" are no conflict: "SXSW 2014: Google to
    release SDK in two weeks"; nor are "third trailer" / "Season 4 trailer"). The keys tell ranks."""
    if not only_p or not only_q:
        return False
    kinds_p, kinds_q = {_number_kind(n, key_p) for n in only_p}, {_number_kind(n, key_q) for n in only_q}
    return not kinds_p.isdisjoint(kinds_q)


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _number_kind(number: str, key: str) -> str:
    """A number's kind in a headline's key: a year, a rank ("3rd", "third", "#3", "No. 3"), or a
    count or an amount."""
    if _year(number):
        return "year"
    if number.isdigit() and _rank_in(number, key):
        return "rank"
    return "count"


_RANKS = re.compile(r"(?<![\w.])(?:([0-9]+)(?:st|nd|rd|th)|#\s?([0-9]+)|no\.? ([0-9]+)|number ([0-9]+)|("
                    + "|".join(_ORDINALS) + r"))(?!\w)")


@lru_cache(maxsize=4096)
def _ranks(key: str) -> frozenset[str]:
    """What stands in `key` as a rank: the digits of "3rd", "#3", "No. 3", "number 3", and the
    ordinal words ("third"). One pattern for every number: a pattern per number compiled on the fly
    missed the regex cache on headlines full of numbers and cost more than the rule it served."""
    return frozenset(next(part for part in found if part) for found in _RANKS.findall(key))


def _rank_in(number: str, key: str) -> bool:
    """`number` stands in `key` as a rank."""
    ranks = _ranks(key)
    if not ranks:
        return False
    value = int(number)
    return number in ranks or (1 <= value <= len(_ORDINALS) and _ORDINALS[value - 1] in ranks)


def _year(number: str) -> bool:
    """A number written as a year of our era ("2014"), not a count or an amount."""
    return len(number) == 4 and number.isdigit() and 1900 <= int(number) <= 2099


def _head_numbers(p: Prepared) -> frozenset[str]:
    """The numbers of a headline outside a publisher's tail ("... - WBOC-TV 16, Delmarvas News")."""
    if not _tailed(p.key):
        return p.numbers
    head = _head(p.key)
    if head == p.key:
        return p.numbers
    return frozenset(part for raw in _WORD.findall(head) for part in _norm_word(raw)[0] if part in p.numbers)


_SENTENCE_END = re.compile(r"[.?!;] ")
CUT_SENTENCE_WORDS = 3   # at most this many words after the last sentence's end: a sentence cut off


def _cut_claims(p: Prepared) -> frozenset[str]:
    """The claims a cut headline makes only in its cut-off last sentence (a few words after ". ")."""
    if not p.cut or not p.claims:
        return _EMPTY
    ends = list(_SENTENCE_END.finditer(p.key))
    if not ends:
        return _EMPTY
    tail = _WORD.findall(p.key[ends[-1].end():])
    if len(tail) > CUT_SENTENCE_WORDS:
        return _EMPTY
    claims = _tables().claims
    found = {claims[part] for raw in tail for part in _norm_word(raw)[0] if part in claims}
    head = {claims[part] for raw in _WORD.findall(p.key[:ends[-1].start()]) for part in _norm_word(raw)[0]
            if part in claims}
    return frozenset(found - head)


@cache
def _converse_sides() -> dict[str, int]:
    """data/story_converse_words.txt: each word -> 0 (the actor is its subject: "buys") or 1 (the
    actor follows "to" after it: "sold to")."""
    out: dict[str, int] = {}
    for n, line in enumerate(lexicon.load_lines("story_converse_words.txt"), 1):
        sides = " ".join(line).split("|")
        if len(sides) != 2:
            raise ValueError(f"story_converse_words.txt line {n}: expected 'words | words'")
        for side, words in enumerate(sides):
            out.update((part, side) for w in words.split() for part in _norm_word(w)[0])
    return out


CONVERSE_REACH = 4   # content words between "sold" and its "to" ("sells its handset unit to")


def _converse(p: Prepared, wp: str, q: Prepared, wq: str) -> bool:
    """`wp` of `p` and `wq` of `q` tell one event from its two sides ("Lenovo buys Motorola" /
    "Motorola sold to Lenovo"): one is the subject-side word, the other is followed by "to", and
    both give the actor role to the same party and not to the other's other party."""
    sides = _converse_sides()
    if wp not in sides or wq not in sides or sides[wp] == sides[wq]:
        return False
    if sides[wp]:
        p, wp, q, wq = q, wq, p, wp
    actor_p, other_p = _roles(p.words, wp, 0)
    actor_q, other_q = _roles(q.words, wq, 1)
    return bool(actor_p & actor_q) and not (actor_p & other_q) and not (other_p & actor_q)


def _roles(words: tuple[str, ...], verb: str, side: int) -> tuple[frozenset[str], frozenset[str]]:
    """The content words naming the actor of `verb` in `words` and those naming the other party.
    Side 0 ("buys"): the actor before it and the party named after it, or the actor after "by" just
    after it (a passive); side 1 ("sold"): the actor named after the "to" that follows it (none
    without one), the other party before it."""
    stop = _tables().weak_or_stop
    if verb not in words:
        return _EMPTY, _EMPTY
    at = words.index(verb)
    after = words[at + 1:]
    mark = "to" if side else "by"
    cut = after.index(mark) if mark in after[:CONVERSE_REACH + 1] else -1
    if side and cut < 0:
        return _EMPTY, _EMPTY
    before = frozenset(w for w in words[:at] if w not in stop)
    if cut < 0:
        return before, _phrase(after, stop)
    return _phrase(after[cut + 1:], stop), before | frozenset(w for w in after[:cut] if w not in stop)


def _phrase(words: tuple[str, ...], stop: frozenset[str]) -> frozenset[str]:
    """The leading run of content words (the party named right there: "to Lenovo in ..." -> Lenovo)."""
    out = []
    for w in words:
        if w in stop:
            if out:
                break
            continue
        out.append(w)
    return frozenset(out)


def _names_differ(p: Prepared, q: Prepared) -> bool:
    """Each side names a subject the other does not (variants, initials and first names allowed)."""
    na, nb = _unmatched(p.names, q.content)[0], _unmatched(q.names, p.content)[0]
    if na and nb and (_ASIDE_MARKS.search(p.key) or _ASIDE_MARKS.search(q.key)):   # a ticker, a publisher
        na, nb = na - _asides(p.key), nb - _asides(q.key)
    if na and nb:   # a place added on one side, a name on the other, is detail on both ("... dies in Japan" /
        na, nb = _places_aside(na, p, nb, q), _places_aside(nb, q, na, p)   # "Kimura: ... dies")
    if na and nb:   # an acronym on one side may be spelt out on the other ("BoE" / "Bank of England")
        na = {w for w in na if not _initials_of(w, q.key)}
        nb = {w for w in nb if not _initials_of(w, p.key)}
    if na and nb and (p.cut or q.cut):   # a cut headline's last word may be a name cut short ("... to Selena ...")
        na, nb = (na - {p.words[-1]} if p.cut else na), (nb - {q.words[-1]} if q.cut else nb)
    if na and nb:   # a first name before a shared surname ("Maria Alyokhina" / "Alyokhina") is detail
        shared = frozenset(p.rare).intersection(q.rare)
        na = _not_extending(na, p.words, shared)
        nb = _not_extending(nb, q.words, shared)
    return bool(na and nb)


_TAIL_MARK = re.compile(r" [-|\u00bb\u2013\u2014] ")   # " - ", " | ", " » ": what opens a tail or an aside
_ASIDE_MARKS = re.compile(r"\(|" + _TAIL_MARK.pattern)
# An aside: words in parentheses, or a short last segment after " - ", " | ", " » " (a publisher, a
# source: "... - wistv.com - Columbia", "... | Huffingtonpost", "... - Carney").
_ASIDE = re.compile(r"\(([^()]{1,40})\)|\s[-|\u00bb\u2013\u2014]\s((?:\S+\s?){1,3})$")


@lru_cache(maxsize=4096)
def _asides(key: str) -> frozenset[str]:
    """The words of a key's asides, normalised as names are: they say who reports or how a firm is
    listed ("Google (GOOG)"), not who did what."""
    out: set[str] = set()
    for m in _ASIDE.finditer(key):
        for raw in _WORD.findall(m.group(1) or m.group(2)):
            out.update(_norm_word(raw)[0])
    return frozenset(out)


def _places_aside(extra: set[str], p: Prepared, other: set[str], q: Prepared) -> set[str]:
    """The names of `extra` (from `p`) minus the places, unless a place stands where a name of `other`
    (from `q`) stands on its side (after the same word: "protesters in Tunis" / "protesters in Cairo",
    "Aust stocks" / "Tokyo stocks" are two places, whether or not the lexicon knows the other one) and
    is not one place at two scales with a place of `q` ("to Tel Aviv" / "to Israel", "Greek mall" /
    "Athens mall"). Two known places are the place veto's to judge."""
    index = _place_index()
    places = {w for w in extra if w in index}
    if not places:
        return extra
    taken = {_before(q.words, w) for w in other}
    inside = _countries()
    within = {place for w in other for place in inside.get(w, ())}   # the places q's extra places are in
    located = any(_modifies_shared(w, q, p) for w in other if w not in index)
    return extra - {w for w in places if (_before(p.words, w) not in taken
                                          and not (located and _before(p.words, w) in _LOCATIVE))
                    or any(_one_place(w, y, inside) for y in q.places) or index[w] in within}


_LOCATIVE = frozenset(("in", "at", "across", "around", "near", "throughout"))


def _modifies_shared(name: str, q: Prepared, p: Prepared) -> bool:
    """`name` (of `q`) opens the headline, right before an ordinary word both sides hold, in one
    phrase: it may say where that thing is ("Bellingham gas prices" / "gas prices in Massachusetts": a place the
    lexicon does not know against one it knows), unlike a name set apart ("Rosa Quispe: oldest
    woman ..."), an owner ("Keibler's wedding") or a first name before a shared surname."""
    if not q.content or q.content[0] != name:   # it opens the headline ("Bellingham gas prices ...")
        return False
    words = q.words
    at = words.index(name) if name in words else -1
    if at < 0 or at + 1 >= len(words) or words[at + 1] not in p.content or words[at + 1] in q.rare \
            or words[at + 1] in _place_index():   # "FIFA World Cup" names no place
        return False
    return re.search(r"(?<![\w'])" + re.escape(name) + r" [^\W\d_]", q.key) is not None


def _before(words: tuple[str, ...], word: str) -> str:
    """The word before the first `word` in `words` ("" at the start)."""
    at = words.index(word) if word in words else 0
    return words[at - 1] if at else ""


def _not_extending(extra: set[str], words: tuple[str, ...], shared: frozenset[str]) -> set[str]:
    """The names of `extra` that do not stand just before a shared rare name (a first name does)."""
    if not shared:
        return extra
    return {word for n, word in enumerate(words)
            if word in extra and not (n + 1 < len(words) and words[n + 1] in shared)}


def _initials_of(word: str, key: str) -> bool:
    """`word` is an acronym of words in `key` ("boe" / "bank of england"). Two letters match by
    chance too easily, so "gm" needs two adjacent words that are not stop words ("general motors"),
    or a word and a middle initial inside a name ("ja" / "jos a bank")."""
    if not word.isalpha() or not 2 <= len(word) <= 6 or word not in _initials(key):
        return False
    if len(word) > 2:
        return True
    stop = _tables().stop
    words = _WORD.findall(key)
    return any(a[0] == word[0] and b[0] == word[1] and a not in stop and len(a) > 2
               and ((b not in stop and len(b) > 2) or (len(b) == 1 and n + 2 < len(words)))   # "JA" / "Jos A Bank"
               for n, (a, b) in enumerate(zip(words, words[1:])))


@lru_cache(maxsize=4096)
def _initials(key: str) -> str:
    """First letters of a headline's words ("bank of england ..." -> "boe...")."""
    return "".join("us" if w == "usa" else w[0] for w in _WORD.findall(key))   # "usgs": "US Geological Survey"


JACC_ADDED = 0.45     # shared share of all words when one side only adds words
JACC_ADDED_BROAD = 0.4   # ... when four or more words are shared
JACC_SWAPPED = 0.45   # ... when both sides have words of their own
JACC_BROAD = 0.6      # ... whatever the words around the shared ones


def same_prepared(p: Prepared, q: Prepared) -> bool:
    """The pairwise rule: no veto, and words shared as `_similar` asks. The place, names and roles
    vetoes (the costly ones) are tried last: most pairs that get this far are not similar enough anyway."""
    if p.key == q.key:
        return True
    if not p.content or not q.content:
        return False
    short, long_ = (p, q) if len(p.key) <= len(q.key) else (q, p)
    if short.cut and len(short.key) >= 20 and long_.key.startswith(short.key):
        return True
    if p.key[0] == q.key[0] and p.key[:20] == q.key[:20] and (_tailed(p.key) or _tailed(q.key)):   # one headline, two publishers' tails
        head = _head(p.key)
        if len(head) >= 20 and head == _head(q.key):
            return True
    return (not _claims_differ(p, q) and _similar(p, q, short.cut) and not _places_differ(p, q)
            and not _names_differ(p, q) and not _roles_swapped(p, q) and not _consequence(p, q)
            and not _own_clauses(p, q))


CLAUSE_WORDS = 2   # content words a last clause needs to be a claim of its own


def _own_clauses(p: Prepared, q: Prepared) -> bool:
    """Each side ends with a clause of its own after a shared report ("Protesters clash with police,
    throw stones" / "Protesters clash with police, 5 detained"): two updates, not one."""
    if (", " not in p.key and "; " not in p.key) or (", " not in q.key and "; " not in q.key):
        return False
    own_p, own_q = _last_clause(p), _last_clause(q)
    if len(own_p) < CLAUSE_WORDS or len(own_q) < CLAUSE_WORDS:
        return False
    return not _matched_any(own_p, q.content) and not _matched_any(own_q, p.content)


def _last_clause(p: Prepared) -> tuple[str, ...]:
    """The content words after a headline's last ", " or "; "."""
    at = max(p.key.rfind(", "), p.key.rfind("; "))
    content = p.content
    return tuple(dict.fromkeys(part for raw in _WORD.findall(p.key[at + 2:]) for part in _norm_word(raw)[0]
                               if part in content))


TAIL_WORDS = 6   # at most this many words after the mark: a publisher's tail, not a second clause


def _tailed(key: str) -> bool:
    """A tail mark is in `key` (plain substring tests first: most keys are ASCII)."""
    return " - " in key or " | " in key or (not key.isascii() and _TAIL_MARK.search(key) is not None)


@lru_cache(maxsize=4096)
def _head(key: str) -> str:
    """A key without its tail: what precedes the first " - " / " | " followed by at most TAIL_WORDS
    words, none a claim word ("snowden says has no regrets - wistv.com - columbia" -> "snowden says has
    no regrets")."""
    claims = _tables().claims
    for mark in _TAIL_MARK.finditer(key):
        tail = _WORD.findall(key[mark.end():])
        if len(tail) <= TAIL_WORDS:   # ... and no claim of its own ("- administrators applaud (or not)")
            if any(part in claims for raw in tail for part in _norm_word(raw)[0]):
                return key
            return key[:mark.start()]
    return key


def _similar(p: Prepared, q: Prepared, cut: bool) -> bool:
    """Enough words shared for one claim (`cut`: the shorter headline is cut off)."""
    only_p, only_q = _unmatched(p.content, q.content)
    n_p, n_q = len(p.content), len(q.content)
    if only_p and only_q and p.claims and q.claims:   # "sold to" / "buys": one deal, each side's word for it
        only_p, only_q = _converse_matched(p, only_p, q, only_q)
    inter = n_p - len(only_p)
    if cut:   # a cut headline: compare with the part of the other it could show
        return inter / min(n_p, n_q) >= 0.8 and inter >= 3 and not (only_p and only_q and _negated(only_p, only_q))
    if _enough(p, q, only_p, only_q, n_p, n_q, inter):
        return True
    # Words added around the claim -- a place, a first name -- are detail: counted out where one side then
    # just adds words (never to let a swapped word through: "Queen pays tribute" / "US presidents pay tribute").
    if only_p and only_q:
        if not (_may_be_detail(only_p, p) or _may_be_detail(only_q, q)):
            return False
    elif not (p.places or p.rare or q.places or q.rare):   # one side adds words: detail among them?
        return False
    detail_p, detail_q = _detail(only_p, p, q), _detail(only_q, q, p)
    if not (detail_p or detail_q) or not (only_p <= detail_p or only_q <= detail_q):
        return False
    return _enough(p, q, only_p - detail_p, only_q - detail_q, n_p - len(detail_p), n_q - len(detail_q), inter)


def _converse_matched(p: Prepared, only_p: set[str], q: Prepared, only_q: set[str]) -> tuple[set[str], set[str]]:
    """`only_p` / `only_q` less a pair of words that tell one event from its two sides (`_converse`):
    one shared word, written on each side its own way."""
    sides = _converse_sides()
    for wp in only_p:
        if wp in sides:
            for wq in only_q:
                if wq in sides and _converse(p, wp, q, wq):
                    return only_p - {wp}, only_q - {wq}
    return only_p, only_q


def _enough(p: Prepared, q: Prepared, only_p: set[str], only_q: set[str], n_p: int, n_q: int, inter: int) -> bool:
    """The word-share test of `_similar` for whole headlines: `inter` words shared, `only_p` / `only_q`
    (of `n_p` / `n_q` words) on one side only."""
    jacc = inter / (n_p + n_q - inter)
    if not only_p or not only_q:   # one side only adds detail: less of it when the shared core is broad
        return jacc >= JACC_ADDED or (inter >= 4 and jacc >= JACC_ADDED_BROAD)
    if len(only_p) <= 1 and len(only_q) <= 1 and inter >= 3:   # a word changed, the claim's words all there:
        return not _negated(only_p, only_q) and not _titles_swapped(p, only_p, q, only_q)   # not its negation
    # Words substituted on both sides: needs a broad shared core and a close word-set match, or a
    # core so broad that the wording around it does not matter ("Popcorn Time makes movie piracy as
    # easy as watching Netflix" / "Popcorn Time is like Netflix for pirated movies").
    if jacc < JACC_SWAPPED or inter < 4:
        return False
    return (jacc >= JACC_BROAD or fuzz.token_set_ratio(p.key, q.key) >= 70) and not _negated(only_p, only_q)


def _may_be_detail(extra: set[str], p: Prepared) -> bool:
    """Every word of `extra` could be detail (`_detail` may find them all): a cheap test first. Detail is
    a few words (a place with its compass point, a first name): more is a different wording."""
    if len(extra) > DETAIL_WORDS or (not p.places and not p.rare):
        return False
    index = _place_index()
    names = p.names
    if all(w in names or w in _COMPASS or index.get(w) for w in extra):
        return True
    return extra <= _description(p)


_ARTICLES = frozenset(("the", "a", "an"))


@lru_cache(maxsize=4096)
def _description_of(key: str, words: tuple[str, ...], rare: tuple[str, ...], content: tuple[str, ...]) -> frozenset[str]:
    """The words before a headline's first rare name (not a place's), when they are a few content words
    that open the headline, an article aside ("Iron Lady Margaret Thatcher dies", "Former British PM
    Margaret Thatcher dies"): who the subject is."""
    first = next((n for n, w in enumerate(words) if w in rare), 0)
    lead = words[1:first] if words[0] in _ARTICLES else words[:first]
    if not lead or len(lead) > DETAIL_WORDS or not all(w in content for w in lead) or _place_index().get(words[first]):
        return _EMPTY   # no run of content words right before the name, or the name is a place's
    at = key.find(words[first])
    if at <= 0 or any(_verb_or_plural(raw) for raw in _WORD.findall(key[:at])):
        return _EMPTY   # "Justice Department probing GM recall", "Feds demand ...": no title of one person
    return frozenset(lead)


def _verb_or_plural(raw: str) -> bool:
    """A word as written that reads as a verb or a plural ("probing", "frees", "prosecutors"): a title
    before one person's name has neither."""
    return raw.endswith(("ing", "ed")) or (raw.endswith("s") and len(raw) > 3 and not raw.endswith(("ss", "us", "is", "'s")))


def _description(p: Prepared) -> frozenset[str]:
    return _description_of(p.key, p.words, p.rare, p.content) if p.rare else _EMPTY


def _subject_after(p: Prepared, q: Prepared, shared: frozenset[str]) -> bool:
    """`p`'s first rare name, the end of its description, is one `q` holds too and the name is followed
    by a word both hold: the name is the subject ("... Margaret Thatcher dies at 87"), not the object of a
    verb in the description ("Police arrest Okafor in Lagos")."""
    words = p.words
    first = next((n for n, w in enumerate(words) if w in p.rare), -1)
    if first < 0 or words[first] not in shared:
        return False
    after = first + 1
    while after < len(words) and (words[after] in p.rare or words[after] in p.names):   # the rest of the name
        after += 1
    return after < len(words) and words[after] in p.content and words[after] in q.content


DETAIL_WORDS = 3
_COMPASS = frozenset(("north", "south", "east", "west"))


def _detail(extra: set[str], p: Prepared, q: Prepared) -> set[str] | frozenset[str]:
    """Words of `extra` (from `p`) that add detail around the claim, not a claim: places (and a
    compass point of a place: "South Africa: Mandela in hospital" / "Nelson Mandela in hospital") and
    a first name before a name both sides share ("Nelson" before "Mandela"). Two places, one on each
    side, are the place veto's to judge."""
    if not p.places and not p.rare:
        return _EMPTY
    index = _place_index()
    shared = frozenset(p.rare).intersection(q.rare)
    words = p.words
    out = set()
    for w in extra:
        if index.get(w) or (w in _COMPASS and p.places):
            out.add(w)
        elif shared and w in p.names and w in words:
            at = words.index(w)
            if at + 1 < len(words) and words[at + 1] in shared:
                out.add(w)
    description = _description(p)
    if description and shared and description.isdisjoint(p.claims) and _subject_after(p, q, shared):
        out.update(w for w in extra if w in description)   # "Iron Lady" / "Former British PM" before "Margaret Thatcher"
    return out


_NEGATIONS = ("un", "dis", "non", "in", "im", "il", "ir")
_NEGATION_HEADS = frozenset(prefix[:2] for prefix in _NEGATIONS)


def _negated(only_p: set[str], only_q: set[str]) -> bool:
    """A word on one side and its negation on the other ("likely" / "unlikely", "legal" / "illegal")."""
    heads = _NEGATION_HEADS   # most words start with no negation prefix: a slice and a set test each
    return any(x[:2] in heads and _negation_of(x) in only_q for x in only_p) \
        or any(y[:2] in heads and _negation_of(y) in only_p for y in only_q)


@lru_cache(maxsize=1 << 14)
def _negation_of(word: str) -> str:
    """The dictionary word that `word` negates by a prefix ("unlikely" -> "likely"), or ""."""
    common = lexicon.common_words()
    for prefix in _NEGATIONS:
        base = word[len(prefix):]
        if word.startswith(prefix) and len(base) >= 4 and (base in common or _known(base, common)):
            return base
    return ""


def agrees(p: Prepared, q: Prepared) -> bool:
    """Looser than `same_prepared`, for two stories' centres: no conflicting claim and at least two
    words (and AGREE_SHARE of the shorter headline's words) in common."""
    if same_prepared(p, q):
        return True
    if not p.content or not q.content or _veto(p, q):
        return False
    only_p, _only_q = _unmatched(p.content, q.content)
    inter = len(p.content) - len(only_p)
    return inter >= 2 and inter >= AGREE_SHARE * min(len(p.content), len(q.content))


AGREE_SHARE = 0.2


def same_story(a: str, b: str) -> bool:
    """True when two headlines tell one story (several scores, with vetoes for different claims)."""
    return same_prepared(prepare(a), prepare(b))
