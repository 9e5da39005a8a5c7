"""Word lists for topics and stories, loaded from aggregator/data/*.txt (heuristics are data).

Files hold whitespace-separated words; `#` starts a comment. Lists are casefolded and cached.
"""
from __future__ import annotations

from functools import cache
from importlib import resources


def load_words(name: str) -> frozenset[str]:
    """The words of one bundled data file, casefolded."""
    text = resources.files("aggregator").joinpath("data", name).read_text("utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        words.update(line.split("#", 1)[0].casefold().split())
    return frozenset(words)


def inflections(word: str) -> set[str]:
    """Regular English forms of a base word: see -> sees/seeing, marry -> marries/married."""
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if word.endswith("y") and len(word) > 2:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word.endswith("e"):
        forms.add(word[:-1] + "ing")
    if len(word) >= 3 and word[-1] not in "aeiouywx" and word[-2] in "aeiou" and word[-3] not in "aeiou":
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


@cache
def stopwords() -> frozenset[str]:
    return load_words("stopwords.txt")


@cache
def foreign_stopwords() -> frozenset[str]:
    """Stop words listed only for languages other than English that English writes as words of
    its own ("war", "son", "met", "die", "plus"): in an English headline they are ordinary words,
    which a name may hold ("Met Gala", "Masayoshi Son", "Die Antwoord"), not stop words that cut it.
    A headline in the other language is read as that language (function words), so they still
    tell there."""
    text = resources.files("aggregator").joinpath("data", "stopwords.txt").read_text("utf-8")
    english: set[str] = set()
    other: set[str] = set()
    language = ""
    for line in text.splitlines():
        head, _sep, _rest = line.partition("#")
        if not head.strip():
            label = line.strip("# ").casefold()
            if label and len(label.split()) == 1:   # a section's language code: "# en", "# de"
                language = label
            continue
        (english if language == "en" else other).update(head.casefold().split())
    return frozenset((other - english) & load_words("common_en.txt"))


@cache
def connectors() -> frozenset[str]:
    return load_words("connectors.txt")


@cache
def name_prefixes() -> frozenset[str]:
    return load_words("name_prefixes.txt")


@cache
def kickers() -> frozenset[str]:
    return load_words("kickers.txt")


@cache
def generic_hard() -> frozenset[str]:
    """Headline-speak (verbs, kickers, padding nouns) with inflections: split names, never topics."""
    forms: set[str] = set()
    for word in load_words("generic_en.txt"):
        forms |= inflections(word)
    return frozenset(forms | load_words("calendar_en.txt"))


@cache
def generic_soft() -> frozenset[str]:
    return load_words("generic_soft_en.txt")


@cache
def common_words() -> frozenset[str]:
    """Ordinary English words: a capitalised one is not a name on its own in title-case text."""
    return load_words("common_en.txt") | generic_hard() | generic_soft() | stopwords()


@cache
def given_names() -> frozenset[str]:
    """First names: a capitalised run that starts with one and ends in a name is a person."""
    return load_words("given_names.txt")


@cache
def compounds() -> frozenset[str]:
    """Ordinary compound nouns ("red carpet", "beach house") and set phrases ("happy birthday",
    data/phrases_en.txt): capitalised, still not a name. One entry per line, words joined by
    single spaces (read as lines: 23 k of them)."""
    lines: list[str] = []
    for name in ("compounds_en.txt", "phrases_en.txt"):
        text = resources.files("aggregator").joinpath("data", name).read_text("utf-8")
        lines += text.splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def load_lines(name: str) -> list[list[str]]:
    """The non-empty lines of a bundled data file as casefolded word lists (comments dropped)."""
    text = resources.files("aggregator").joinpath("data", name).read_text("utf-8")
    rows = (line.split("#", 1)[0].casefold().split() for line in text.splitlines())
    return [row for row in rows if row]
