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

SHARED_WORDS = 2      # distinct telling words both sides' headlines hold
COMMON_SHARE = 50     # a word in more than 1/50 of all headlines tells nothing by itself ...
OWN_SHARE = 2         # ... unless at least half its headlines are these two forms'


class Contexts:
    """The words of the headlines holding each wanted form, found in one pass over the corpus."""

    def __init__(self, docs: list[tuple[list[list[Tok]], str]], forms: Iterable[tuple[str, ...]],
                 skip: frozenset[str]) -> None:
        wanted = set(forms)
        firsts: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for form in wanted:
            firsts[form[0]].append(form)
        self.docs: dict[tuple[str, ...], set[int]] = defaultdict(set)
        self.words: dict[int, frozenset[str]] = {}
        self.df: Counter[str] = Counter()
        self.n = len(docs)
        self._skip = skip
        for d, (chunks, _style) in enumerate(docs):
            words: set[str] = set()
            hit = False
            for chunk in chunks:
                lows = [tok.low for tok in chunk]
                words.update(lows)
                for i, low in enumerate(lows):
                    for form in firsts.get(low, ()):
                        if tuple(lows[i:i + len(form)]) == form:
                            self.docs[form].add(d)
                            hit = True
            self.df.update(words)
            if hit:
                self.words[d] = frozenset(w for w in words if len(w) >= 3 and w.isalpha() and w not in skip)

    def agree(self, one: tuple[str, ...], other: tuple[str, ...]) -> bool:
        """True when the headlines of `one` without `other`, and of `other` without `one`, share
        SHARED_WORDS telling words or more: words of neither form, and either rare in the corpus
        or mostly in these headlines."""
        a, b = self.docs.get(one, set()), self.docs.get(other, set())
        only_a, only_b = a - b, b - a
        if not only_a or not only_b:
            return False
        own = set(one) | set(other)
        side_a = set().union(*(self.words[d] for d in only_a)) - own
        side_b = set().union(*(self.words[d] for d in only_b)) - own
        both = a | b
        telling = 0
        for word in side_a & side_b:
            df = self.df[word]
            if COMMON_SHARE * df <= self.n or df <= OWN_SHARE * sum(word in self.words[d] for d in both):
                telling += 1
                if telling >= SHARED_WORDS:
                    return True
        return False
