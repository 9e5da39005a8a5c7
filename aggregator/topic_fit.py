"""The fitting half of the topic model: corpus statistics that tell names from words.

`TopicStats` holds what `TopicModel.fit` learns from distinct headlines, and the rules that
decide which recurring capitalised runs are names (units), which words are ordinary (the
lexicon and lower-case use), which are names however written (capitalised mid-sentence), and
which single words stand for a person's full name. topics.py reads headlines with these.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from operator import itemgetter
from typing import Callable, Iterable

from . import lexicon
from .names import fold_accents, name_key
from .textscan import CAPS, SENTENCE, Tok
from .topic_context import Contexts

MAX_N = 5
# "in" and its kin before a place, in the languages of data/stopwords.txt (not "a", "to": people follow those).
LOCATIVES = frozenset({"in", "en", "à", "im", "nach", "em", "nel", "nella", "aus", "from", "near"})
SENTENCE_EVIDENCE = 200   # sentence-case headlines that make mid-sentence capitals the test of a name of ordinary words
# Generational suffixes that end a person's name but are no surname.
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
SURNAME_ALONE = 10   # a surname stands for its person unless seen alone over ten times as often (Trump: 4x in the feeds)
# Words after a name that is a sentence's subject or object ("The Oregonian is ...", "... to The Australian and").
_AFTER_SUBJECT = frozenset({"is", "was", "has", "had", "will", "to", "and", "on", "for", "in", "at", "with", "of"})
# Connectors that join a name only inside a unit the fit learnt ("Standard & Poor's", "South by Southwest").
LEARNT_CONNECTORS = frozenset({"&", "by"})
BOUND_PREFIXES = frozenset({"co", "ex", "non", "pre", "post", "anti", "pro", "re", "mid", "multi", "self", "semi", "sub"})
# A stock ticker right after a company's name: "(MSFT)", "(NASDAQ:MSFT)", "(OTCMKTS: MJNA)", and
# Reuters' instrument codes "<.IXIC>", ".IXIC". Groups: exchange, ticker in brackets, coded ticker.
# A cut headline may end inside the brackets ("Microsoft Corporation (NASDAQ:MSFT…").
_TICKER = re.compile(r"\((?:([A-Z]{2,8}) ?: ?)?([A-Z]{2,5})(?:\)|$)|<\.([A-Z]{2,6})>|(?<= )\.([A-Z]{2,6})\b")


@dataclass(frozen=True, slots=True)
class Topic:
    name: str   # display form, e.g. "Jennifer Lopez", "RHOBH", "The Bachelorette"
    key: str    # topic_key(name): the identity used for UNIQUE in SQL
    kind: str   # "person" | "title" | "acronym" | "name" (best effort)


@lru_cache(maxsize=65536)
def topic_key(name: str) -> str:
    """Identity of a topic name: names.name_key without accents ("The Bachelor" and "Bachelor",
    "Beyoncé" and "Beyonce" are one topic; the display keeps the most used spelling).

    >>> topic_key("Beyoncé") == topic_key("BEYONCE"), topic_key("Łódź"), topic_key("ソニー")
    (True, 'lodz', 'ソニー')
    """
    return fold_accents(name_key(name))


def gram_of(run: list[Tok], i: int, j: int) -> tuple[str, ...]:
    """Words of run[i:j] as a unit key; a possessive inside keeps its mark ("men's", "wearhouse")."""
    return tuple(t.low + "'s" if t.poss and k < j - 1 else t.low for k, t in enumerate(run[i:j], i))


def surface_of(run: list[Tok], i: int, j: int) -> str:
    return " ".join(t.base + "'s" if t.poss and k < j - 1 else t.base for k, t in enumerate(run[i:j], i))


# A word of Cyrillic letters (hyphens inside), and the case endings of Russian nouns and
# surnames, longest first: a name's forms share what is left ("украин" of "украине", "украину").
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+(?:-[\u0400-\u04ff]+)*")
_CASE_ENDINGS = ("ого", "его", "ому", "ему", "ыми", "ими", "ами", "ями", "ой", "ей", "ом", "ем", "ым", "им",
                 "ах", "ях", "ам", "ям", "ую", "ою", "ею", "а", "я", "ы", "и", "е", "у", "ю", "ь", "й")


def case_stem(word: str) -> str:
    """A Cyrillic word without its case ending: "путина" -> "путин", "россией" -> "росси"."""
    for end in _CASE_ENDINGS:
        if word.endswith(end) and len(word) > len(end):
            return word[: -len(end)]
    return word


# A label of two words or more in capitals before a colon, the headline after it not in capitals:
# "LAKE ELSINORE: Fire leaves 6 homeless", "CHRIS CHRISTIE: ...", "MARKET SNAPSHOT: ...".
_CAPS_LABEL = re.compile(r"([A-Z][A-Z'.&-]*(?: [A-Z][A-Z'.&-]*)+): (?=.*[a-z])")
_CAPS_WORD_LABEL = re.compile(r"([A-Z]{4,}): (?=.*[a-z])")
# Two capitalised words joined by a hyphen ("Fannie-Freddie", "Comcast-Time Warner").
_HYPHENED = re.compile(r"(?<![\w.'&-])([A-Z][\w.'&]*)-([A-Z][\w.'&]*)(?![\w-])")
# A wire's tag word in capitals glued to the headline by a dash ("HIGHLIGHTS-Bank of England's ...").
_CAPS_TAG = re.compile(r"([A-Z]{3,})(?: ?\d+)?-(?=[A-Z][a-z])")


@cache
def _label_words() -> frozenset[str]:
    """Short words a capitals label writes in capitals that are words, not acronyms: dictionary
    words that are no stop words ("NEW"), name particles ("SAN", "LOS"); not "US", "EU", "FBI"."""
    return (lexicon.load_words("common_en.txt") - lexicon.stopwords()) | lexicon.name_prefixes()


@cache
def _tag_words() -> frozenset[str]:
    """Headline-speak and kickers: in capitals glued to the headline by a dash, a wire's tag."""
    return lexicon.generic_hard() | lexicon.kickers()


def label_case(body: str) -> str:
    """A headline's label in capitals read in title case ("LAKE ELSINORE: ..." -> "Lake Elsinore:
    ..."): a place, person or kicker written so for show, whose capitals make no acronym ("LAKE")
    and cut no name apart; the model then judges its words as any title-case run. Words of three
    letters or fewer stay as written unless they are words (acronyms: "NSA LEAKS:", "US"). A tag
    of headline-speak glued by a dash is dropped ("HIGHLIGHTS-Bank of England" -> "Bank of England";
    names.normalise strips the wires' own tags, "UPDATE 1-")."""
    if not body[:2].isupper():
        return body
    tag = _CAPS_TAG.match(body)
    if tag is not None and tag.group(1).casefold() in _tag_words():
        return body[tag.end():]
    m = _CAPS_LABEL.match(body)
    words = _label_words()
    if m is None:
        # One word: a dictionary word is a section's label ("RELIEF:", "AUTO:"), an acronym is a
        # name ("NSA:", "SXSW:"); read the word then as title case writes it.
        one = _CAPS_WORD_LABEL.match(body)
        if one is not None and one.group(1).casefold() in words:
            return one.group(1).capitalize() + body[one.end(1):]
        return body
    label = " ".join(
        "-".join(p.capitalize() for p in w.split("-")) if len(w) >= 4 or w.casefold() in words else w
        for w in m.group(1).split())
    return label + body[m.end(1):]


@cache
def modifier_tails() -> frozenset[str]:
    """data/modifier_tails_en.txt: participles that glue to a name and modify what follows ("-led")."""
    return lexicon.load_words("modifier_tails_en.txt")


def one_edit(a: str, b: str) -> bool:
    """Two words of four letters or more one edit apart past their first letter: a letter
    changed, added, dropped, or two side by side swapped ("stacy"/"stacey", "keibler"/"kiebler")."""
    if a == b or a[:1] != b[:1] or min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return short[i:] == long[i + 1:]


@cache
def name_heads() -> frozenset[str]:
    """Nouns that end place and organisation names (data/name_heads_en.txt): "Jane Street" is no person."""
    return lexicon.load_words("name_heads_en.txt")


# Regular demonym endings: (ending, what replaces it in the place's name).
_DEMONYM_ENDS = (("ian", ""), ("ian", "a"), ("ian", "e"), ("ian", "y"), ("an", ""), ("an", "a"),
                 ("an", "o"), ("n", ""), ("ean", "ea"), ("ese", ""), ("ese", "a"), ("ese", "e"),
                 ("i", ""), ("", "y"), ("", "istan"), ("", "stan"))


@cache
def irregular_demonyms() -> dict[str, str]:
    """data/demonyms_en.txt: demonym -> place ("greek" -> "greece")."""
    text = resources.files("aggregator").joinpath("data", "demonyms_en.txt").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        place, sep, forms = line.split("#", 1)[0].casefold().partition("=")
        if sep:
            out.update((form, place.strip()) for form in forms.split())
    return out


@cache
def demonym_place(word: str) -> str | None:
    """The country a demonym names ("syrian", "pakistanis" -> "syria", "pakistan"; "greek" ->
    "greece"), by a regular ending or the irregular table; the longest place wins ("nigerian":
    Nigeria, not Niger). A place's own name is no demonym."""
    if word in places():
        return None
    irregular = irregular_demonyms()
    for w in (word, word[:-1] if word.endswith("s") else ""):
        if w in irregular:
            return irregular[w]
        found = [w[: len(w) - len(end)] + add for end, add in _DEMONYM_ENDS if w and w.endswith(end)]
        found = [p for p in found if p != w and p in places()]
        if found:
            return max(found, key=len)
    return None


@cache
def titles() -> frozenset[str]:
    """Titles before a name (data/titles_en.txt): "Queen Camilla" is no first name + surname."""
    return lexicon.load_words("titles_en.txt")


@cache
def name_tails() -> tuple[tuple[str, ...], ...]:
    """data/name_tails_en.txt: words that end a full name and headlines drop ("outfitters"), longest first."""
    return tuple(sorted({tuple(row) for row in lexicon.load_lines("name_tails_en.txt")}, key=lambda t: (-len(t), t)))


@cache
def name_tail_words() -> frozenset[str]:
    """Every word of data/name_tails_en.txt ("inc", "corp", "group"): a company's form, no name's end."""
    return frozenset(w for tail in name_tails() for w in tail)


@cache
def firm_words() -> frozenset[str]:
    """Words of company news (data/firm_words_en.txt): "Fannie Mae" beside them is a company."""
    return lexicon.load_words("firm_words_en.txt")


@cache
def compass() -> dict[str, str]:
    """data/compass_en.txt: compass word -> its short form ("north" -> "n", "southwest" -> "sw")."""
    text = resources.files("aggregator").joinpath("data", "compass_en.txt").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        longs, sep, short = line.split("#", 1)[0].casefold().partition("=")
        if sep:
            out.update((word, short.strip()) for word in longs.split())
    return out


@cache
def compass_short() -> frozenset[str]:
    """Short compass forms ("n", "nw"): a direction, not an acronym that names something."""
    return frozenset(compass().values())


def _mixed_acronym(word: str) -> bool:
    """An acronym written in mixed case: 2-6 letters, capital first, two capitals or more ("BoE").
    Answered once per word (a dict, not lru_cache: asked for every token of every fitted headline)."""
    found = _MIXED.get(word)
    if found is None:
        if len(_MIXED) >= _MIXED_CAP:
            _MIXED.clear()
        found = _MIXED[word] = 2 <= len(word) <= 6 and word[0].isupper() and word.isalpha() \
            and not word.isupper() and sum(c.isupper() for c in word) >= 2
    return found


_MIXED: dict[str, bool] = {}
_CAPITAL_PARTS = re.compile(r"[A-Z][a-z]*")
_MIXED_CAP = 1 << 17


def place_name(place: str) -> str:
    """A place of data/places_en.txt as written: "guinea-bissau" -> "Guinea-Bissau"."""
    return "-".join(part.capitalize() for part in place.split("-"))


@cache
def more_words() -> frozenset[str]:
    """data/common_more_en.txt, data/common_medium_en.txt and data/capitalised_en.txt: ordinary
    words the small dictionary lacks ("online", "jailbreak", "Muslim"); stories keep the small one."""
    return lexicon.load_words("common_more_en.txt") | rarer_words() | capitalised_by_rule()


@cache
def rarer_words() -> frozenset[str]:
    """data/common_medium_en.txt less the nouns that end names (data/name_heads_en.txt,
    data/name_tails_en.txt): "Kenya Airways" stays one name as the small dictionary had it. A fitted
    model keeps only those its corpus writes in lower case ("Meta", "Bitcoin" stay names)."""
    ends = name_heads() | {w for tail in name_tails() for w in tail}
    words = lexicon.load_words("common_medium_en.txt")
    # Headlines often drop a loan word's accents: "Fiance" is "fiancé". Words the newer list names
    # ordinary (data/common_more_en.txt: "startup") are no rarer words.
    return (words | {fold_accents(w) for w in words if not w.isascii()}) - ends - lexicon.load_words("common_more_en.txt")


@cache
def capitalised_by_rule() -> frozenset[str]:
    """data/capitalised_en.txt: ordinary words capitalised by rule ("I've", "Muslim"): no evidence of a name."""
    return lexicon.load_words("capitalised_en.txt")


@cache
def generic_acronyms() -> frozenset[str]:
    """data/acronyms_generic_en.txt: acronyms of kinds of things ("SDK", "CEO", "USD"), never a topic."""
    return lexicon.load_words("acronyms_generic_en.txt")


@cache
def short_forms() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """data/topic_short_forms.txt: (long form, its short forms) as written ("Federal Reserve", ("Fed",))."""
    text = resources.files("aggregator").joinpath("data", "topic_short_forms.txt").read_text("utf-8")
    out = []
    for line in text.splitlines():
        long, sep, shorts = line.split("#", 1)[0].partition("=")
        if sep and long.strip() and shorts.split():
            out.append((" ".join(long.split()), tuple(shorts.split())))
    return tuple(out)


@cache
def function_words() -> tuple[dict[str, str], frozenset[str]]:
    """data/function_words.txt: word -> language for words of languages other than English, and
    the languages that capitalise nouns. English words, name particles and connectors are left
    out: they say nothing of a headline's language ("die", "de", "van")."""
    text = resources.files("aggregator").joinpath("data", "function_words.txt").read_text("utf-8")
    english = lexicon.load_words("common_en.txt") | lexicon.connectors() | lexicon.name_prefixes()
    given = lexicon.given_names()
    words: dict[str, str] = {}
    nouns: set[str] = set()
    for line in text.splitlines():
        code, sep, listed = line.split("#", 1)[0].partition(":")
        if not sep:
            continue
        code = code.strip()
        if code.endswith("*"):
            code = code[:-1]
            nouns.add(code)
        for word in listed.split():
            if word not in english:
                words.setdefault(word, code)
                if len(word) >= 2 and word not in given:   # a sentence's first word ("Wie", not "Dan")
                    words.setdefault(word.capitalize(), code)
    return words, frozenset(nouns)


