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
    """The words of the headlines holding each wanted form (one pass over the corpus), and the
    corpus frequency of the words two forms' headlines share (a second pass, for those words only)."""

    def __init__(self, docs: list[tuple[list[list[Tok]], str]], forms: Iterable[tuple[str, ...]],
                 skip: frozenset[str]) -> None:
        firsts: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for form in set(forms):
            firsts[form[0]].append(form)
        self._all = docs
        self.docs: dict[tuple[str, ...], set[int]] = defaultdict(set)
        self.words: dict[int, frozenset[str]] = {}
        for d, (chunks, _style) in enumerate(docs):
            hit = False
            for chunk in chunks:
                for i, tok in enumerate(chunk):
                    for form in firsts.get(tok.low, ()):
                        if _written(tok, form) and all(
                                i + k < len(chunk) and chunk[i + k].low == w for k, w in enumerate(form)):
                            self.docs[form].add(d)
                            hit = True
            if hit:
                self.words[d] = frozenset(tok.low for chunk in chunks for tok in chunk
                                          if len(tok.low) >= 3 and tok.low.isalpha() and tok.low not in skip)

    def _shared(self, short: tuple[str, ...], long: tuple[str, ...]) -> set[str]:
        """Words of neither form in headlines of `short` without `long` and of `long` without `short`."""
        a, b = self.docs.get(short, set()), self.docs.get(long, set())
        if not a - b or not b - a:
            return set()
        own = set(short) | set(long)
        side_a = set().union(*(self.words[d] for d in a - b))
        side_b = set().union(*(self.words[d] for d in b - a))
        return (side_a & side_b) - own

    def agreeing(self, pairs: list[tuple[tuple[str, ...], tuple[str, ...]]]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """The (short, long) pairs whose headlines share SHARED_WORDS telling words or more
        (LIFT times more frequent in the two forms' headlines than in the corpus), standing in at
        least 1/COVER of the short form's own headlines: chance overlaps ("because", "first") do neither."""
        shared = [self._shared(short, long) for short, long in pairs]
        wanted = set().union(*shared)
        df: Counter[str] = Counter()
        if wanted:
            for chunks, _style in self._all:
                df.update({tok.low for chunk in chunks for tok in chunk if tok.low in wanted})
        out = []
        for (short, long), words in zip(pairs, shared):
            a, b = self.docs[short], self.docs[long]
            both = a | b
            telling = {w for w in words
                       if sum(w in self.words[d] for d in both) * len(self._all) >= LIFT * df[w] * len(both)}
            covered = sum(not telling.isdisjoint(self.words[d]) for d in a - b)
            if len(telling) >= SHARED_WORDS and COVER * covered >= len(a - b):
                out.append((short, long))
        return out
