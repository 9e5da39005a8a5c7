"""Whether two written forms name the same thing, judged by the headlines around them.

A short form ("HSM", "LiLo") or a title + first name ("Princess Kate") may stand for a longer
name the corpus knows ("High School Musical", "Lindsay Lohan", "Kate Middleton"), but the
letters or the first name alone also fit other names. The headlines tell: stories about one
thing repeat its other words ("Zac Efron", "reunion"), while "Prince Harry" and "Harry Styles"
share none. Only headlines that hold one form and not the other count, so a headline spelling
both out proves nothing twice.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable

from .textscan import Tok

SHARED_WORDS = 2   # distinct telling words both sides' headlines hold
LIFT = 5           # a telling word is this many times more frequent in the two forms' headlines than in all
COVER = 2          # ... and one is in at least 1/COVER of the short form's own headlines


def _written(tok: Tok, form: tuple[str, ...]) -> bool:
    """The form as a name is written: a one-word short form in capitals or mixed case ("UP",
    "LiLo"; not the word "up" or a title-case "Up"), a longer form opened by a capital."""
    if len(form) == 1:
        return tok.acr or (tok.cap and any(c.isupper() for c in tok.base[1:]))
    return tok.cap


class Contexts:
    """The words of the headlines holding each wanted form, found in one pass over the corpus."""

    def __init__(self, docs: list[tuple[list[list[Tok]], str]], forms: Iterable[tuple[str, ...]],
                 skip: frozenset[str]) -> None:
        firsts: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for form in set(forms):
            firsts[form[0]].append(form)
        self.docs: dict[tuple[str, ...], set[int]] = defaultdict(set)
        self.words: dict[int, frozenset[str]] = {}
        self.df: Counter[str] = Counter()
        self.n = len(docs)
        for d, (chunks, _style) in enumerate(docs):
            words: set[str] = set()
            hit = False
            for chunk in chunks:
                lows = [tok.low for tok in chunk]
                words.update(lows)
                for i, low in enumerate(lows):
                    for form in firsts.get(low, ()):
                        if tuple(lows[i:i + len(form)]) == form and _written(chunk[i], form):
                            self.docs[form].add(d)
                            hit = True
            self.df.update(words)
            if hit:
                self.words[d] = frozenset(w for w in words if len(w) >= 3 and w.isalpha() and w not in skip)

    def agree(self, short: tuple[str, ...], long: tuple[str, ...]) -> bool:
        """True when the headlines of `short` without `long`, and of `long` without `short`,
        share SHARED_WORDS telling words or more (words of neither form, LIFT times more frequent
        in these headlines than in the corpus), and those words stand in at least 1/COVER of
        the short form's headlines: chance overlaps ("because", "first") do neither."""
        a, b = self.docs.get(short, set()), self.docs.get(long, set())
        only_a, only_b = a - b, b - a
        if not only_a or not only_b:
            return False
        own = set(short) | set(long)
        side_a = set().union(*(self.words[d] for d in only_a)) - own
        side_b = set().union(*(self.words[d] for d in only_b)) - own
        both = a | b
        telling = {w for w in side_a & side_b
                   if sum(w in self.words[d] for d in both) * self.n >= LIFT * self.df[w] * len(both)}
        covered = sum(not telling.isdisjoint(self.words[d]) for d in only_a)
        return len(telling) >= SHARED_WORDS and COVER * covered >= len(only_a)