def derived(low: str, words: frozenset[str]) -> bool:
    """A word made from one of `words` by a suffix or a bound prefix (see TopicStats._derived)."""
    if "-" in low:
        return low.rpartition("-")[2] in words
    # Not "-y", "-er", "-s" or "co-": names end and start so too ("Sony", "Cohen").
    for end, add in (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("ly", ""), ("ally", ""), ("ness", "")):
        if low.endswith(end) and len(low) - len(end) >= 4 and low[: len(low) - len(end)] + add in words:
            return True
    return any(low.startswith(p) and len(low) - len(p) >= 4 and low[len(p):] in words for p in ("pre", "re", "un"))


@cache
def dictionary_words() -> frozenset[str]:
    """The small dictionary and the larger lists: the words other words are made from."""
    return lexicon.load_words("common_en.txt") | more_words()


@cache
def rarer_made() -> frozenset[str]:
    """Rarer words made from a word ("rekindled", "hilariously"): ordinary even where a corpus
    never writes them in lower case, unlike rarer words made from nothing ("meta", "bitcoin")."""
    words = dictionary_words()
    return frozenset(w for w in rarer_words() if derived(w, words))


@lru_cache(maxsize=65_536)
def made_word(low: str) -> bool:
    """A word no dictionary lists, made from one where names are rarely made so: an adverb of
    an adjective ("Frenetically", "Tantalizingly"), a noun in "-ness", or a bound prefix before
    a word's "-ed"/"-ing" form ("Untethered", "Rebooting"). Not a noun or a verb + "-ly" nor a
    prefix before a bare word: brands are made so ("Grammarly", "Feedly", "Unsplash", "Recode");
    nor a bare "-ing"/"-ed" form: surnames and firms end so ("Harding", "Corning"). Remembered
    per word (bounded): is_common asks it of every unlisted word."""
    words = dictionary_words()
    if low.endswith("ness") and low[:-4] in words and len(low) >= 8:
        return True
    if low.endswith("ly") and len(low) >= 8:
        stem = low[:-2]
        if low.endswith("ally") and low[:-4] in words or stem.endswith(ADJECTIVE_ENDS) and (
                stem in words or derived(stem, words)):
            return True
    for p in ("pre", "re", "un"):
        rest = low[len(p):]
        if low.startswith(p) and rest.endswith(("ed", "ing")) and len(rest) >= 6 and derived(rest, words):
            return True
    return False


_LOW = itemgetter(1)   # Tok.low, read in C


# Endings of English adjectives: an unlisted "-ly" word made from one is an adverb ("Tantalizingly").
ADJECTIVE_ENDS = ("al", "ic", "ing", "ed", "ous", "ful", "ive", "ent", "ant", "able", "ible", "less", "ish", "ate", "ary")


@cache
def speech_words() -> tuple[frozenset[str], frozenset[str]]:
    """data/speech_en.txt: subject pronouns and the auxiliaries after them that make a quote speech."""
    subjects, verbs = lexicon.load_lines("speech_en.txt")
    return frozenset(subjects), frozenset(verbs)


@cache
def places() -> frozenset[str]:
    """Words of place names (data/places_en.txt): a place written with "'s" is still the place."""
    return lexicon.load_words("places_en.txt")


@cache
def calendar_words() -> frozenset[str]:
    """Days and months (data/calendar_en.txt): headline-speak alone, but they open names too."""
    return lexicon.load_words("calendar_en.txt")


@cache
def surnames() -> frozenset[str]:
    """Census surnames (data/surnames_en.txt): what may end a person's name where a word could."""
    return lexicon.load_words("surnames_en.txt")


@cache
def rarer_given() -> frozenset[str]:
    """First names below the given-name table's cut (data/given_names_rare.txt: "Scarlett",
    "Gwyneth") that no dictionary, place, demonym, title, name-head or company-news list holds:
    the cut kept words out ("Golden", "Florida"), and the lexicon does that now, so a rarer first
    name still opens a person ("Scarlett Johansson" was typed a name)."""
    taken = dictionary_words() | lexicon.common_words() | places() | titles() | name_heads() | firm_words()
    return frozenset(w for w in lexicon.load_words("given_names_rare.txt")
                     if w not in taken and demonym_place(w) is None)


class _Possessives:
    """Per-corpus counts of possessive use, by headline: written "X's", written bare, after a given name."""

    def __init__(self) -> None:
        self.poss_df: Counter[str] = Counter()
        self.bare_df: Counter[str] = Counter()
        self.after_given: Counter[str] = Counter()
        self.bare_cap_df: Counter[str] = Counter()   # capitalised without "'s" (not just as a headline's first word)
        self.whole_df: Counter[str] = Counter()      # "X's" as a whole noun phrase: before a verb, a stop word, a number, the end
        self.bare_cap: set[str] = set()
        self.solo_df: Counter[str] = Counter()   # capitalised without "'s", not before a name word ("Wendy Williams")
        self.solo: set[str] = set()
        self.whole: set[str] = set()
        self.inline_df: Counter[tuple[str, ...]] = Counter()   # grams seen inside a headline, not as its label
        self.inline: set[tuple[str, ...]] = set()
        self.poss: set[str] = set()
        self.bare: set[str] = set()
        self.after: set[str] = set()
        self.grams: list[list[tuple[str, ...]]] = []   # per headline: its grams through a possessive
        # Each headline's sets are queued and counted once by count(): one Counter.update per
        # headline and set costs more than the counting (same counts, same key order).
        self._queues: list[tuple[Counter, set, list]] = [
            (total, words, []) for total, words in (
                (self.poss_df, self.poss), (self.bare_df, self.bare), (self.after_given, self.after),
                (self.inline_df, self.inline), (self.bare_cap_df, self.bare_cap),
                (self.whole_df, self.whole), (self.solo_df, self.solo))]

    def close_doc(self) -> None:
        for _total, words, queue in self._queues:
            if words:
                queue.extend(words)
                words.clear()

    def count(self) -> None:
        """Add the queued headlines' words to the per-corpus counts (after the last close_doc)."""
        for total, _words, queue in self._queues:
            total.update(queue)
            queue.clear()


class TopicStats:
    """What a fit learns, and the word tests tagging shares with it."""

    def __init__(self) -> None:
        self.stop = lexicon.stopwords()
        self.connectors = lexicon.connectors()
        self.kickers = lexicon.kickers() | generic_acronyms()
        self.prefix_words = lexicon.name_prefixes()
        self.compass = compass_short()
        self.hard = lexicon.generic_hard()
        self.soft = lexicon.generic_soft()
        # Other languages' stop words that are English words too ("war", "met") split no name in
        # an English headline (lexicon.foreign_stopwords).
        self.generic: set[str] = set(lexicon.generic_hard()) | (
            self.stop - self.connectors - lexicon.foreign_stopwords())
        self.common: set[str] = set()           # learnt: used in lower case mid-sentence
        self.namey: set[str] = set()            # learnt: capitalised mid-sentence, rarely lower
        self.namey_alone: set[str] = set()      # learnt: namey as a one-word name, not only inside one
        self.cap_mid: set[str] = set()          # learnt: seen capitalised after a headline's first word
        self.units: dict[tuple[str, ...], tuple[Topic, bool]] = {}   # n-gram -> (topic, needs caps)
        self.unit_first: dict[str, int] = {}   # first word of a unit -> longest unit it starts
        self.variants: dict[str, Topic] = {}   # "lopez" -> Jennifer Lopez
        self.prefixes: dict[tuple[str, ...], Topic] = {}  # cut endings: ("real", "housewives") -> ...
        self.aliases: dict[str, str] = {}
        self.merged: dict[str, Topic] = {}      # learnt: key -> the topic it is one with ("general motors" -> GM)
        self.ignore: set[str] = set()
        self._dict = lexicon.common_words() | more_words()
        self._by_rule = capitalised_by_rule()
        # Generic acronyms that are no ordinary words split runs like headline verbs ("Libya MPs",
        # "UniCredit Q4 loss"); "Apps" stays a word that may end a name ("Google Apps").
        self.generic.update(generic_acronyms() - self._dict)
        self._words = dictionary_words()
        self._rare = rarer_words()   # a surname's seat may hold their plural ("Reeves")
        self.given = lexicon.given_names()
        self.rare_given = rarer_given() - self.given   # type a unit a person only (see _kind)
        self.compounds = lexicon.compounds()
        self.alone: Counter[str] = Counter()    # learnt: headlines where a word is a one-word name
        self.display: dict[str, str] = {}       # learnt: topic key -> its most used written form
        self._accented: set[str] = set()        # learnt: capitalised words written with non-ASCII letters
        self._acronym_forms: dict[str, Counter[str]] = defaultdict(Counter)   # learnt: "boe" -> {"BoE": 50, "BOE": 2}
        self.firsts: dict[str, Topic | None] = {}  # given name -> the one person known by it (None: several)
        self.brands: set[str] = set()           # learnt: names only ever written with "'s" ("macy": Macy's)
        self.poss_tails: set[str] = set()       # learnt: words never capitalised alone without "'s" ("joe" in Trader Joe's)
        self.poss_pairs: set[tuple[str, str]] = set()   # learnt: ("men", "wearhouse"): "Men's" holds the next word
        self.multilingual = False               # learnt: the corpus holds headlines in other languages
        self.lower_n: Counter[str] = Counter()  # learnt: uses of each word in lower case
        self.quoted_n: Counter[str] = Counter()  # learnt: headlines quoting each span ("'Bossy'")
        self.phrases: set[str] = set()          # learnt: keys of quoted phrases, no titles ("price war")
        self._placed_runs: Counter[tuple[str, ...]] = Counter()   # fit only: runs of name words after "in" and its kin
        self.placed: set[str] = set()           # learnt: words named alone after "in" and its kin ("córdoba")
        self._tickers: list[tuple[str, tuple[str, ...], bool]] = []   # read: (ticker, name words before it, coded)
        self._exchanges: Counter[str] = Counter()   # read: exchange codes before a ticker ("otcmkts")
        self._hyphened: Counter[tuple[str, str]] = Counter()   # read: capitalised words joined by a hyphen
        self.pipe_tails: set[str] = set()       # learnt: "The Republic" of "… | The Republic": a publisher
        self.joined: set[str] = set()           # learnt: "fannie-freddie": two names side by side, read apart
        self.generic_named: set[tuple[str, ...]] = set()   # learnt: ("masayoshi", "son"): a headline word ending a name
        self._function_words, self._noun_languages = function_words()
        self._function_set = frozenset(self._function_words)
        self._english_stop = self.stop & self._words   # "in", "the": stop words of English itself

    def language(self, rest: str, style: str = SENTENCE) -> str | None:
        """The language of a headline other than English, by its function words ("und", "para"):
        the language with the most of them, when they are at least as many as its English stop
        words ("in iOS und mehreren" is German) and there are two of them, or the headline has
        letters beyond ASCII or is in title case (`style`). None: English, or too little to tell."""
        words = rest.split()
        if self._function_set.isdisjoint(words):
            return None
        hits: Counter[str] = Counter(self._function_words[w] for w in words if w in self._function_set)
        lang, n = min(hits.items(), key=lambda kv: (-kv[1], kv[0]))
        if n == 1 and style == SENTENCE and rest.isascii():
            return None   # one such word in plain ASCII is too little ("speaks ar SXSW", "sans fees");
            # in title case a lower-case word other than English's is telling ("Pilotos e Equipes")
        english = sum(1 for w in words if w not in self._function_set and w.casefold() in self._english_stop)
        return lang if n >= english else None

    def _uncase(self, chunks: list[list[Tok]], style: str, lang: str) -> list[list[Tok]]:
        """A headline in another language with the capitals that are no evidence of a name read
        as lower case: every capitalised word in a language that capitalises nouns ("die Kamera")
        or in a title-case headline ("Pilotos e Equipes"), the first word of a sentence-case one
        ("Investigação da PF"). A word keeps its capital where the corpus shows it is a name
        elsewhere (_cased), and so does the word after a kept first name ("Marielle Franco")."""
        every = lang in self._noun_languages or style != SENTENCE
        out: list[list[Tok]] = []
        for chunk in chunks:
            new: list[Tok] = []
            after_given = False
            for tok in chunk:
                if tok.cap and not tok.acr and not tok.num and (every or tok.initial) \
                        and not after_given and not self._cased(tok):
                    tok = tok._replace(cap=False)
                after_given = tok.cap and tok.low in self.given
                new.append(tok)
            out.append(new)
        return out

    def _read_initials(self, chunks: list[list[Tok]], style: str) -> list[list[Tok]]:
        """A sentence-case headline whose first word (or a sentence's) is no ordinary word and
        shows no other evidence of a name: a name when the rest reads as English ("Beyoncé wins
        an award"), a word of another language otherwise ("Acidente grave perto de Lisboa"),
        read as lower case."""
        if style != SENTENCE:
            return chunks
        out: list[list[Tok]] | None = None
        english: bool | None = None
        for c, chunk in enumerate(chunks):
            tok = chunk[0]
            if tok.initial and tok.cap and not tok.acr and not tok.num and tok.low not in self._dict \
                    and not self._cased(tok):
                if english is None:
                    english = self._reads_english(chunks)
                if not english or self._derived(tok.low):
                    if out is None:
                        out = list(chunks)
                    out[c] = [tok._replace(cap=False), *chunk[1:]]
        return out if out is not None else chunks

    def _reads_english(self, chunks: list[list[Tok]]) -> bool:
        """Four in five of the headline's lower-case words, two at least, are English words."""
        lows = [t.low for chunk in chunks for t in chunk if not t.cap and not t.num and t.low.isalpha()]
        return len(lows) >= 2 and 5 * sum(self._english_word(w) for w in lows) >= 4 * len(lows)

    def _derived(self, low: str) -> bool:
        """An English word made from one by a suffix or a bound prefix ("Rebranded", "Preorder",
        "French-led", "Cosmically", "Lawlessness"): a word at a sentence's start, not a name."""
        return derived(low, self._words)

    def _english_word(self, low: str) -> bool:
        """A word of the English dictionary, or one made from one ("wellness", "specs")."""
        words = self._words
        return low in words or low in self.hard or (low.endswith(("less", "ness")) and low[:-4] in words) \
            or (low.endswith("s") and low[:-1] in words)

    def _cased(self, tok: Tok) -> bool:
        """Evidence that a capitalised word is a name, beyond its capital in this headline: the
        corpus capitalises it mid-sentence in headlines whose case tells (namey, or any capital
        mid-headline for a word of no English dictionary), a place, a demonym or a first name,
        or its shape (a capital or a digit inside: "iPhone", "MH17")."""
        low, base = tok.low, tok.base
        return low in self.namey or (low in self.cap_mid and low not in self._dict) or low in places() \
            or low in self.given or demonym_place(low) is not None \
            or any(c.isupper() or c.isdigit() for c in base[1:])

    def is_common(self, low: str, *, alone: bool = False) -> bool:
        """An ordinary word: not a name on its own in title-case text. `alone`: judged as a
        one-word name, where capitals seen only inside longer names ("State of the Union") do not
        count ("State" stays a word)."""
        if low in (self.namey_alone if alone else self.namey):
            return False
        if low in self._dict or low in self.common:
            return True
        if "-" in low:   # "Co-Stars", "Ex-Wife": bound prefixes and ordinary words
            return all(p in BOUND_PREFIXES or self.is_common(p, alone=alone) for p in low.split("-") if p)
        if low.endswith(("less", "ness")):   # "Jobless", "Wellness": a word made from a word
            return low[:-4] in self._words
        # "Specs": a plural of a word; "Untethered": a word made from one
        return low.endswith("s") and low[:-1] in self._words or made_word(low)

    def _ordinary(self, low: str) -> bool:
        """A dictionary word or one the corpus writes in lower case, or a compound of those
        ("part-time", "sign-in", "high-frequency"): a unit of such words names nothing by its words."""
        if low in self._dict or low in self.common:
            return True
        return "-" in low and all(p in BOUND_PREFIXES or p in self._dict or p in self.common
                                  for p in low.split("-") if p)

    def holds_surname(self, prev: Tok, tok: Tok) -> bool:
        """A word no dictionary lists, ordinary only as the plural of a rarer word
        (data/common_medium_en.txt: "reeve"), right after a capitalised word that neither the
        lexicon nor the corpus knows as a name of its own, is that word's surname ("Keanu Reeves"
        seen once). Rarer words themselves stay words beside a name ("Pandora Diss", "Untethered
        Jailbreak"), and so does any word the corpus writes in lower case. Callers ask it for a
        name's second word."""
        low = tok.low
        if not low.endswith("s") or low in self._dict or low in self.common \
                or not (low[:-1] in self._rare or low[:-2] in self._rare):
            return False
        return prev.cap and not (prev.acr or prev.num or prev.poss) and prev.low not in self._dict \
            and self.alone[prev.low] < 2 and prev.low not in places() and demonym_place(prev.low) is None

    def scare_quoted(self, key: str, title: str) -> bool:
        """A one-word quote that is an ordinary word, often written in lower case too ("'bossy'"),
        not a title; a rarer word (data/common_medium_en.txt) only where lower-case use is seen
        ("“Shogun”" is the show)."""
        if key not in self._dict:
            return False
        lower = self.lower_n[key]
        return 4 * lower >= self.quoted_n[title] and (lower > 0 or key not in self._rare)

    def said_in_title_case(self, title: str, style: str) -> bool:
        """A quote in a title-case headline that reads as words someone said, not a title: made
        only of ordinary words, quoted in no other headline, never named outside quotes, and
        shaped as speech: a subject pronoun before an auxiliary ("'We Can Avenge Them!'",
        data/speech_en.txt), an exclamation, or an opening adverb ("'Completely Sober'",
        "'Entirely Possible'"). Title case capitalised its words, not the writer; titles made of
        ordinary words ("'Little Women'", "'Marriage Story'") name works. In a sentence-case
        headline the quote's own capitals tell (see _title)."""
        if style == SENTENCE or self.quoted_n[title] >= 2:
            return False
        lows = [w.strip(".,;:!?").casefold() for w in title.split()]
        if not lows or not all(w and self.is_common(w.removesuffix("'s")) for w in lows):
            return False
        if tuple(lows) in self.units:
            return False
        if len(lows) == 1:   # a word made from a word: "'Harassed'", "'Boring'", "'Lawlessness'"
            return self.alone[lows[0]] < 2 and (self._derived(lows[0]) or made_word(lows[0]))
        subjects, verbs = speech_words()
        return title.endswith("!") or (lows[0].endswith("ly") and self._derived(lows[0])) \
            or any(a in subjects and b in verbs for a, b in zip(lows, lows[1:]))

    def _title_head(self, title: str) -> str:
        """A quoted title with a subtitle is the title the corpus quotes on its own ("'Cosmos: A
        Spacetime Odyssey'" is "Cosmos" where "'Cosmos'" is quoted twice); else the whole ("13: The
        Musical"). So is a title with a year after it ("'The Bachelor 2014'" where "'The Bachelor'" is quoted)."""
        head, colon, _rest = title.partition(":")
        if colon and self.quoted_n[head.strip()] >= 2:
            return head.strip()
        stem, _sp, year = title.rpartition(" ")
        if len(year) == 4 and year.isdigit() and year[:2] in ("19", "20") and self.quoted_n[stem] >= 2:
            return stem
        return title

    def _plain_run(self, run: list[Tok], style: str) -> bool:
        """A capitalised run of ordinary words that names nothing: any such run in title case, and
        in sentence case one whose every word is capitalised by rule ("a Sunni Muslim leader";
        "the Muslim Brotherhood" is a name: "Brotherhood" is capitalised by choice)."""
        if style != SENTENCE:
            return all(self.is_common(t.low) for t in run)
        return all(t.low in self._by_rule for t in run)

    def _runs(self, chunk: list[Tok], style: str, learn: bool = False) -> Iterable[list[Tok]]:
        """Capitalised runs of a chunk, split at generic words, numbers, acronyms and possessives.

        A possessive ordinary word opens a name ("Men's Wearhouse"), a middle initial stays in
        one ("Jos A Bank"); any other possessive ends its run ("Ryan Gosling's Ken"). While
        learning (`learn`), a demonym or an acronym may open a run too, so the fit can find the
        names that start with one ("American Eagle", "JC Penney"); tagging finds those as units.
        """
        run: list[Tok] = []
        last = len(chunk) - 1
        paper = False   # "The" opened a paper's name: its demonym joins the run
        for i, tok in enumerate(chunk):
            if not (run or paper or learn or tok.cap):   # a lower-case word outside a run: no branch takes it
                continue
            nxt = chunk[i + 1] if i < last else None
            if paper:
                run.append(tok)
                paper = False
            elif tok.poss and not run and tok.cap and nxt is not None and self._opens_name(tok, nxt):
                run.append(tok)
            elif tok.cap and not tok.num and not tok.acr and (tok.low not in self.generic or (
                    not run and nxt is not None and nxt.cap and (
                        tok.low in self.prefix_words or tok.low == "the" and self._the_paper(chunk, i, style)))):
                run.append(tok)
                paper = tok.low == "the" and nxt is not None and self._the_paper(chunk, i, style)
                if tok.poss:
                    yield run
                    run = []
            elif learn and not run and nxt is not None and self._opens_unit(tok, nxt):
                run.append(tok)
            elif run and len(tok.base) == 1 and tok.cap and not tok.initial and nxt is not None and nxt.cap \
                    and not nxt.num and nxt.low not in self.generic:
                run.append(tok)
            elif run and tok.low in self.connectors and self._joins(chunk, i) and (
                    tok.low not in LEARNT_CONNECTORS or learn and self._amp_joins(run, chunk[i + 1])):
                run.append(tok)
            else:
                if run:
                    if learn or run[-1].low not in self._by_rule:
                        yield run
                    elif kept := self._unruled(run):
                        yield kept
                run = []
        if run:
            if learn or run[-1].low not in self._by_rule:
                yield run
            elif kept := self._unruled(run):
                yield kept

    def _past_tail(self, chunk: list[Tok], i: int, style: str) -> int:
        """Where a sentence-case chunk goes on after a unit: past the capitalised ordinary words
        that continue the unit's longer name ("the Dow Jones Industrial Average rose": no
        "Industrial Average" of its own). Title case capitalises every word, so nothing is skipped."""
        if style == SENTENCE:
            while i < len(chunk) and chunk[i].cap and not chunk[i].initial and not chunk[i].acr \
                    and chunk[i].low not in self.unit_first and self.is_common(chunk[i].low):
                i += 1
        return i

    def _unruled(self, run: list[Tok]) -> list[Tok]:
        """A run for tagging without the words capitalised by rule at its end: "Bangladesh
        Islamists" is Bangladesh ("Muslim Brotherhood" keeps its first word; a unit the fit learnt
        is matched before any run)."""
        end = len(run)
        while end and run[end - 1].low in self._by_rule:
            end -= 1
        return run[:end]

    def _opens_unit(self, tok: Tok, nxt: Tok) -> bool:
        """A demonym or an acronym that may start a name with the capitalised word after it: a
        demonym before any name word ("American Eagle", "British Airways"), an acronym that is no
        ordinary word before a word that is no ordinary word ("JC Penney"; not "US Airways", not
        "GM Recall"). Whether the pair is a name is the corpus's to say (a recurring unit)."""
        if not nxt.cap or nxt.num or nxt.acr or nxt.poss and tok.acr or nxt.low in self.generic:
            return False
        if tok.acr:
            return not tok.poss and tok.low not in self._dict and tok.low not in self.kickers \
                and tok.low not in compass_short() and not self.is_common(nxt.low)
        return tok.cap and not tok.poss and tok.low in self.generic and self.is_demonym(tok.low)

    def _the_paper(self, chunk: list[Tok], i: int, style: str) -> bool:
        """"The" and a demonym that end a name ("it's The Oregonian", "The Australian reports"):
        a paper's name, not the place. Mid-sentence in sentence case; in title case only where
        only a headline verb or a stop word follows ("The Australian Open" is the tennis, "The
        Syrian war" a war). The demonym joins the run even when it is a generic word ("The
        Australian")."""
        if chunk[i].low != "the" or not self.is_demonym(chunk[i + 1].low) or chunk[i + 1].poss:
            return False
        if style == SENTENCE and chunk[i].initial:
            return False   # "The Syrian conflict": a sentence's first word
        after = chunk[i + 2] if i + 2 < len(chunk) else None   # the paper's verb, or nothing
        return after is None or not after.cap and (after.low in _AFTER_SUBJECT or after.low in self.generic
                                                   and after.low.endswith(("s", "ed")))   # "says", "reported"

    @staticmethod
    def is_demonym(low: str) -> bool:
        """A demonym in the singular ("american", "british"; not "americans": people, not a name's start)."""
        return not low.endswith("s") and demonym_place(low) is not None

    def _opens_name(self, tok: Tok, nxt: Tok) -> bool:
        """A possessive generic or ordinary word before a capitalised word that is neither a
        dictionary word nor a given name opens one name ("Men's Wearhouse"; not "Year's Best")."""
        if not nxt.cap or nxt.num or nxt.acr or nxt.low in self.generic:
            return False
        return tok.low in self.generic or (self.is_common(tok.low) and nxt.low not in self._dict
                                           and nxt.low not in self.given)

    def _amp_joins(self, run: list[Tok], nxt: Tok) -> bool:
        """"&" and "by" hold one name ("Standard & Poor's", "South by Southwest"), not two people
        side by side ("Selena Gomez & Benny Blanco") or a work and its maker ("Rosie by Neil
        Diamond"): neither side opens with a first name, and no verb form comes before ("Edited
        by ..."). Only while learning: tagging finds such names as units and splits other runs there."""
        return run[0].low not in self.given and nxt.low not in self.given and not self._inflected(run[-1].low)

    def _joins(self, chunk: list[Tok], i: int) -> bool:
        """A connector continues a name when connectors then a capitalised word follow ("State of the Union")."""
        for tok in chunk[i + 1: i + 3]:
            if tok.low not in self.connectors:
                return tok.cap and not tok.num
        return False

    def _learn_case(self, docs: list[tuple[list[list[Tok]], str]], uncased: frozenset[int] = frozenset()) -> None:
        """Which words are used in lower case, which capitalised mid-sentence. `uncased`: the
        indexes of headlines whose capitals tell nothing (other languages, see _uncase)."""
        # Uses listed, then counted at once (as fast as counting, without a call per word).
        lowers: list[str] = []
        capmids: list[str] = []
        capmid_alones: list[str] = []   # capitalised mid-sentence with no capitalised neighbour
        cap_mid = self.cap_mid
        by_rule = capitalised_by_rule()
        for d, (chunks, style) in enumerate(docs):
            if uncased and d in uncased:
                continue
            sentence = style == SENTENCE
            for chunk in chunks:
                for i, tok in enumerate(chunk):
                    if tok.num:
                        continue
                    if not tok.cap and (tok.low.isalpha() or tok.low.replace("-", "").isalpha()):
                        lowers.append(tok.low)   # "part-time" too: a compound in lower case is a word
                    elif not tok.initial and not tok.acr and tok.low not in by_rule:
                        cap_mid.add(tok.low)
                        if sentence:
                            capmids.append(tok.low)
                            if not self._in_name(chunk, i):
                                capmid_alones.append(tok.low)
        lower, capmid, capmid_alone = Counter(lowers), Counter(capmids), Counter(capmid_alones)
        self.lower_n = lower
        # A rarer word is ordinary only where the corpus writes it in lower case: news names
        # many brands with one ("Meta", "Bitcoin", "Pixel"), and title case alone tells nothing.
        # A word made from a word by a suffix or prefix ("Rethinking", "Cosmically",
        # "Untethered") is no brand's name: it stays ordinary.
        self._dict = self._dict - ({w for w in self._rare if not lower[w]} - rarer_made())
        self.common = {w for w, n in lower.items() if n >= 2 and n >= capmid[w]}
        self.namey = {w for w, n in capmid.items() if n >= 2 and n >= 2 * lower[w]}
        # "State" is namey only inside "State of the Union"; "Apple" stands alone in a third of its uses.
        self.namey_alone = {w for w in self.namey if capmid_alone[w] >= 2 and 4 * capmid_alone[w] >= capmid[w]}

    def _in_name(self, chunk: list[Tok], i: int) -> bool:
        """A capitalised word beside another non-connector one, across connectors ("State of the
        Union", "Wall Street is ..."; "The Bachelor" is one word with its article, "Watch The Bachelor"
        starts with headline-speak)."""
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(chunk) and chunk[j].low in self.connectors:
                j += step
            if 0 <= j < len(chunk) and chunk[j].cap and not chunk[j].num and not (
                    chunk[j].initial and chunk[j].low in self.generic):
                return True
        return False

    def _learn_units(self, docs: list[tuple[list[list[Tok]], str]], support: int, forms: Counter[str]) -> None:
        grams: Counter[tuple[str, ...]] = Counter()
        surfaces: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        cap_df: Counter[str] = Counter()
        acr_alone: Counter[str] = Counter()   # acronyms written on their own, not opening a name
        firm_df: Counter[tuple[str, ...]] = Counter()   # grams in headlines of company news
        spelt: Counter[tuple[str, tuple[str, ...]]] = Counter()   # (acronym, gram of its initials) in one headline
        poss = _Possessives()
        firms = firm_words()
        # Each headline's runs, kept for _learn_generic: nothing they depend on changes before it.
        doc_runs: list[list[list[Tok]] | None] = []
        seen_all: list[tuple[str, ...]] = []
        firm_all: list[tuple[str, ...]] = []
        words_all: list[str] = []
        alone_all: list[str] = []
        acr_all: list[str] = []
        spelt_all: list[tuple[str, tuple[str, ...]]] = []
        initials: dict[tuple[str, ...], set[str]] = {}   # gram -> self._initials(gram), asked per headline
        tails_all: list[tuple[str, ...]] = []     # a name word + a headline word capitalised mid-sentence
        lowered_all: list[tuple[str, ...]] = []   # the same pair with the headline word in lower case
        for chunks, style in docs:
            seen: set[tuple[str, ...]] = set()
            words: set[str] = set()
            alone: set[str] = set()
            acronyms: set[str] = set()
            runs: list[list[Tok]] | None = None
            if style != CAPS:
                runs = []
                for chunk in chunks:
                    for run in self._runs(chunk, style, learn=True):
                        runs.append(run)
                        self._run_grams(run, seen, surfaces, words)
                        if len(run) == 1 and not run[0].poss:
                            alone.add(run[0].low)
                    self._acronyms(chunk, acronyms)
                    self._possessive_grams(chunk, seen, surfaces, poss, chunk is chunks[0])
                if style == SENTENCE:
                    self._generic_tails(chunks, seen, surfaces, tails_all, lowered_all)
                    self._generic_heads(chunks, seen, surfaces, tails_all, lowered_all)
            doc_runs.append(runs)
            # Queued, counted once after the loop (nothing reads these counts inside it).
            if seen:
                poss.grams.append([g for g in seen if g[0].endswith("'s")])
                seen_all.extend(seen)
                if not firms.isdisjoint(tok.low for chunk in chunks for tok in chunk):
                    firm_all.extend(seen)
            else:
                poss.grams.append([])
            words_all.extend(words)
            alone_all.extend(alone)
            if acronyms:
                acr_all.extend(acronyms)
                for g in seen:
                    letters_of = initials.get(g)
                    if letters_of is None:
                        letters_of = initials[g] = self._initials(g)
                    spelt_all.extend((letters, g) for letters in letters_of if letters in acronyms)
            poss.close_doc()
        for total, queue in ((grams, seen_all), (firm_df, firm_all), (cap_df, words_all), (self.alone, alone_all),
                             (acr_alone, acr_all), (spelt, spelt_all)):
            total.update(queue)
        poss.count()
        lowered = Counter(lowered_all)
        self.generic_named = {g for g, n in Counter(tails_all).items() if n >= support and 2 * lowered[g] < n}
        self._learn_stressed(acr_alone)
        self._learn_generic(docs, grams, cap_df, poss.grams, doc_runs)
        # "Men's Wearhouse" once is one name when "Wearhouse" mostly comes after "Men's";
        # "Apple's iPhone" is two when "iPhone" is written without "Apple's" as often.
        self.poss_pairs = {(g[0][:-2], g[1]) for g, n in grams.items()
                           if len(g) == 2 and g[0].endswith("'s") and 2 * n > cap_df[g[1]]}
        # A brand: seen with "'s" in `support` headlines, never bare, at least once as a whole
        # noun phrase ("Macy's Cuts 2,000 Jobs"; "Farrow's abuse claims" is Farrow's), and no
        # place or surname. An ordinary word or a given name is one only when it is a whole noun
        # phrase in `support` headlines and never capitalised without its "'s" on its own
        # ("Moody's Cuts Outlook" beside "moody weather"; "Wendy's Raises Prices" beside "Wendy
        # Williams"). A brand's word after an ordinary word keeps its "'s" too ("Trader Joe's").
        possessed = {w for w, n in poss.poss_df.items() if n >= support and poss.whole_df[w] and len(w) >= 2
                     and not poss.solo_df[w] and w not in places() and not poss.after_given[w]}
        self.brands = {w for w in possessed if (not poss.bare_df[w] and not self.is_common(w) and w not in self.given)
                       or poss.whole_df[w] >= support}
        self.poss_tails = possessed
        # Sorted: pruning deletes as it goes, so the walk order must not depend on set hashing.
        # A name opened by an acronym is one only where the acronym is mostly written with it:
        # "JC Penney" (JC seldom alone), not "SXSW Interactive" or "NSA Whistleblower".
        units = {g: grams[g] for g in sorted(grams) if grams[g] >= support and self._good_unit(g, grams[g])
                 and self._possessive_unit(g, grams[g], poss, cap_df) and acr_alone[g[0]] < grams[g]}
        for gram in self._written_lower(docs, units) | self._in_compound(units, grams) | self._unheard(docs, units):
            del units[gram]
        self._prune(units)
        self._learn_placed(docs)
        learnt = self._learn_given(units, surfaces)
        if learnt:
            self.given = self.given | learnt
        for gram in units:
            # The most used written form names the unit; ties go to the first in sorted order.
            name = min(surfaces[gram].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            if gram[-1] in self.poss_tails and gram[0] not in self.given:
                name += "'s"   # "Trader Joe's": its last word is never written without "'s"
            self.units[gram] = (Topic(name, topic_key(name), self._kind(gram, units[gram])), True)
            forms[name] += units[gram]
        self._learn_bare_possessives()
        self._learn_compass(units)
        for gram in self.units:
            self.unit_first[gram[0]] = max(self.unit_first.get(gram[0], 0), len(gram))
        if self.multilingual:   # 0: no unit starts here, but another language's function word is here
            for word in self._function_words:
                self.unit_first.setdefault(word.casefold(), 0)
        self._learn_variants(units)
        self._learn_particle_names(grams, surfaces, support)
        self._learn_misspelt(units, grams)
        self._learn_swapped(units, cap_df)
        self._learn_initials(units, acr_alone, spelt, support)
        self._learn_short_forms(units, acr_alone)
        self._learn_same_context(docs, units, acr_alone, support)
        self._learn_plurals(docs, support)
        self._learn_adjectives(support)
        self._learn_tails(units)
        self._learn_joined()
        self._learn_cases()
        self._learn_modified(docs)
        self._learn_tickers(acr_alone)
        self._learn_joined_names(units)
        self._settle_merged()
        # A company named like a person: often in company news, and seldom called by its last word
        # alone, as people are ("Buffett", "Cook"; never "Mae"; "Jones" of Dow Jones twice in 39,
        # another Jones).
        self._relabel({g for g, n in units.items() if self.units[g][0].kind == "person"
                       and firm_df[g] >= 2 and 6 * firm_df[g] >= n and 10 * self.alone[g[-1]] < n}, "name")
        titled = {g for g in units if self.units[g][0].kind != "person" and self.titled(g)}
        self._relabel(titled, "person")
        for gram in sorted(titled):   # "Camilla" alone is Queen Camilla where no other person is a Camilla
            if len(gram) == 2 and gram[1] not in self.firsts and gram[1] not in self.variants:
                self.firsts[gram[1]] = self.units[gram][0]
        # A name written mostly right after "in" and its kin is a place, not a person ("in Tamil Nadu").
        self._relabel({g for g, n in units.items() if self.units[g][0].kind == "person"
                       and self._placed_runs[g] >= 2 and 2 * self._placed_runs[g] >= n}, "name")
        self._learn_phrases()
        self._learn_display(forms, cap_df)
        self._learn_particles(docs, cap_df)

    def _learn_stressed(self, acronyms: Counter[str]) -> None:
        """Ordinary words of four letters or more written in capitals for stress or as a label
        ("MARKET SNAPSHOT:", "Trailer SLAYS", "FOUR things"): no acronyms where the corpus writes
        them in lower case at least as often (twice at least); "AIDS" and "SWAT" are written in
        capitals far more often than "aids" and "swat". A subject pronoun in capitals is stress at
        any length and count where the corpus writes it in lower case twice ("Are YOU eligible?",
        "Where do WE stand"; data/speech_en.txt, not "I", nor "IT" that names information technology)."""
        lower = self.lower_n
        pronouns = speech_words()[0] - {"i", "it"}
        stressed = {w for w, n in acronyms.items() if w in self._dict and lower[w] >= 2
                    and (w in pronouns or (len(w) >= 4 and lower[w] >= n))}
        if stressed:
            self.kickers = self.kickers | stressed

    def _learn_bare_possessives(self) -> None:
        """A name opened by a possessive, written without its apostrophe ("Dicks Sporting Goods"
        for "Dick's Sporting Goods"), is that name wherever a headline writes it so, even when the
        bare word is an ordinary or generic word ("dicks", "Mens Wearhouse": no run of the fit
        holds those, so no count is asked)."""
        for gram, (topic, caps) in list(self.units.items()):
            if gram[0].endswith("'s") and len(gram) >= 2:
                bare = (gram[0][:-2] + "s", *gram[1:])
                if bare not in self.units:
                    self.units[bare] = (topic, caps)

    def _learn_compass(self, units: dict[tuple[str, ...], int]) -> None:
        """A compass short form before the rest of a name that starts with its long form names
        that name ("N Korea" -> "North Korea"); of two long forms the more used ("N Ireland")."""
        best: dict[tuple[str, ...], tuple[int, tuple[str, ...]]] = {}
        forms = compass()
        for gram, n in units.items():
            short = forms.get(gram[0])
            if short is not None and len(gram) >= 2:
                alias = (short, *gram[1:])
                if alias not in self.units and (alias not in best or (n, gram) > best[alias]):
                    best[alias] = (n, gram)
        for alias, (_n, gram) in best.items():
            self.units[alias] = self.units[gram]

    def _written_lower(self, docs: list[tuple[list[list[Tok]], str]],
                       units: dict[tuple[str, ...], int]) -> set[tuple[str, ...]]:
        """Units of ordinary words the corpus also writes in lower case ("Human Voices" beside
        "human voices"): a phrase, not a name."""
        plain = {g for g in units if all(w.removesuffix("'s") in self._dict for w in g)
                 and not all(w in self.namey for w in g if w not in self.connectors)}
        pairs: dict[tuple[str, str], list[tuple[str, ...]]] = defaultdict(list)
        for g in plain:
            for a, b in zip(g, g[1:]):
                if a not in self.connectors and b not in self.connectors:
                    pairs[(a, b)].append(g)
        if not pairs:
            return set()
        seen: set[tuple[str, ...]] = set()
        for chunks, _style in docs:
            for chunk in chunks:
                for a, b in zip(chunk, chunk[1:]):
                    if not a.cap and not b.cap and (a.low, b.low) in pairs:
                        seen.update(pairs[(a.low, b.low)])
        return seen

    def _learn_phrases(self) -> None:
        """Quoted spans of ordinary words that the corpus also quotes in lower case ("'Price
        war'", "the other 'B-word'", "'Death stars' destroy ...") are phrases in quotes, not
        titles: every quoted form of them is dropped ("'Price War'"). Not a span also written as
        one word: a hashtag names a campaign ("#BanBossy" / "'ban bossy'"). Running text is no
        evidence: titles are made of phrases too ("the final rose" / 'After the Final Rose')."""
        for form in self.quoted_n:
            form = form.strip(".,;:!?")
            words = form.split()
            lows = [w.casefold() for w in words]
            if not 1 <= len(lows) <= 4 or not all(self.is_common(w) for w in lows) \
                    or all(w in self.connectors or w in self.stop for w in lows):
                continue
            key = topic_key(form)
            rest = [p for w in words[1:] for p in w.split("-")] or form.split("-")[1:]
            # One word: quoted in lower case ("he would 'absolutely' do it"), a word in quotes.
            lower = all(p[:1].islower() for p in rest if p) if rest else form[:1].islower()
            if lower and not self.alone[key.replace(" ", "")]:
                self.phrases.add(key)

    def _unheard(self, docs: list[tuple[list[list[Tok]], str]], units: dict[tuple[str, ...], int]) -> set[tuple[str, ...]]:
        """Units of ordinary words that only title case capitalises ("Sneak Peek", "Impulse
        Purchases"), where the corpus has SENTENCE_EVIDENCE sentence-case headlines or more: a
        name is capitalised mid-sentence there too ("Golden Globes" in "Stars arrive at the Golden
        Globes"). A smaller corpus keeps them (the owner's rail is title case)."""
        sentence = [chunks for chunks, style in docs if style == SENTENCE]
        if len(sentence) < SENTENCE_EVIDENCE:
            return set()
        weak = {g for g in units if all(self.is_common(w.removesuffix("'s")) for w in g)
                and not self._person_like(g) and not any(w in self.namey for w in g)}
        if not weak:
            return set()
        pairs: dict[tuple[str, str], list[tuple[str, ...]]] = defaultdict(list)
        for g in weak:
            pairs[(g[0].removesuffix("'s"), g[1].removesuffix("'s"))].append(g)
        heard: set[tuple[str, ...]] = set()
        for chunks in sentence:
            for chunk in chunks:
                for a, b in zip(chunk, chunk[1:]):
                    if a.cap and not a.initial and (b.cap or b.low in self.connectors) and (a.low, b.low) in pairs:
                        heard.update(pairs[(a.low, b.low)])
        return weak - heard

    def _in_compound(self, units: dict[tuple[str, ...], int], grams: Counter[tuple[str, ...]]) -> set[tuple[str, ...]]:
        """Units of ordinary words cut from a longer run that holds a common compound, in most of
        their headlines ("Partial Solar" of "Partial Solar Eclipse": "solar eclipse" is an
        ordinary phrase, so the longer run names nothing and neither does its part)."""
        plain = {g for g in units if all(w in self._dict for w in g)}
        if not plain:
            return set()
        out: set[tuple[str, ...]] = set()
        for longer, n in grams.items():
            for part in (longer[:-1], longer[1:]):
                if part in plain and 5 * n >= 4 * units[part] and all(w in self._dict for w in longer) \
                        and self._has_compound(longer):
                    out.add(part)
        return out

    def _learn_display(self, forms: Counter[str], cap_df: Counter[str]) -> None:
        """One written form per topic key: the most used of its forms ("The Bachelor" over "Bachelor";
        "Beyoncé" over "Beyonce" when more headlines write the word with its accent)."""
        by_key: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for form, n in forms.items():
            by_key[topic_key(form)].append((n, form))
        for form in self._accented:   # one-word spellings: in how many headlines' capitalised runs
            plain = fold_accents(form)
            key = topic_key(form)
            by_key[key] += [(cap_df[form.casefold()], form), (cap_df[plain.casefold()], plain)]
        for key, cands in by_key.items():
            if len(cands) > 1:
                self.display[key] = min(cands, key=lambda c: (-c[0], -len(c[1]), c[1]))[1]

    def _learn_particles(self, docs: list[tuple[list[list[Tok]], str]], cap_df: Counter[str]) -> None:
        """A surname English headlines write after a lower-case particle of data/name_prefixes.txt
        ("on de Blasio", "Mayor de Blasio") in at least half the headlines that capitalise it is
        shown with its particle ("de Blasio"), and "De Blasio" is the same topic (and counts towards
        that half, with two lower-case particles at least). Headlines of other languages tell nothing ("ciudad
        de México"): each one holding the pattern is read for its language."""
        after: dict[str, Counter[str]] = defaultdict(Counter)
        capped: Counter[str] = Counter()   # the same word after the particle capitalised ("De Blasio")
        prefixes = self.prefix_words
        for chunks, style in docs:
            found: list[tuple[str, str]] = []
            for chunk in chunks:
                for a, b in zip(chunk, chunk[1:]):
                    if a.low in prefixes and b.cap and not b.acr and not b.num \
                            and b.low.isalpha() and b.low not in self._dict and b.low not in places():
                        found.append((a.base, b.base))
            if found and self.language(" ".join(t.base for chunk in chunks for t in chunk), style) is None:
                for particle, word in found:
                    if particle[0].islower():
                        after[word.casefold()][f"{particle} {word}"] += 1
                    else:
                        capped[word.casefold()] += 1
        for word, forms in after.items():
            n = sum(forms.values())
            key = topic_key(word)
            # Half the headlines capitalising the word hold the particle, in either case ("De
            # Blasio" opening title-case headlines), and two write it in lower case to show it.
            if n >= 2 and 2 * (n + capped[word]) >= cap_df[word] and key not in self.display:
                shown = self.display[key] = min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]
                whole = topic_key(shown)   # "De Blasio" in title case: the same topic
                if whole not in self.merged and whole not in self.aliases:
                    self.merged[whole] = Topic(shown, key, "name")

    def _run_grams(self, run: list[Tok], seen: set, surfaces: dict, words: set) -> None:
        """The run's words, and its grams of 2..MAX_N words that neither start nor end with a
        connector or a one-letter word, each with its written form."""
        lows = [t.low for t in run]
        words.update(lows)
        for tok in run:
            if not tok.low.isascii():
                self._accented.add(tok.base)
        n = len(lows)
        if n < 2:
            return
        connectors = self.connectors
        edge = [w not in connectors and len(w) != 1 for w in lows]
        # Without a possessive inside, a gram is its words' slice (gram_of and surface_of's result).
        plain = not any(t.poss for t in run[:-1])
        bases = [t.base for t in run] if plain else None
        for i in range(n - 1):
            if not edge[i]:
                continue
            for j in range(i + 2, min(n, i + MAX_N) + 1):
                if not edge[j - 1]:
                    continue
                if bases is not None:
                    gram = tuple(lows[i:j])
                    surface = " ".join(bases[i:j])
                else:
                    gram, surface = gram_of(run, i, j), surface_of(run, i, j)
                seen.add(gram)
                forms = surfaces[gram]
                forms[surface] = forms.get(surface, 0) + 1   # not Counter's += (a Python __missing__ call)

    def _generic_tails(self, chunks: list[list[Tok]], seen: set, surfaces: dict,
                       tails: list[tuple[str, ...]], lowered: list[tuple[str, ...]]) -> None:
        """In a sentence-case headline, a headline word (data/generic_en.txt) capitalised
        mid-sentence at the end of a capitalised run ends that name: "Masayoshi Son promises",
        "my Apple Watch", "the Milky Way and". Title case capitalises such words anyway, so only
        sentence case tells, and only beside running text (not a label: "… Tech Insider"). Not a
        title before a name ("Health Minister Manto ..."), a demonym
        ("North American markets") or a company's form ("Kroger Co."); the pair written with the
        word in lower case ("Trump says") counts against it (_learn_units)."""
        hard = self.hard
        calendar = calendar_words()
        for chunk in chunks:
            if hard.isdisjoint(map(_LOW, chunk)) or all(t.cap or t.num for t in chunk):
                continue   # a label of capitalised words ("… Tech Insider"): no running text around it
            last = len(chunk) - 1
            for i in range(1, last + 1):
                b, a = chunk[i], chunk[i - 1]
                if b.low not in hard or b.initial or b.num or b.acr or not self._run_word(a):
                    continue
                if not b.cap:
                    lowered.append((a.low, b.low))
                    continue
                nxt = chunk[i + 1] if i < last else None
                if nxt is not None and nxt.cap and not nxt.num and not b.poss or self._formal(b.low):
                    continue
                start = i - 1
                while start > 0 and i - start < MAX_N - 1 and (
                        self._run_word(chunk[start - 1]) or chunk[start - 1].low in calendar):
                    start -= 1   # a day or month opens the name too ("Saturday Night Live")
                gram = tuple(t.low for t in chunk[start: i + 1])
                tails.append(gram)
                if gram not in seen:
                    seen.add(gram)
                    forms = surfaces[gram]
                    surface = " ".join(t.base for t in chunk[start: i + 1])
                    forms[surface] = forms.get(surface, 0) + 1

    def _generic_heads(self, chunks: list[list[Tok]], seen: set, surfaces: dict,
                       heads: list[tuple[str, ...]], lowered: list[tuple[str, ...]]) -> None:
        """In a sentence-case headline, a headline word capitalised mid-sentence at the start of a
        capitalised run of ordinary words opens that name: "the Met Gala", "the Met Office"
        (counted with the tails of _generic_tails: twice at least, seldom written "met Gala").
        Not a title before a name, and not before a word the corpus capitalises alone mid-sentence
        ("President Trump" is Trump, though "trump" is a dictionary word)."""
        hard = self.hard
        for chunk in chunks:
            if hard.isdisjoint(map(_LOW, chunk)) or all(t.cap or t.num for t in chunk):
                continue
            n = len(chunk)
            for i in range(1, n - 1):
                a, b, c = chunk[i - 1], chunk[i], chunk[i + 1]
                if b.low not in hard or b.initial or b.num or b.acr or b.poss or a.cap or not c.cap \
                        or b.low in titles():
                    continue
                j = i + 1
                while j < n and j - i < MAX_N and chunk[j].cap and not (chunk[j].num or chunk[j].acr):
                    j += 1
                rest = [t.low for t in chunk[i + 1: j]]
                if j < n and chunk[j].cap or chunk[j - 1].poss and j - 1 > i + 1 or not all(
                        w in self._dict and w not in hard and w not in self.given and w not in self.namey_alone
                        for w in rest):
                    continue   # "President Trump": "Trump" is written alone as a name
                if not b.cap:
                    lowered.append((b.low, rest[0]))
                    continue
                gram = (b.low, *rest)
                heads.append(gram)
                if gram not in seen:
                    seen.add(gram)
                    forms = surfaces[gram]
                    surface = " ".join(t.base for t in chunk[i:j])
                    forms[surface] = forms.get(surface, 0) + 1

    def _run_word(self, tok: Tok) -> bool:
        """A capitalised word that may open a name ending in a headline word (see _generic_tails)."""
        return tok.cap and not (tok.num or tok.acr or tok.poss) and tok.low not in self.generic \
            and tok.low not in self.connectors and tok.low not in self.kickers

    def _formal(self, low: str) -> bool:
        """A demonym ("American") or a word of a company's legal form ("Co", "Corp"): it ends no
        name of its own after a capitalised word."""
        return demonym_place(low) is not None or low in name_tail_words()

    def _acronyms(self, chunk: list[Tok], out: set[str]) -> None:
        """Acronyms of a chunk that stand on their own (do not open a name with the next word),
        mixed-case ones too ("BoE", "DoJ"), and how each is written."""
        last = len(chunk) - 1
        for i, tok in enumerate(chunk):
            # A mixed-case acronym is capitalised and not all caps, so it is never a `tok.acr`.
            if (not (i < last and self._opens_unit(tok, chunk[i + 1])) if tok.acr
                    else tok.cap and _mixed_acronym(tok.base)):
                out.add(tok.low)
                self._acronym_forms[tok.low][tok.base] += 1

    def _possessive_grams(self, chunk: list[Tok], seen: set, surfaces: dict, poss: "_Possessives",
                          first: bool) -> None:
        """Grams that run through a possessive ("Grey's Anatomy"), and the counts that tell a work
        or brand from a possessor: how often each word is written with "'s", bare and capitalised,
        or with "'s" as a whole noun phrase ("Macy's Cuts Jobs", "at Kohl's for"), and which
        words follow a given name (surnames). A possessive after a name word ("Taylor Swift's")
        is a person's, so no gram starts there."""
        last = len(chunk) - 1
        bare, given = poss.bare, self.given
        for i, tok in enumerate(chunk):
            if tok.num:
                continue
            if not tok.poss:
                bare.add(tok.low)
                if not tok.cap:
                    continue
                if not tok.initial or not self.is_common(tok.low):
                    poss.bare_cap.add(tok.low)
                    nxt = chunk[i + 1] if i < last else None
                    if nxt is None or not nxt.cap or nxt.num or self.is_common(nxt.low):
                        poss.solo.add(tok.low)
                if tok.low in given and i < last and chunk[i + 1].cap:
                    poss.after.add(chunk[i + 1].low)
                continue
            if not tok.cap or tok.acr or tok.low in self.stop or tok.low + "'s" in self.stop:
                continue   # "It's", "What's", "Let's": contractions
            poss.poss.add(tok.low)
            nxt = chunk[i + 1] if i < last else None
            if nxt is None or nxt.num or nxt.low in self.stop or nxt.low in self.hard:
                poss.whole.add(tok.low)
            prev = chunk[i - 1] if i else None
            if prev is not None and prev.cap and not prev.num and not self.is_common(prev.low) \
                    and prev.low not in self.generic:
                continue
            lead = first and all(t.low in self.stop for t in chunk[:i])   # opens the headline
            tail: list[Tok] = []
            for nxt in chunk[i + 1: i + MAX_N]:
                if not nxt.cap or nxt.num or nxt.acr or nxt.low in self.generic:
                    break
                tail.append(nxt)
                if nxt.poss:
                    break
            span = [tok, *tail]
            for j in range(2, len(span) + 1):
                if span[j - 1].low in self.connectors or len(span[j - 1].low) == 1:
                    continue
                gram = gram_of(span, 0, j)
                if not lead:
                    poss.inline.add(gram)
                if gram not in seen:
                    seen.add(gram)
                    surfaces[gram][surface_of(span, 0, j)] += 1

    def _possessive_unit(self, gram: tuple[str, ...], n: int, poss: "_Possessives", cap_df: Counter) -> bool:
        """A gram opened by a possessive is one name only when the two sides belong together:
        the possessive is mostly followed by this rest and the rest mostly follows it, each in
        more than half of its headlines ("Grey's Anatomy"; not "Trump's Tariffs"); the possessor
        is written bare less often ("Microsoft's Surface" is Microsoft's); and it is no person's
        ("Swift's Eras Tour"), nor a place's name-bearer ("Canada's Carney")."""
        if not gram[0].endswith("'s"):
            return True
        word = gram[0][:-2]
        if gram[1] in self.given or 4 * max(poss.after_given[gram[-1]], poss.after_given[word]) >= n:
            return False   # a surname, unless the corpus mostly uses it otherwise ("Will Men ..." once)
        if word in places() and not all(self.is_common(w) for w in gram[1:]):
            return False   # "America's Cup" stays one
        if poss.inline_df[gram] == 0 and all(self.is_common(w.removesuffix("'s")) for w in gram):
            return False   # ordinary words only ever opening a headline: a column ("Investor's Alert: ...")
        return 2 * n > poss.poss_df[word] and 2 * n > cap_df[gram[1]] and poss.bare_cap_df[word] < n

    def _learn_generic(self, docs: list, grams: Counter, cap_df: Counter,
                       poss_grams: list[list[tuple[str, ...]]], doc_runs: list[list[list[Tok]] | None]) -> None:
        """Ordinary words capitalised in many headlines, mostly outside any recurring unit
        (a unit through a possessive counts: "Anatomy" in "Grey's Anatomy"). `doc_runs`: each
        headline's runs as _learn_units found them (None: not found there, all caps)."""
        floor = max(4, int(0.01 * len(docs)))
        candidates = {w for w, n in cap_df.items() if n >= floor and self.is_common(w)
                      and w not in self.soft and w not in self.prefix_words}
        if not candidates:
            return
        recurring = {g for g, n in grams.items() if n >= 2}
        covered: Counter[str] = Counter()
        for (chunks, style), doc_poss, runs in zip(docs, poss_grams, doc_runs):
            inside = {w for g in doc_poss if grams[g] >= 2 for w in g[1:] if w in candidates}
            if runs is None:
                runs = [run for chunk in chunks for run in self._runs(chunk, style, learn=True)]
            for run in runs:
                if len(run) < 2:
                    continue   # a one-word run holds no gram
                lows = tuple(t.low for t in run)
                for i in range(len(lows)):
                    if lows[i] in candidates:
                        if any(lows[a:b] in recurring for a in range(max(0, i - MAX_N + 1), i + 1)
                               for b in range(max(a + 2, i + 1), min(len(lows), a + MAX_N) + 1)):
                            inside.add(lows[i])
            if inside:
                covered.update(inside)
        self.generic.update(w for w in candidates if covered[w] < 0.5 * cap_df[w])

    def _good_unit(self, gram: tuple[str, ...], n: int) -> bool:
        """A recurring capitalised run that can name something: not edged by generic words, and
        not only ordinary words unless the corpus capitalises one of them mid-sentence, or it
        recurs, is no common compound ("Red Carpet") and none of its words is used in lower
        case ("Key Rate" names nothing). After
        a possessive the rest is what is judged: "Farrow's Abuse" twice is a name's thing, not a
        name; "Schitt's Creek" three times is one. So it is after a demonym ("American Eagle":
        "Eagle" is capitalised mid-sentence; "Chinese Stocks" is no name)."""
        if gram in self.generic_named:
            return True   # "Masayoshi Son": the corpus capitalises its headline word mid-sentence
        demonym = gram[0] in self.generic and self.is_demonym(gram[0]) and gram[0] not in self.stop
        if (gram[0] in self.generic and not demonym) or gram[-1] in self.generic or gram[-1] in self.soft:
            return False
        if all(w in self.generic or w in self.soft or w in self.connectors for w in gram):
            return False
        words = [w.removesuffix("'s") for w in (gram[1:] if gram[0].endswith("'s") or demonym else gram)]
        if all(self._ordinary(w) for w in words) and not self._person_like(gram):
            content = [w for w in words if w not in self.connectors]
            if any(w in self.namey and "-" not in w for w in content):
                return True   # capitalised mid-sentence too: "the Supreme Court ruled", "World Cup"
            # (not a compound of ordinary words: "Part-Time Workers" is capitalised for show)
            # Otherwise a name only when the corpus never uses its words as ordinary words:
            # "Golden Globes", not "Key Rate" ("cuts key rate", "the key test"); a word capitalised
            # by rule is never written in lower case, and is an ordinary word all the same ("Sunni Muslim").
            by_rule = capitalised_by_rule()
            return n >= 3 and not self._has_compound(gram) and not any(
                w in self.common or w in by_rule for w in content)
        return True

    def _learn_given(self, units: dict[tuple[str, ...], int], surfaces: dict) -> set[str]:
        """First names the given-name table lacks ("Miley", "Shailene", "Cressida"): the first
        word of a two-word unit of name words that the corpus also calls by one of its words
        alone ("Miley Cyrus" ... "Cyrus"; "Cressida Bonas" ... "Cressida"), where the first word
        opens no other unit and stands alone at most three times as often as the pair (a brand
        before its product stands alone far more: "Sony Xperia"), and is followed by no other
        name word anywhere in the corpus where it also stands alone, by one at most where it
        never does (a maker before its products: "Nissan Sentra", "Nissan Sylphy"). Not a word,
        place, demonym or shape of a brand ("OpenAI Sora"), nor a noun that ends place and firm
        names."""
        starts = Counter(first for first, _second in {g[:2] for g in units})   # "Miley Cyrus Motorboats" is Miley Cyrus's
        heads = name_heads()
        # A maker opens its products' names and stands alone ("Nissan Sentra", "Nissan Sylphy",
        # "Nissan"); a first name is followed by its surname, besides words, other first names and
        # at most one other spelling of the surname where it is never alone ("Vladimir Poutine").
        opens = {g[0] for g, n in units.items() if len(g) == 2 and g[0] not in self.given}
        named_after: dict[str, set[str]] = defaultdict(set)
        for gram in surfaces:
            if len(gram) == 2 and gram[0] in opens and gram[1] not in self.given and "-" not in gram[1] \
                    and self._name_word_only(gram[1]):
                named_after[gram[0]].add(gram[1])
        learnt: set[str] = set()
        for gram, n in units.items():
            if len(gram) != 2 or gram[0] in self.given or starts[gram[0]] != 1 \
                    or len(named_after[gram[0]] - {gram[1]}) >= (1 if self.alone[gram[0]] else 2):
                continue
            first, last = gram
            if not (self.alone[first] or self.alone[last]) or self.alone[first] > 3 * n or last in heads \
                    or first not in self.cap_mid:   # only ever a headline's first word: "Caso Marielle: ..."
                continue
            if not all(self._name_word_only(w) for w in gram) or first in self.placed or last in self.placed:
                continue
            shown = min(surfaces[gram].items(), key=lambda kv: (-kv[1], kv[0]))[0].split()
            if len(shown) == 2 and not any(c.isupper() for c in shown[0][1:]):
                learnt.add(first)
        return learnt

    def _learn_placed(self, docs: list[tuple[list[list[Tok]], str]]) -> None:
        """Words the corpus names alone mostly right after "in" or its kin in other languages
        (LOCATIVES: "en Córdoba", "in Toledo"), twice at least: places, so no person's surname
        stands for them and they make no first name of the word before them ("Coto Córdoba" is a
        club, and "Córdoba" alone is the city)."""
        after: Counter[str] = Counter()
        after_runs: Counter[tuple[str, ...]] = Counter()   # "in Tamil Nadu": a run of name words after one
        for chunks, _style in docs:
            for chunk in chunks:
                for i in range(1, len(chunk)):
                    a, b = chunk[i - 1], chunk[i]
                    if not a.cap and a.low in LOCATIVES and b.cap and not b.acr and not b.poss and not b.num:
                        if i + 1 == len(chunk) or not chunk[i + 1].cap:   # alone: not "in Jennifer Lopez"
                            after[b.low] += 1
                            continue
                        j = i + 1
                        while j < len(chunk) and j - i < MAX_N and chunk[j].cap and not chunk[j].num \
                                and not chunk[j].acr and not chunk[j].poss:
                            j += 1
                        if j == len(chunk) or not chunk[j].cap:   # the whole run, no possessive after it
                            after_runs[tuple(t.low for t in chunk[i:j])] += 1
        self.placed = {w for w, n in after.items() if n >= 2 and 2 * n >= self.alone[w]}
        self._placed_runs = after_runs

    def _name_word_only(self, word: str) -> bool:
        """A word of three letters or more that is no ordinary word, place, demonym or generic word."""
        return len(word) >= 3 and word.replace("-", "").isalpha() and word not in self._dict \
            and word not in self.common and word not in places() and demonym_place(word) is None \
            and word not in self.generic and word not in self.connectors

    def _has_compound(self, gram: tuple[str, ...]) -> bool:
        for i in range(len(gram) - 1):
            for j in range(i + 2, min(len(gram), i + 3) + 1):
                span = gram[i:j]
                last = span[-1]
                singular = {last, last[:-1] if last.endswith("s") else last,
                            last[:-2] if last.endswith("es") else last}
                head = " ".join(span[:-1])
                if any(f"{head} {s}" in self.compounds for s in singular):
                    return True
        return False

    def _person_like(self, gram: tuple[str, ...], given: frozenset[str] | None = None) -> bool:
        """A given name then one or two more name words ("Mark Carney", "Juan Pablo Galavis"),
        the last no noun that ends place or firm names ("Jane Street"); not a title ("Queen
        Camilla") or a place the corpus names alone ("Virginia Beach") in the given name's seat."""
        given = self.given if given is None else given
        return 2 <= len(gram) <= 3 and gram[0] in given and gram[-1] not in name_heads() and (
            gram[0] not in self._dict or gram[-1] not in self._dict) and gram[0] not in titles() \
            and not self._place_first(gram[0]) and self._surname_last(gram) and not any(
            w in self.connectors or w in self.soft or w in self.prefix_words or w in self.generic
            or not w.replace("-", "").isalpha() for w in gram)

    def _surname_last(self, gram: tuple[str, ...]) -> bool:
        """A person's last word is a census surname where a word could end the run instead: a
        dictionary word ("Cleveland Police", "Mindy Project", "Oscar Nominations"; "Sam Smith",
        "Johnny Cash" are people), or any word after a place in the first name's seat ("Denver
        Whataburger" where "Denver" is named alone; "Sydney Sweeney" is a person; "Francisco", of
        San Francisco, is a first name where the corpus never names it alone). A word the corpus
        capitalises alone mid-sentence is a surname too ("Steve Jobs": Jobs is below the census
        cut). Other last words need no census: most surnames of the world are in no English list
        ("Shigeru Ishiba")."""
        last = gram[-1]
        if last in surnames() or fold_accents(last) in surnames() or last in self.namey_alone:
            return True   # "Martínez"; "Jobs" where sentence-case headlines capitalise it alone
        first = gram[0]
        return last not in dictionary_words() and not made_word(last) and not (
            first in places() and self.alone[first] or first in self.placed)

    def _lone_first(self, low: str) -> bool:
        """A first name standing alone that names nobody: seldom a name on its own in the corpus,
        and no place ("Israel", "Georgia" alone are the places)."""
        return low in self.given and self.alone[low] < 3 and low not in places()

    def _place_first(self, word: str) -> bool:
        """A given name that is also a place the corpus names on its own ("Israel", "Virginia"):
        before another name word it opens no person ("Virginia Beach"), and alone it is the place."""
        return word in places() and self.alone[word] >= 2

    def _prune(self, units: dict[tuple[str, ...], int]) -> None:
        """Drop units always inside a longer one, extended by an ordinary word ("Ben Affleck
        Wedding", "Acquire Jos A Bank"), or two known names glued ("Xbox One Titanfall")."""
        best_super: Counter[tuple[str, ...]] = Counter()   # from all units, before any goes
        for gram, n in units.items():
            for i in range(len(gram)):
                for j in range(i + 2, len(gram) + 1):
                    if j - i < len(gram):
                        best_super[gram[i:j]] = max(best_super[gram[i:j]], n)
        inside = [g for g in units if units[g] <= 1.25 * best_super.get(g, 0)]
        for gram in list(units):
            head, tail = gram[1:], gram[:-1]
            n = 1.25 * units[gram]
            # "Tyson Hosts": a name then a verb form; it needs less evidence to go than a noun does.
            ending = 0.4 * n if self._inflected(gram[-1]) else n
            if gram in self.generic_named:
                continue   # the corpus capitalises its headline word mid-sentence ("the Met Gala", "Xbox Live")
            if (self.is_common(gram[-1]) and ending <= self._support(tail, units)) or (
                    self.is_common(gram[0]) and gram[0] not in self.soft and n <= self._support(head, units)):
                del units[gram]
        for gram in inside:
            units.pop(gram, None)
        for gram in [g for g in units if self._glued(g, units) or self._modified(g, units[g]) or self._of_person(g)
                     or self._role_before(g)]:
            del units[gram]
        # Ordinary words before a first name that opens a person ("Entrepreneur Jared" of "Tech
        # Entrepreneur Jared Pobre"): half a person, not a name; a title is no ordinary word here.
        opens = {g[0] for g in units if self._person_like(g)}
        for gram in [g for g in units if g[-1] in opens and g[0] not in titles()
                     and all(self.is_common(w) for w in g[:-1]) and not self._person_like(g)]:
            del units[gram]

    def _role_before(self, gram: tuple[str, ...]) -> bool:
        """A word of the small dictionary before two or more words no dictionary knows ("Creator
        Nic Pizzolatto", "Whistleblower Edward Snowden"): a role or description before a name,
        not part of it (tagging cuts the word, as _trim does). Not a soft word, title, particle,
        place or demonym ("New York", "Queen Rania", "San Diego", "Lake Tahoe"), and never a
        word the corpus capitalises mid-sentence ("Virgin Galactic" holds dictionary words)."""
        first, rest = gram[0], gram[1:]
        return len(rest) >= 2 and first in self._words and first not in self.namey and first not in self.soft \
            and first not in titles() and first not in self.prefix_words and first not in places() \
            and demonym_place(first) is None and all(
                w.isalpha() and w not in self._dict and w not in self.common and w not in places() for w in rest)

    def _of_person(self, gram: tuple[str, ...]) -> bool:
        """Ordinary words, a connector, then a person's full name ("First Image of Grant Gustin"):
        something of the person, not a name (tagging cuts it to the person, as _trim does)."""
        for k in range(1, len(gram) - 2):
            if gram[k] in self.connectors:
                return all(self.is_common(w) for w in gram[:k]) and self._person_like(gram[k + 1:])
        return False

    def _modified(self, gram: tuple[str, ...], n: int) -> bool:
        """A soft word before a name the corpus names alone three times as often ("New Android",
        "New iPhone"): the word says what kind, the name is the name. Soft words start names too
        ("New York", "Great Britain", "Real Madrid"): not before a place's word, nor before a
        name seldom alone ("New Yorker")."""
        return len(gram) == 2 and gram[0] in self.soft and gram[1] not in places() \
            and not self.is_common(gram[1]) and self.alone[gram[1]] >= 3 * n

    def _inflected(self, word: str) -> bool:
        """An ordinary word with an inflection ending whose stem is a word too ("hosts", "picked")."""
        for end in ("s", "es", "ed", "d", "ing"):
            if word.endswith(end) and word[: -len(end)] in self._words:
                return True
        return False

    def _glued(self, gram: tuple[str, ...], units: dict[tuple[str, ...], int]) -> bool:
        """Both sides of a split are names seen more often on their own than the whole, or a
        maker seen alone three times as often before a product seen alone half as often ("Google
        Chromecast" is Google's Chromecast; not a person: "Lena Dunham")."""
        n = units[gram]
        person = None
        for k in range(1, len(gram)):
            left, right = gram[:k], gram[k:]
            if left[-1] in self.connectors or right[0] in self.connectors or len(left[-1]) == 1 \
                    or len(right[0]) == 1:
                continue
            ahead, after = self._support(left, units), self._support(right, units)
            if ahead >= n and after >= n:
                return True
            if ahead >= 3 * n and 2 * after >= n:
                if person is None:
                    person = self._person_like(gram)
                if not person:
                    return True
        return False

    def _support(self, part: tuple[str, ...], units: dict[tuple[str, ...], int]) -> int:
        """How often a part is seen as a name of its own: a unit, a lone word, or one of those
        with ordinary words at either end ("Titanfall Bundle" counts as "Titanfall", "Exchange
        Mt Gox" as "Mt Gox")."""
        if len(part) == 1:
            return 0 if self.is_common(part[0]) else self.alone[part[0]]
        found = units.get(part, 0)   # a unit of its own, or the name inside its ordinary edges
        if self.is_common(part[-1]):
            return max(found, self._support(part[:-1], units))
        return max(found, self._support(part[1:], units)) if self.is_common(part[0]) else found

    def _learn_variants(self, units: dict[tuple[str, ...], int]) -> None:
        """Surname -> person, cut beginning -> its unit, given name -> the one person known by it."""
        by_last: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        by_first: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        by_prefix: dict[tuple[str, ...], list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        for gram, n in units.items():
            if self.units[gram][0].kind == "person":
                # "Robert Downey Jr": its surname is Downey; "Jr" alone is no one's ("Donald Trump Jr.").
                last = gram[-2] if gram[-1] in NAME_SUFFIXES and len(gram) >= 3 else gram[-1]
                by_last[last].append((n, gram))
                by_first[gram[0]].append((n, gram))
            for k in range(1, len(gram)):
                by_prefix[gram[:k]].append((n, gram))
        for table, out in ((by_last, self.variants), (by_prefix, self.prefixes), (by_first, self.firsts)):
            for word, cands in table.items():
                cands.sort(reverse=True)
                if len(cands) == 1 or cands[0][0] >= 3 * cands[1][0]:
                    out[word] = self.units[cands[0][1]][0]
                elif out is self.firsts:
                    out[word] = None
        for word, cands in by_last.items():
            # A surname written alone far more often than with this first name is the usual
            # form of someone else too ("Obama" is not "Michelle Obama"): it stays the surname.
            # A place named alone is the place ("in Washington").
            if word in self.variants and (self.alone[word] > SURNAME_ALONE * cands[0][0] or word in self.placed):
                del self.variants[word]
        for gram, n in units.items():   # "Juan Pablo" -> "Juan Pablo Galavis": a person's first names,
            unit = self.prefixes.get(gram)   # not a rare run that glues a word on ("Miley Cyrus Motorboats")
            if unit is not None and unit.kind == "person" and self.units[gram][0].kind == "person" \
                    and 10 * by_prefix[gram][0][0] >= n:
                self.units[gram] = (unit, True)

    def _learn_particle_names(self, grams: Counter[tuple[str, ...]], surfaces: dict, support: int) -> None:
        """A name opened by a particle (data/name_prefixes.txt: "Las Vegas", "La Liga", "De Niro";
        found by tagging, never a unit: the particle is a stop word) is what its second word alone
        stands for ("Vegas"), as a surname stands for its person: not an ordinary word or a first
        name ("St Louis" is no "Louis"), nor a word seen alone over SURNAME_ALONE times as often."""
        for gram, n in sorted(grams.items(), key=lambda kv: (-kv[1], kv[0])):
            if n < support:
                break
            if len(gram) != 2 or gram[0] not in self.prefix_words:
                continue
            word = gram[1]
            if word in self.variants or word in self.given or self.is_common(word) \
                    or not word.isalpha() or self.alone[word] > SURNAME_ALONE * n:
                continue
            name = min(surfaces[gram].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            self.variants[word] = Topic(name, topic_key(name), "name")

    def _learn_misspelt(self, units: dict[tuple[str, ...], int], grams: Counter[tuple[str, ...]]) -> None:
        """A person's name misspelt in a few headlines is that person ("Stacey Keibler", "Stacy
        Kiebler" beside "Stacy Keibler"): a two-word run that shares one word with a person the
        corpus knows and whose other word is one edit from that person's past the first letter
        (one_edit), seen at most a third as often ("Mark Carey" seen as often as "Mark Carney"
        is someone else)."""
        by_word: dict[tuple[int, str], list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        for gram, n in units.items():
            if len(gram) == 2 and self.units[gram][0].kind == "person":
                by_word[(0, gram[1])].append((n, gram))   # same surname: first names compared
                by_word[(1, gram[0])].append((n, gram))   # same first name: surnames compared
        if not by_word:
            return
        taken = self.aliases.keys() | self.merged.keys()
        near = sorted((g, m) for g, m in grams.items()   # sorted after the filter: grams are many
                      if len(g) == 2 and ((0, g[1]) in by_word or (1, g[0]) in by_word))
        for rare, m in near:
            for side in (0, 1):
                cands = by_word.get((side, rare[1 - side]))
                if not cands:
                    continue
                hits = [(n, g) for n, g in cands if 3 * m <= n and one_edit(g[side], rare[side])]
                key = topic_key(" ".join(rare))
                if hits and key not in taken:
                    topic = self.units[max(hits)[1]][0]
                    if topic.key not in self.merged:
                        self.merged[key] = topic
                    break

    def _learn_swapped(self, units: dict[tuple[str, ...], int], cap_df: Counter[str]) -> None:
        """A person's surname written alone with two letters side by side swapped, the typo of a
        hurried headline ("Beiber" beside Bieber, "Galvais" beside Galavis), is that person: a
        word of five letters or more that no dictionary or first-name table holds, capitalised in
        at most a tenth as many headlines as name the person ("Juan Pablo Galvais" is read as
        Juan Pablo, then "Galvais" alone). Only a swap: a letter changed, added or
        dropped makes other real names too ("Cohen" / "Cohn")."""
        taken = self.aliases.keys() | self.merged.keys()
        by_last: Counter[str] = Counter()
        for gram, n in units.items():
            by_last[gram[-1]] += n
        for surname, topic in sorted(self.variants.items(), key=lambda kv: kv[0]):
            if topic.kind != "person" or len(surname) < 5:
                continue
            named = self.alone[surname] + by_last[surname]
            for i in range(1, len(surname) - 1):
                swapped = surname[:i] + surname[i + 1] + surname[i] + surname[i + 2:]
                n = cap_df.get(swapped, 0)
                if n and 10 * n <= named and swapped != surname and swapped not in self._dict \
                        and swapped not in self.given and swapped not in self.variants \
                        and topic_key(swapped) not in taken:
                    self.merged[topic_key(swapped)] = topic

    def _initials(self, gram: tuple[str, ...]) -> set[str]:
        """The acronyms a name may be written as: its words' initials, with or without its
        connectors, each part of a hyphenated word counting ("Bank of England": "boe", "be")."""
        words = [p for w in gram for p in w.removesuffix("'s").split("-") if p]
        content = [w for w in words if w not in self.connectors]
        if len(content) < 2 or not all(w[0].isalpha() for w in words):
            return set()
        return {"".join(w[0] for w in words), "".join(w[0] for w in content)}

    def _learn_initials(self, units: dict[tuple[str, ...], int], acronyms: Counter[str],
                        spelt: Counter[tuple[str, tuple[str, ...]]], support: int) -> None:
        """An acronym and the name it abbreviates are one topic, shown in the more used form
        ("GM" / "General Motors", "BOE" / "Bank of England"), where the corpus spells it out:
        the two stand in one headline ("General Motors (GM) recalls ..."), the acronym's letters
        are the name's initials, and no other name with those initials is spelt out with it
        ("Gulf of Mexico" never is). Not a person's initials, not an ordinary word, kicker or
        compass point."""
        by_letters: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for gram in units:
            if self.units[gram][0].kind != "person":
                for letters in self._initials(gram):
                    by_letters[letters].append(gram)
        for letters, cands in sorted(by_letters.items()):
            grams = [g for g in cands if spelt[(letters, g)]]
            if len(grams) != 1 or acronyms[letters] < support \
                    or letters in self._dict or letters in self.kickers or letters in self.compass:
                continue
            unit = self.units[grams[0]][0]
            forms = self._acronym_forms[letters]
            short = min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0] if forms else letters.upper()
            if topic_key(short) in self.aliases or unit.key in self.aliases:
                continue   # the caller's aliases win
            if acronyms[letters] >= units[grams[0]]:
                self.merged[unit.key] = Topic(short, topic_key(short), "acronym")
            else:
                self.merged[topic_key(short)] = unit

    def _learn_short_forms(self, units: dict[tuple[str, ...], int], acronyms: Counter[str]) -> None:
        """A name and a short form of data/topic_short_forms.txt are one topic ("Fed" / "Federal
        Reserve"), shown in the form the corpus uses more; the caller's aliases and the pairs
        learnt from the corpus win. A longer name holding the short form ("St Louis Fed") is
        another topic. A short form listed with its period ("Ind.", "Calif.") is an abbreviation,
        never a name's shown form: it is always shown as the long form ("Indiana")."""
        for long, listed in short_forms():
            gram = tuple(long.casefold().split())
            long_key = topic_key(long)
            unit = self.units.get(gram)
            long_topic = unit[0] if unit is not None else Topic(long, long_key, "name")
            n_long = units.get(gram, 0) if len(gram) > 1 else self.alone[gram[0]]
            shorts_keys = {topic_key(short.rstrip(".")) for short in listed}
            for short in listed:
                abbreviation = short.endswith(".")
                short = short.rstrip(".")
                low = short.casefold()
                key = topic_key(short)
                if key in self.aliases or key in self.merged:
                    continue
                joined = self.merged.get(long_key)
                if joined is not None and joined.key in shorts_keys:   # a second short form ("USA")
                    self.merged[key] = joined                          # joins the first one's topic
                    continue
                if {key, long_key} & (self.aliases.keys() | self.merged.keys()):
                    continue
                forms = self._acronym_forms.get(low)
                shown = min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0] if forms else short
                if abbreviation or n_long > acronyms[low] + self.alone[low]:
                    self.merged[key] = long_topic
                else:
                    acr = shown.isupper() or _mixed_acronym(shown)
                    self.merged[long_key] = Topic(shown, key, "acronym" if acr else "name")

    def _acronym_shown(self, letters: str) -> str:
        """How the corpus most often writes an acronym ("LiLo", "BoE"); ties go to the first in order."""
        forms = self._acronym_forms.get(letters)
        return min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0] if forms else letters.upper()

    @staticmethod
    def _syllables(shown: str) -> list[str]:
        """The parts of a mixed-case short form, each opened by a capital ("LiLo": "li", "lo")."""
        parts = _CAPITAL_PARTS.findall(shown)
        return [p.casefold() for p in parts] if "".join(parts) == shown and len(parts) >= 2 else []

    def _abbreviated(self, long_units: list[tuple[str, ...]]) -> Callable[[str, str], list[tuple[str, ...]]]:
        """The names a short form may stand for, indexed once: their initials ("HSM", "ATFR"; not
        a person's: "JLS" is a band, not Jennifer Lynn Smith), or the openings of their words in
        order, each written with a capital and one of two letters or more ("LiLo" = Lindsay
        Lohan, "MtGox" = Mt Gox)."""
        by_letters: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        by_opening: dict[tuple[int, str], list[tuple[str, ...]]] = defaultdict(list)
        for gram in long_units:
            if self.units[gram][0].kind != "person":
                for letters in self._initials(gram):
                    by_letters[letters].append(gram)
            by_opening[(len(gram), gram[0][:1])].append(gram)

        def names(letters: str, shown: str) -> list[tuple[str, ...]]:
            found = set(by_letters.get(letters, ()))
            parts = self._syllables(shown)
            if any(len(p) >= 2 for p in parts):
                found.update(g for g in by_opening.get((len(parts), parts[0][:1]), ())
                             if all(w.startswith(p) for w, p in zip(g, parts)))
            return sorted(found)
        return names

    def _learn_same_context(self, docs: list[tuple[list[list[Tok]], str]], units: dict[tuple[str, ...], int],
                            acronyms: Counter[str], support: int) -> None:
        """Short forms and titled first names that name a longer name the corpus knows, when the
        headlines around the two forms share their other words (topic_context.Contexts):
        an acronym of a name's initials or of its words' openings seen on its own in `support`
        headlines ("HSM" = High School Musical, "LiLo" = Lindsay Lohan; the more used form is
        shown, as for spelt-out acronyms), and a title before the first name of the one person
        the corpus names with it ("Princess Kate" = Kate Middleton, shown as the full name).
        The short form must fit one name (or one seen three times as often as any other that
        fits); the caller's aliases and earlier merges win."""
        # A form already merged, or one a merge points at ("US" of United States), is settled.
        taken = self.aliases.keys() | self.merged.keys()
        settled = taken | {t.key for t in self.merged.values()}
        pairs: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
        abbreviated = self._abbreviated([g for g in units if len(g) >= 2])
        for letters, n in sorted(acronyms.items()):
            if n < support or letters in self.kickers or letters in self.compass \
                    or letters in self.given or topic_key(letters) in settled:
                continue
            shown = self._acronym_shown(letters)
            # One name fits, or one is seen three times as often as the rest ("Lindsay Lohans" once).
            fits = sorted(((units[g], g) for g in abbreviated(letters, shown)), reverse=True)
            if fits and (len(fits) == 1 or fits[0][0] >= 3 * fits[1][0]) and self.units[fits[0][1]][0].key not in taken:
                pairs.append(((letters,), fits[0][1]))
        people: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for gram in units:
            if self.units[gram][0].kind == "person":
                people[gram[0]].append(gram)
        for gram in units:
            if len(gram) == 2 and gram[0] in titles() and len(people.get(gram[1], ())) == 1 \
                    and self.units[gram][0].kind != "person" and self.units[gram][0].key not in taken:
                pairs.append((gram, people[gram[1]][0]))
        if not pairs:
            return
        skip = frozenset(self.stop | self.connectors | self.generic)
        contexts = Contexts(docs, {g for pair in pairs for g in pair}, skip)
        for short, long in contexts.agreeing(pairs):
            topic = self.units[long][0]
            if len(short) == 2:   # a title + first name: the person's full name
                self.merged[self.units[short][0].key] = topic
                continue
            shown = self._acronym_shown(short[0])
            kind = "acronym" if shown.isupper() else "name"
            if acronyms[short[0]] > units[long]:
                self.merged[topic.key] = Topic(shown, topic_key(shown), kind)
            else:
                self.merged[topic_key(shown)] = topic

    def _one_word_name(self, low: str) -> bool:
        """A word that stands as a name on its own (what tagging emits for a lone capitalised word)."""
        return low not in self.kickers and low not in self.generic and low not in self.given \
            and low not in self.variants and (low in self.namey_alone or not self.is_common(low, alone=True))

    def _learn_plurals(self, docs: list[tuple[list[list[Tok]], str]], support: int) -> None:
        """A one-word name and its plural are one topic ("Democrat" / "Democrats", "Republican" /
        "Republicans"), shown in the form more headlines use, where both stand alone as names and
        neither is a person's name ("Kardashians" stays with the family's members)."""
        pairs = [(w, w + "s") for w, n in self.alone.items()
                 if n and self.alone[w + "s"] and max(n, self.alone[w + "s"]) >= support and len(w) >= 3
                 and self._one_word_name(w) and self._one_word_name(w + "s")]
        if not pairs:
            return
        wanted = {w for pair in pairs for w in pair}
        written: dict[str, Counter[str]] = defaultdict(Counter)
        for chunks, _style in docs:
            for chunk in chunks:
                for tok in chunk:
                    if tok.low in wanted and tok.cap and not tok.poss:
                        written[tok.low][tok.base] += 1
        for one, many in sorted(pairs):
            keys = {topic_key(one), topic_key(many)}
            if keys & (self.aliases.keys() | self.merged.keys()) or not (written[one] and written[many]):
                continue
            # The form more headlines use names both; ties go to the plural ("Democrats").
            less, more = (one, many) if self.alone[one] <= self.alone[many] else (many, one)
            shown = min(written[more].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            self.merged[topic_key(less)] = Topic(shown, topic_key(shown), "name")

    def _learn_adjectives(self, support: int) -> None:
        """A one-word name's adjective in "-ic" standing alone is that name ("Democratic debate"
        is about the Democrats, "Islamic" about Islam), where the name stands alone in `support`
        headlines, the adjective in fewer, and neither is a person's word."""
        taken = self.aliases.keys() | self.merged.keys()
        for adj, n in sorted(self.alone.items()):
            if not n or not adj.endswith("ic") or len(adj) < 7 or topic_key(adj) in taken \
                    or not self._one_word_name(adj):
                continue
            for noun in (adj[:-2], adj[:-2] + "s"):
                if self.alone[noun] >= max(support, n) and self._one_word_name(noun):
                    # The noun's own topic, or the one a merge already points it at (the plural);
                    # shown as the corpus writes it (display, learnt later).
                    self.merged[topic_key(adj)] = self.merged.get(topic_key(noun)) or Topic(
                        noun.capitalize(), topic_key(noun), "name")
                    break

    def _learn_tails(self, units: dict[tuple[str, ...], int]) -> None:
        """A name and its form without a tail of data/name_tails_en.txt are one topic ("American
        Eagle Outfitters" / "American Eagle", "Dick's Sporting Goods" / "Dick's"), shown in the
        form the corpus uses more. The short form must be a name of the corpus on its own: a unit,
        a brand written with "'s", or a word standing alone as a name that is no place, demonym or
        first name ("Malaysia Airlines" is not Malaysia)."""
        for gram, n in sorted(units.items()):
            for tail in name_tails():
                k = len(gram) - len(tail)
                if k < 1 or gram[k:] != tail:
                    continue
                short = gram[:k]
                if len(short) > 1:
                    hit = self.units.get(short)
                    if hit is None or hit[0].kind == "person":
                        continue
                    topic, m = hit[0], units.get(short, 0)
                else:
                    word = short[0]
                    if word.endswith("'s") and word[:-2] in self.brands:
                        m = self.alone[word[:-2]]
                    elif self._one_word_name(word) and self.alone[word] and word not in places() \
                            and demonym_place(word) is None and word.isalpha():
                        m = self.alone[word]
                    else:
                        continue
                    name = self.units[gram][0].name.split()[0]   # as the long form writes it
                    topic = Topic(name, topic_key(name), "name")
                long = self.units[gram][0]
                if {topic.key, long.key} & (self.aliases.keys() | self.merged.keys()):
                    continue
                if m > n:
                    self.merged[long.key] = topic
                else:
                    self.merged[topic.key] = long
                break

    def _learn_joined(self) -> None:
        """A name written as one word and as words apart is one topic ("#BanBossy" and "'Ban
        Bossy'", "PlayStation" and "Play Station"), shown as the words apart: the one-word form
        stands alone as a name, the spaced one is a unit or a title quoted twice."""
        spaced: dict[str, Topic] = {}
        for topic, _caps in self.units.values():
            spaced.setdefault(topic.key.replace(" ", ""), topic)
        for title, n in self.quoted_n.items():
            if n >= 2 and " " in title:
                key = topic_key(title)
                spaced.setdefault(key.replace(" ", ""), Topic(title, key, "title"))
        for word, n in self.alone.items():
            topic = spaced.get(word) if n else None
            if topic is not None and topic.key != word and word not in self.aliases and word not in self.merged \
                    and topic.key not in self.aliases:
                self.merged[word] = topic

    def _learn_cases(self) -> None:
        """A one-word name in Cyrillic and its case forms are one topic ("Украине", "Украину",
        "Украины"; "Путин", "Путина"): Russian and its neighbours inflect names, so each form
        stands alone as a name of its own. Forms that share a stem once one case ending is cut
        (case_stem) are shown in the form more headlines use; stems under three letters join nothing."""
        groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for word, n in self.alone.items():
            if n and _CYRILLIC_WORD.fullmatch(word) and self._one_word_name(word):
                stem = case_stem(word)
                if len(stem) >= 3:
                    groups[stem].append((n, word))
        taken = self.aliases.keys() | self.merged.keys()
        for forms in groups.values():
            if len(forms) < 2:
                continue
            forms.sort(key=lambda f: (-f[0], f[1]))
            shown = forms[0][1].capitalize()
            topic = Topic(shown, topic_key(shown), "name")
            if topic.key in taken:
                continue
            for _n, word in forms[1:]:
                key = topic_key(word)
                if key not in taken and key != topic.key:
                    self.merged[key] = topic

    def _learn_modified(self, docs: list[tuple[list[list[Tok]], str]]) -> None:
        """A name glued to a participle that modifies what follows ("Android-powered wearables",
        "Kremlin-backed group", "Obama-bashing") is that name: the participle ("-powered",
        "-backed": an -ed or -ing form of a dictionary word, or data/modifier_tails_en.txt:
        "-led", "-run") is no part of it. The name must be no ordinary word ("Much-Hyped"); a
        generic acronym so glued names nothing ("OEM-agnostic")."""
        tails = modifier_tails()
        wanted: set[str] = set()
        for word, n in self.alone.items():
            head, dash, tail = word.rpartition("-")
            if n and dash and head.replace("-", "").isalpha() and len(head) >= 2 and not self.is_common(head) \
                    and (tail in tails or tail.endswith(("ed", "ing")) and self._inflected(tail)):
                wanted.add(word)
        vague = {w for w in wanted if w.rpartition("-")[0] in self.kickers or w.rpartition("-")[0] in self.generic}
        if vague:   # "OEM-agnostic": a generic acronym modifies as much as it names: nothing
            self.kickers = self.kickers | vague
            wanted -= vague
        if not wanted:
            return
        written: dict[str, Counter[str]] = defaultdict(Counter)
        for chunks, _style in docs:
            for chunk in chunks:
                for tok in chunk:
                    if tok.cap and tok.low in wanted:
                        written[tok.low][tok.base.rpartition("-")[0]] += 1
        taken = self.aliases.keys() | self.merged.keys()
        for word in sorted(written):
            head = min(written[word].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            key = topic_key(word)
            if key not in taken:
                self.merged[key] = self.variants.get(head.casefold()) or Topic(head, topic_key(head), "name")

    def note_hyphened(self, body: str) -> None:
        """Remember capitalised words joined by a hyphen ("Fannie-Freddie overhaul"): _learn_joined_names
        tells two names side by side from one name ("Coca-Cola")."""
        if "-" in body:
            for m in _HYPHENED.finditer(body):
                self._hyphened[(m.group(1).casefold(), m.group(2).casefold())] += 1

    def learn_pipe_tails(self, bodies: list[str]) -> None:
        """Tails after a headline's last " | " that end two headlines or more with different
        heads ("… | The Republic"): a publisher's or section's name the page appends, no topic
        of the headline (cut_pipe_tail). Short: five words at most, no cut text."""
        tails: Counter[str] = Counter()
        for body in bodies:
            if " | " in body:
                tail = body.rpartition(" | ")[2].strip()
                if tail and len(tail.split()) <= 5 and not tail.endswith(("…", "...")):
                    tails[tail] += 1
        self.pipe_tails = {t for t, n in tails.items() if n >= 2}

    def cut_pipe_tail(self, body: str) -> str:
        """The headline without a publisher's tail learnt by learn_pipe_tails."""
        if self.pipe_tails and " | " in body:
            head, _sep, tail = body.rpartition(" | ")
            if tail.strip() in self.pipe_tails and head.strip():
                return head
        return body

    def unjoin(self, body: str) -> str:
        """The headline with two names joined by a hyphen read apart ("Fannie-Freddie overhaul" ->
        "Fannie, Freddie overhaul"): each is a topic of its own (see _learn_joined_names)."""
        if not self.joined or "-" not in body:
            return body
        return _HYPHENED.sub(lambda m: f"{m.group(1)}, {m.group(2)}" if m.group(0).casefold() in self.joined
                             else m.group(0), body)

    def _name_end(self, word: str, ends: dict[str, int], unit_n: dict[str, int]) -> int:
        """How often `word` is, or ends, a name the corpus knows: a unit's last word, a surname or
        first name that stands for one person, a one-word name; 0: no name."""
        person = self.variants.get(word) or self.firsts.get(word)
        n = unit_n.get(person.key, 0) if person is not None else 0
        if not self.is_common(word, alone=True) and word not in self.generic and word not in self.given:
            n = max(n, self.alone[word])
        return max(n, ends.get(word, 0))

    def _learn_joined_names(self, units: dict[tuple[str, ...], int]) -> None:
        """Two names joined by a hyphen ("Fannie-Freddie overhaul", "Comcast-Time Warner deal",
        "Jos A Bank-Men's Wearhouse merger") are two topics: each side ends or starts a name the
        corpus knows (a unit, a one-word name, a surname or first name standing for one person),
        twice or more and at least half as often as the joined form is written: "Coca-Cola",
        "Mercedes-Benz", "Rolls-Royce" are one name (a side seldom or never a name apart)."""
        if not self._hyphened:
            return
        ends: dict[str, int] = {}
        starts: dict[str, int] = {}
        unit_n: dict[str, int] = {}
        for gram, n in units.items():
            ends[gram[-1]] = max(ends.get(gram[-1], 0), n)
            starts[gram[0]] = max(starts.get(gram[0], 0), n)
            unit_n[self.units[gram][0].key] = n
        for (left, right), n in self._hyphened.items():
            if left in BOUND_PREFIXES:
                continue   # "Pro-Trump", "Anti-Brexit": a prefix, not a name
            joined = n + self.alone[f"{left}-{right}"]
            a = self._name_end(left, ends, unit_n)
            b = max(self._name_end(right, {}, unit_n), starts.get(right, 0))
            if 2 * min(a, b) >= max(4, joined):
                self.joined.add(f"{left}-{right}")
        self._hyphened = Counter()

    def note_tickers(self, body: str) -> None:
        """Remember the stock tickers a headline writes right after a name ("Microsoft Corporation
        (NASDAQ:MSFT)", "Nasdaq Composite Index <.IXIC>"), with the capitalised words before each:
        _learn_tickers makes each ticker one topic with its company."""
        if "(" not in body and "." not in body:
            return
        for m in _TICKER.finditer(body):
            exchange, bracketed, coded, dotted = m.groups()
            words: list[str] = []
            for w in reversed(body[: m.start()].split()[-MAX_N:]):
                if words and w.endswith((":", ";", "|", "-")):
                    break   # "Investor's Alert: Medical Marijuana Inc (OTCMKTS:MJNA)"
                w = w.strip(",.:;")
                if not w[:1].isupper():
                    break
                words.append(w)
            if exchange:
                self._exchanges[exchange.casefold()] += 1
            if words:
                ticker = bracketed or coded or dotted
                self._tickers.append((ticker.casefold(), tuple(reversed(words)), bool(exchange or coded or dotted)))

    def _ticker_name(self, words: tuple[str, ...]) -> Topic | None:
        """The name a ticker follows: the longest end of the words before it that is a unit of
        the fit or a one-word name, read whole and without a tail of data/name_tails_en.txt
        ("Medical Marijuana Inc" -> "Medical Marijuana"); merged as tagging merges it."""
        lows = tuple(w.casefold() for w in words)
        reads = [lows]
        while len(reads) <= len(lows):   # "JC Penney Company Inc" -> "JC Penney Company" -> "JC Penney"
            last = reads[-1]
            tail = next((t for t in name_tails() if len(last) > len(t) and last[-len(t):] == t), None)
            if tail is None:
                break
            reads.append(last[: -len(tail)])
        for read in reads:
            for k in range(len(read)):
                part = read[k:]
                hit = self.units.get(part)
                topic = hit[0] if hit else None
                if topic is None and len(part) == 1 and self._one_word_name(part[0]) and self.alone[part[0]]:
                    written = words[k]
                    topic = Topic(written, topic_key(written), "name")
                if topic is not None:
                    return self.merged.get(topic.key, topic)
        if len(reads) > 1 and len(words) >= 2:   # "Cannabis Science Inc": a company's full name
            name = " ".join(words)
            return Topic(name, topic_key(name), "name")
        return None

    def _learn_tickers(self, acronyms: Counter[str]) -> None:
        """A stock ticker and its company are one topic ("MSFT" / Microsoft, "IXIC" / "Nasdaq
        Composite Index"): the ticker stands right after the same name in two thirds of the
        headlines that bracket it, twice or once with an exchange or an instrument code
        ("(NASDAQ:MSFT)", "<.IXIC>"), and the corpus writes it in brackets in half its uses or
        more (no "AP" of "NEW YORK (AP)": AP stands alone as a name). Not a person's name, an
        ordinary word, a kicker or a ticker already one topic with a name ("GM"). An exchange's
        code written before tickers in half its uses or more is no topic ("OTCMKTS")."""
        labels = {w for w, n in self._exchanges.items() if 2 * n >= acronyms[w] + self.alone[w]}
        if labels:
            self.kickers = self.kickers | labels
        seen: dict[str, Counter[Topic]] = defaultdict(Counter)
        coded: set[tuple[str, Topic]] = set()
        for ticker, words, strong in self._tickers:
            topic = self._ticker_name(words)
            if topic is not None:
                seen[ticker][topic] += 1
                if strong:
                    coded.add((ticker, topic))
        self._tickers = []
        taken = self.aliases.keys() | self.merged.keys()
        for ticker, names in sorted(seen.items()):
            topic, n = min(names.items(), key=lambda kv: (-kv[1], kv[0].key))
            total = sum(names.values())
            if topic.kind == "person" or ticker in taken or ticker == topic.key or ticker in self._dict \
                    or ticker in self.kickers or ticker in self.generic or topic.key in self.aliases:
                continue
            if 3 * n >= 2 * total and 2 * total >= acronyms[ticker] and (n >= 2 or (ticker, topic) in coded):
                self.merged[ticker] = topic

    def _settle_merged(self) -> None:
        """Merges point at a topic that is not itself merged away ("AEO" -> "American Eagle
        Outfitters" -> "American Eagle" becomes "AEO" -> "American Eagle")."""
        for key, topic in list(self.merged.items()):
            seen = {key}
            while topic.key in self.merged and topic.key not in seen:
                seen.add(topic.key)
                topic = self.merged[topic.key]
            self.merged[key] = topic

    def _relabel(self, grams: set[tuple[str, ...]], kind: str) -> None:
        """Show these units as `kind` once every merge is learnt, so the type changes nothing
        else: person-like units that live in company news are companies ("Fannie Mae", "Freddie
        Mac"; their short forms still stand for them: "Fannie, Freddie"), and a title before a
        first name is a person ("Prince Harry"; "Harry" alone still is no one's)."""
        if not grams:
            return
        new = {self.units[g][0]: Topic(self.units[g][0].name, self.units[g][0].key, kind) for g in grams}
        for table in (self.units, self.variants, self.firsts, self.prefixes, self.merged):
            for k, v in table.items():
                if isinstance(v, tuple) and v[0] in new:
                    table[k] = (new[v[0]], v[1])
                elif v in new:
                    table[k] = new[v]

    def titled(self, gram: tuple[str, ...]) -> bool:
        """A title before a first name ("Prince Harry", "Queen Camilla", "Pope Francis") or a
        person's full name ("Sir Elton John"): a person. Only the type: the title alone, or the
        first name alone, stands for nobody (see _person_like)."""
        if len(gram) < 2 or gram[0] not in titles():
            return False
        rest = gram[1:]
        if len(rest) == 1:
            word = rest[0]
            return (word in self.given or word in self.rare_given) and word not in titles() \
                and word not in places() and word not in self.placed   # a place after a title is no first name
        return self._person_like(rest)

    def _kind(self, gram: tuple[str, ...], n: int = 1) -> str:
        """A person: a given name opens it, or a rarer one ("Scarlett Johansson") before a word that
        is only a name, where the corpus names the first name alone no more often than the whole
        name (`n` headlines; 1 for a run seen when tagging): a brand or surname named like a first
        name stands alone ("Chiquita", "Penney"), and "Warner Cable" ends in a word. Rarer first
        names only type: alone or opening other runs they stay what the corpus makes of them."""
        if self._person_like(gram) or (gram[0] in self.rare_given and self.alone[gram[0]] <= n
                                       and self._name_word_only(gram[-1])
                                       and self._person_like(gram, self.rare_given)):
            return "person"
        return "name"
