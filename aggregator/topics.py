"""Topics of headlines: the named things they mention (docs/design.md "Topics and ranking").

`TopicModel.fit` reads a corpus of distinct headlines once and learns what case alone cannot
tell in title-case headlines ("Jennifer Lopez and Ben Affleck Marry in Las Vegas Ceremony"):
which capitalised runs recur as a unit ("Golden Globes", "Men's Wearhouse", "Jos A Bank"),
which words are used in lower case elsewhere (ordinary words) or capitalised mid-sentence
(names), which ordinary words pad many unrelated headlines (generic), which single words stand
for a person's full name ("Lopez" -> "Jennifer Lopez": only for runs that start with a given
name), and which written form each name is shown with ("The Bachelor" for "Bachelor").
A capitalised word of the lexicon is a word, not a name, unless the corpus shows otherwise;
ordinary compounds ("Red Carpet") and lower-case phrases ("bankruptcy protection") name
nothing. Text is read through names.normalise, so a name's variants are one topic, keyed by
names.name_key. The fit is the same for the same headlines in any order. `topics()` is then
a cheap scan of one headline.

>>> model = TopicModel.fit([("Jennifer Lopez Marries Ben Affleck", False),
...                         ("Watch: Jennifer Lopez Shares Wedding Photos", False),
...                         ("Lopez and Affleck wed in Las Vegas", False)])
>>> [t.name for t in model.topics("EXCLUSIVE: Jennifer Lopez on 'The Bachelorette' Wh\u2026", True)]
['The Bachelorette', 'Jennifer Lopez']
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping

from . import lexicon
from .names import name_key, normalise
from .textscan import CAPS, SENTENCE, Tok, cjk_titles, is_cjk, prepare, scan, split_quotes

MAX_N = 5
BOUND_PREFIXES = frozenset({"co", "ex", "non", "pre", "post", "anti", "re", "mid", "multi", "self", "semi", "sub"})


@dataclass(frozen=True, slots=True)
class Topic:
    name: str   # display form, e.g. "Jennifer Lopez", "RHOBH", "The Bachelorette"
    key: str    # casefolded, quote/dash-folded identity used for UNIQUE in SQL
    kind: str   # "person" | "title" | "acronym" | "name" | "phrase" (best effort)


@lru_cache(maxsize=65536)
def topic_key(name: str) -> str:
    """Identity of a topic name: names.name_key ("The Bachelor" and "Bachelor" are one topic)."""
    return name_key(name)


def brand_names(site_name: str) -> set[str]:
    """A publisher's own name and its initials ("Entertainment Tonight" -> "ET"): these label
    the site's promos ("Watch ET's Favorite Moments"), they are not what its headlines are about.

    >>> sorted(brand_names("Entertainment Tonight"))
    ['ET', 'Entertainment Tonight']
    """
    words = [w for w in re.findall(r"[^\W\d_][\w'&.-]*", site_name) if w[0].isupper()]
    names = {site_name.strip()}
    if len(words) >= 2:
        names.add("".join(w[0] for w in words))
    return names


def gram_of(run: list[Tok], i: int, j: int) -> tuple[str, ...]:
    """Words of run[i:j] as a unit key; a possessive inside keeps its mark ("men's", "wearhouse")."""
    return tuple(t.low + "'s" if t.poss and k < j - 1 else t.low for k, t in enumerate(run[i:j], i))


def surface_of(run: list[Tok], i: int, j: int) -> str:
    return " ".join(t.base + "'s" if t.poss and k < j - 1 else t.base for k, t in enumerate(run[i:j], i))


class TopicModel:
    """Corpus statistics plus the rules that turn one headline into its topics."""

    def __init__(self) -> None:
        self.stop = lexicon.stopwords()
        self.connectors = lexicon.connectors()
        self.kickers = lexicon.kickers()
        self.prefix_words = lexicon.name_prefixes()
        self.hard = lexicon.generic_hard()
        self.soft = lexicon.generic_soft()
        self.generic: set[str] = set(lexicon.generic_hard()) | (self.stop - self.connectors)
        self.common: set[str] = set()           # learnt: used in lower case mid-sentence
        self.namey: set[str] = set()            # learnt: capitalised mid-sentence, rarely lower
        self.cap_mid: set[str] = set()          # learnt: seen capitalised after a headline's first word
        self.units: dict[tuple[str, ...], tuple[Topic, bool]] = {}   # n-gram -> (topic, needs caps)
        self.unit_first: dict[str, int] = {}   # first word of a unit -> longest unit it starts
        self.variants: dict[str, Topic] = {}   # "lopez" -> Jennifer Lopez
        self.prefixes: dict[tuple[str, ...], Topic] = {}  # cut endings: ("real", "housewives") -> ...
        self.aliases: dict[str, str] = {}
        self.ignore: set[str] = set()
        self._dict = lexicon.common_words()
        self._words = lexicon.load_words("common_en.txt")
        self.given = lexicon.given_names()
        self.compounds = lexicon.compounds()
        self.alone: Counter[str] = Counter()    # learnt: headlines where a word is a one-word name
        self.display: dict[str, str] = {}       # learnt: topic key -> its most used written form
        self.firsts: dict[str, Topic | None] = {}  # given name -> the one person known by it (None: several)

    # ---------------------------------------------------------------- fitting
    @classmethod
    def fit(cls, headlines: Iterable[tuple[str, bool]], *, aliases: Mapping[str, str] | None = None,
            ignore: Iterable[str] = (), min_support: int = 2) -> "TopicModel":
        """Learn from distinct headlines given as (display text, truncated)."""
        self = cls()
        self.aliases = {topic_key(k): v for k, v in (aliases or {}).items()}
        self.ignore = {topic_key(x) for x in ignore}
        forms: Counter[str] = Counter()
        # Sorted: the statistics and every tie-break below are the same whatever the input order.
        docs = [self._read(text, truncated, forms)
                for text, truncated in sorted(((t or "", bool(c)) for t, c in headlines))]
        self._learn_case(docs)
        self._learn_units(docs, max(2, min_support), forms)
        return self

    def _read(self, text: str, truncated: bool, forms: Counter[str]) -> tuple[list[list[Tok]], str]:
        body = normalise(prepare(text or "", truncated))
        if is_cjk(body):
            return [], CAPS
        titles, rest = split_quotes(body, truncated, self._name_word)
        forms.update(titles)
        return scan(rest, self.stop)

    def _name_word(self, low: str) -> bool:
        return not self.is_common(low.rstrip("'s").rstrip("'"))

    def _learn_case(self, docs: list[tuple[list[list[Tok]], str]]) -> None:
        lower: Counter[str] = Counter()
        capmid: Counter[str] = Counter()
        for chunks, style in docs:
            for chunk in chunks:
                for tok in chunk:
                    if tok.num:
                        continue
                    if not tok.cap and tok.low.isalpha():
                        lower[tok.low] += 1
                    elif not tok.initial and not tok.acr:
                        self.cap_mid.add(tok.low)
                        if style == SENTENCE:
                            capmid[tok.low] += 1
        self.common = {w for w, n in lower.items() if n >= 2 and n >= capmid[w]}
        self.namey = {w for w, n in capmid.items() if n >= 2 and n >= 2 * lower[w]}

    def is_common(self, low: str) -> bool:
        """An ordinary word: not a name on its own in title-case text."""
        if low in self.namey:
            return False
        if low in self._dict or low in self.common:
            return True
        if "-" in low:   # "Co-Stars", "Ex-Wife": bound prefixes and ordinary words
            return all(p in BOUND_PREFIXES or self.is_common(p) for p in low.split("-") if p)
        return low.endswith("s") and low[:-1] in self._words   # "Specs": a plural of a word

    def _runs(self, chunk: list[Tok], style: str) -> Iterable[list[Tok]]:
        """Capitalised runs of a chunk, split at generic words, numbers, acronyms and possessives.

        A possessive ordinary word opens a name ("Men's Wearhouse"), a middle initial stays in
        one ("Jos A Bank"); any other possessive ends its run ("Ryan Gosling's Ken").
        """
        run: list[Tok] = []
        last = len(chunk) - 1
        for i, tok in enumerate(chunk):
            nxt = chunk[i + 1] if i < last else None
            if tok.poss and not run and tok.cap and nxt is not None and nxt.cap and not nxt.num \
                    and not nxt.acr and nxt.low not in self.generic and tok.low in self.generic:
                run.append(tok)
            elif tok.cap and not tok.num and not tok.acr and (tok.low not in self.generic or (
                    not run and tok.low in self.prefix_words and nxt is not None and nxt.cap)):
                run.append(tok)
                if tok.poss:
                    yield run
                    run = []
            elif run and len(tok.base) == 1 and tok.cap and not tok.initial and nxt is not None and nxt.cap \
                    and not nxt.num and nxt.low not in self.generic:
                run.append(tok)
            elif run and tok.low in self.connectors and self._joins(chunk, i):
                run.append(tok)
            else:
                if run:
                    yield run
                run = []
        if run:
            yield run

    def _joins(self, chunk: list[Tok], i: int) -> bool:
        """A connector continues a name when connectors then a capitalised word follow ("State of the Union")."""
        for tok in chunk[i + 1: i + 3]:
            if tok.low not in self.connectors:
                return tok.cap and not tok.num
        return False

    def _learn_units(self, docs: list[tuple[list[list[Tok]], str]], support: int, forms: Counter[str]) -> None:
        grams: Counter[tuple[str, ...]] = Counter()
        surfaces: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        cap_df: Counter[str] = Counter()
        for chunks, style in docs:
            seen: set[tuple[str, ...]] = set()
            words: set[str] = set()
            alone: set[str] = set()
            if style != CAPS:
                for chunk in chunks:
                    for run in self._runs(chunk, style):
                        self._run_grams(run, seen, surfaces, words)
                        if len(run) == 1 and not run[0].poss:
                            alone.add(run[0].low)
            grams.update(seen)
            cap_df.update(words)
            self.alone.update(alone)
        self._learn_generic(docs, grams, cap_df)
        units = {g: n for g, n in grams.items() if n >= support and self._good_unit(g, n)}
        for gram in self._written_lower(docs, units):
            del units[gram]
        self._prune(units)
        for gram in units:
            # The most used written form names the unit; ties go to the first in sorted order.
            name = min(surfaces[gram].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            self.units[gram] = (Topic(name, topic_key(name), self._kind(gram)), True)
            forms[name] += units[gram]
        for gram in self.units:
            self.unit_first[gram[0]] = max(self.unit_first.get(gram[0], 0), len(gram))
        self._learn_variants(units)
        self._learn_display(forms)

    def _written_lower(self, docs: list[tuple[list[list[Tok]], str]],
                       units: dict[tuple[str, ...], int]) -> set[tuple[str, ...]]:
        """Units of ordinary words the corpus also writes in lower case ("Human Voices" beside
        "human voices"): a phrase, not a name."""
        plain = {g for g in units if all(w.removesuffix("'s") in self._dict for w in g)
                 and not all(w in self.namey for w in g if w not in self.connectors)}
        pairs = {(a, b): g for g in plain for a, b in zip(g, g[1:])
                 if a not in self.connectors and b not in self.connectors}
        if not pairs:
            return set()
        seen: set[tuple[str, ...]] = set()
        for chunks, _style in docs:
            for chunk in chunks:
                for a, b in zip(chunk, chunk[1:]):
                    if not a.cap and not b.cap:
                        gram = pairs.get((a.low, b.low))
                        if gram is not None:
                            seen.add(gram)
        return seen

    def _learn_display(self, forms: Counter[str]) -> None:
        """One written form per topic key: the most used of its forms ("The Bachelor" over "Bachelor")."""
        by_key: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for form, n in forms.items():
            by_key[topic_key(form)].append((n, form))
        for key, cands in by_key.items():
            if len(cands) > 1:
                self.display[key] = min(cands, key=lambda c: (-c[0], -len(c[1]), c[1]))[1]

    def _run_grams(self, run: list[Tok], seen: set, surfaces: dict, words: set) -> None:
        lows = [t.low for t in run]
        for tok in run:
            words.add(tok.low)
        for i in range(len(lows)):
            if lows[i] in self.connectors or len(lows[i]) == 1:
                continue
            for j in range(i + 2, min(len(lows), i + MAX_N) + 1):
                if lows[j - 1] in self.connectors or len(lows[j - 1]) == 1:
                    continue
                gram = gram_of(run, i, j)
                seen.add(gram)
                surfaces[gram][surface_of(run, i, j)] += 1

    def _learn_generic(self, docs: list, grams: Counter, cap_df: Counter) -> None:
        """Ordinary words capitalised in many headlines, mostly outside any recurring unit."""
        floor = max(4, int(0.01 * len(docs)))
        candidates = {w for w, n in cap_df.items() if n >= floor and self.is_common(w)
                      and w not in self.soft and w not in self.prefix_words}
        if not candidates:
            return
        recurring = {g for g, n in grams.items() if n >= 2}
        covered: Counter[str] = Counter()
        for chunks, style in docs:
            inside: set[str] = set()
            for chunk in chunks:
                for run in self._runs(chunk, style):
                    lows = tuple(t.low for t in run)
                    for i in range(len(lows)):
                        if lows[i] in candidates:
                            if any(lows[a:b] in recurring for a in range(max(0, i - MAX_N + 1), i + 1)
                                   for b in range(max(a + 2, i + 1), min(len(lows), a + MAX_N) + 1)):
                                inside.add(lows[i])
            covered.update(inside)
        self.generic.update(w for w in candidates if covered[w] < 0.5 * cap_df[w])

    def _good_unit(self, gram: tuple[str, ...], n: int) -> bool:
        """A recurring capitalised run that can name something: not edged by generic words, and
        not only ordinary words unless it recurs and is no common compound ("Red Carpet")."""
        if gram[0] in self.generic or gram[-1] in self.generic or gram[-1] in self.soft:
            return False
        if all(w in self.generic or w in self.soft or w in self.connectors for w in gram):
            return False
        if all(w.removesuffix("'s") in self._dict for w in gram) and not self._person_like(gram):
            if all(w in self.namey for w in gram if w not in self.connectors):
                return True   # capitalised mid-sentence too: "the Supreme Court ruled"
            return n >= 3 and not self._has_compound(gram)
        return True

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

    def _person_like(self, gram: tuple[str, ...]) -> bool:
        """A given name then one or two more name words ("Mark Carney", "Juan Pablo Galavis")."""
        return 2 <= len(gram) <= 3 and gram[0] in self.given and (
            gram[0] not in self._dict or gram[-1] not in self._dict) and not any(
            w in self.connectors or w in self.soft or w in self.prefix_words or w in self.generic
            or not w.replace("-", "").isalpha() for w in gram)

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
            if (self.is_common(gram[-1]) and ending <= self._support(tail, units)) or (
                    self.is_common(gram[0]) and gram[0] not in self.soft and n <= self._support(head, units)):
                del units[gram]
        for gram in inside:
            units.pop(gram, None)
        for gram in [g for g in units if self._glued(g, units)]:
            del units[gram]

    def _inflected(self, word: str) -> bool:
        """An ordinary word with an inflection ending whose stem is a word too ("hosts", "picked")."""
        for end in ("s", "es", "ed", "d", "ing"):
            if word.endswith(end) and word[: -len(end)] in self._words:
                return True
        return False

    def _glued(self, gram: tuple[str, ...], units: dict[tuple[str, ...], int]) -> bool:
        """Both sides of a split are names seen more often on their own than the whole."""
        n = units[gram]
        for k in range(1, len(gram)):
            left, right = gram[:k], gram[k:]
            if left[-1] in self.connectors or right[0] in self.connectors or len(left[-1]) == 1 \
                    or len(right[0]) == 1:
                continue
            if self._support(left, units) >= n and self._support(right, units) >= n:
                return True
        return False

    def _support(self, part: tuple[str, ...], units: dict[tuple[str, ...], int]) -> int:
        """How often a part is seen as a name of its own: a unit, a lone word, or one of those
        with ordinary words at its end ("Titanfall Bundle" counts as "Titanfall")."""
        if len(part) == 1:
            return 0 if self.is_common(part[0]) else self.alone[part[0]]
        if part in units:
            return units[part]
        return self._support(part[:-1], units) if self.is_common(part[-1]) else 0

    def _learn_variants(self, units: dict[tuple[str, ...], int]) -> None:
        """Surname -> person, cut beginning -> its unit, given name -> the one person known by it."""
        by_last: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        by_first: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        by_prefix: dict[tuple[str, ...], list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        for gram, n in units.items():
            if self.units[gram][0].kind == "person":
                by_last[gram[-1]].append((n, gram))
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
        for gram in units:   # "Juan Pablo" -> "Juan Pablo Galavis": a person's first names
            unit = self.prefixes.get(gram)
            if unit is not None and unit.kind == "person" and self.units[gram][0].kind == "person":
                self.units[gram] = (unit, True)

    def _kind(self, gram: tuple[str, ...]) -> str:
        return "person" if self._person_like(gram) else "name"

    # ---------------------------------------------------------------- tagging
    def topics(self, text: str, truncated: bool) -> list[Topic]:
        """Topics of one headline, in order of appearance, without duplicates."""
        body = normalise(prepare(text or "", truncated))
        found: dict[str, Topic] = {}
        if is_cjk(body):
            for title in cjk_titles(body):
                self._emit(found, Topic(title, topic_key(title), "title"))
            return list(found.values())
        titles, rest = split_quotes(body, truncated, self._name_word)
        for title in titles:
            self._title(found, title)
        chunks, style = scan(rest, self.stop)
        last = len(chunks) - 1
        for c, chunk in enumerate(chunks):
            self._chunk(found, chunk, style, truncated and c == last)
        return list(found.values())

    def _title(self, found: dict[str, Topic], title: str) -> None:
        title = title.strip(" ,;:")
        words = title.split()
        if not words or len(words) > 8 or len(title) > 80 or title[0].islower():
            return
        key = topic_key(title)
        if key in self.generic or key in self.kickers or key.replace(" ", "").isdigit():
            return
        content = [w for w in words if w.casefold() not in self.stop]
        if len(words) > 3 and sum(w[0].isupper() for w in content) < 0.6 * len(content):
            return   # a quoted sentence, not a title
        acr = len(words) == 1 and title.isupper() and 2 <= len(title) <= 6
        self._emit(found, Topic(title, key, "acronym" if acr else "title"))

    def _chunk(self, found: dict[str, Topic], chunk: list[Tok], style: str, cut_end: bool) -> None:
        i, n = 0, len(chunk)
        rest: list[Tok] = []
        while i < n:
            tok = chunk[i]
            longest = self.unit_first.get(tok.low + "'s" if tok.poss else tok.low)
            if longest:
                hit = self._match(chunk, i, style, longest)
                if hit:
                    self._runs_out(found, rest, style, False)
                    rest = []
                    self._emit(found, hit[0])
                    i += hit[1]
                    continue
            if tok.acr and style != CAPS and self._acronym(chunk, i):
                self._runs_out(found, rest, style, False)
                rest = []
                self._emit(found, Topic(tok.base, topic_key(tok.base), "acronym"))
            else:
                rest.append(tok)
            i += 1
        self._runs_out(found, rest, style, cut_end)

    def _acronym(self, chunk: list[Tok], i: int) -> bool:
        """All caps, not a kicker; a caps stop word counts only alone ("US", "ET", not "WATCH THE")."""
        low = chunk[i].low
        if low in self.kickers or low in self.hard:
            return False
        if low in self.stop:
            return not any(0 <= j < len(chunk) and chunk[j].base.isupper() for j in (i - 1, i + 1))
        return True

    def _match(self, chunk: list[Tok], i: int, style: str, longest: int) -> tuple[Topic, int] | None:
        """The longest unit starting at chunk[i] (units are at most `longest` words from this word)."""
        span = chunk[i: i + longest]
        words = [t.low + "'s" if t.poss else t.low for t in span]
        for j in range(len(span), 1, -1):
            hit = self.units.get((*words[:j - 1], span[j - 1].low))
            if hit and (not hit[1] or style == CAPS
                        or all(t.cap for t in span[:j] if t.low not in self.connectors)):
                return hit[0], j
        return None

    def _runs_out(self, found: dict[str, Topic], toks: list[Tok], style: str, cut_end: bool) -> None:
        if style == CAPS or not toks:
            return
        for run in self._runs(toks, style):
            at_cut = cut_end and run[-1] is toks[-1]
            if style == SENTENCE or len(run) == 1:
                self._name(found, run, style, at_cut)
                continue
            part: list[Tok] = []   # title case: ordinary words split a run, a given name holds the next word
            for k, tok in enumerate(run):
                if self.is_common(tok.low) and not (part and part[-1].low in self.given) and not (
                        k + 1 < len(run) and tok.low in self.given and not part):
                    if part:
                        self._name(found, part, style, False)
                    part = []
                else:
                    part.append(tok)
            if part:
                self._name(found, part, style, at_cut)

    def _name(self, found: dict[str, Topic], run: list[Tok], style: str, at_cut: bool) -> None:
        if at_cut:
            unit = self.prefixes.get(tuple(t.low for t in run))
            if unit:
                self._emit(found, unit)
                return
        lone = len(run) == 1
        run = self._trim(run, style)
        if not run:
            return
        if len(run) == 1:
            self._one_word(found, run[0], style, lone)
            return
        if style != SENTENCE and all(self.is_common(t.low) for t in run):
            return
        if all(t.low in self._dict for t in run) and self._has_compound(tuple(t.low for t in run)):
            return   # "Minimalist Beach House": ordinary words around a common compound
        lows = tuple(t.low for t in run)
        unit = self.prefixes.get(lows) if lows[0] in self.given else None
        if unit is not None and unit.kind == "person":   # "Juan Pablo" -> "Juan Pablo Galavis"
            self._emit(found, unit)
            return
        parts = self._split_known(run)
        if parts:   # "Apple iPhone": two names the corpus knows apart, not one
            for part in parts:
                self._name(found, part, style, False)
            return
        name = " ".join(t.base for t in run)
        self._emit(found, Topic(name, topic_key(name), self._kind(lows)))

    def _split_known(self, run: list[Tok]) -> list[list[Tok]] | None:
        """The run as two or more known names back to back, or None."""
        for k in range(len(run) - 1, 0, -1):
            head, tail = run[:k], run[k:]
            if self._known(head):
                if self._known(tail):
                    return [head, tail]
                rest = self._split_known(tail)
                if rest:
                    return [head, *rest]
        return None

    def _one_word(self, found: dict[str, Topic], tok: Tok, style: str, lone: bool = True) -> None:
        """A lone capitalised word: a known person's surname or only first name, else a name of
        its own when it is no ordinary word (or the corpus writes it capitalised mid-sentence)."""
        variant = self.variants.get(tok.low)
        if variant and (style == SENTENCE or not self.is_common(tok.low)):
            self._emit(found, variant)
            return
        if tok.low in self.firsts or (tok.low in self.given and self.alone[tok.low] < 3):
            # A first name alone names nobody, unless one known person has it and it stood alone
            # ("Neil Speaks"; not "Neil Young", cut to "Neil").
            person = self.firsts.get(tok.low) if lone else None
            if person is not None:
                self._emit(found, person)
            return
        sentence_mid = style == SENTENCE and not tok.initial and (
            tok.low not in self._dict or tok.low in self.namey)
        if len(tok.low) >= 2 and tok.low not in self.soft and (
                (not self.is_common(tok.low) and not (style == SENTENCE and tok.initial))
                or sentence_mid or tok.low in self.namey
                or (tok.initial and tok.low in self.cap_mid and not self.is_common(tok.low))):
            self._emit(found, Topic(tok.base, topic_key(tok.base), "name"))

    def _known(self, run: list[Tok]) -> bool:
        """A name the corpus knows on its own: a unit, or a word seen alone as a name."""
        if len(run) == 1:
            return not self.is_common(run[0].low) and self.alone[run[0].low] >= 2
        return gram_of(run, 0, len(run)) in self.units

    def _trim(self, run: list[Tok], style: str) -> list[Tok]:
        """Cut ordinary words off the edges of a capitalised run (title case) and connectors."""
        common = self.is_common
        if style == SENTENCE:
            if run and run[0].initial and common(run[0].low) and not (
                    len(run) > 1 and run[1].low in self.connectors):
                run = run[1:]
        else:
            for k, tok in enumerate(run):   # "Aftermath of Randall Emmett" -> "Randall Emmett"
                if tok.low in self.connectors and all(common(t.low) for t in run[:k]):
                    run = run[k:]
                    break
            while len(run) > 2 and common(run[-1].low):
                run = run[:-1]
            while len(run) >= 3 and common(run[0].low) and run[0].low not in self.soft \
                    and run[0].low not in self.prefix_words:
                run = run[1:]
            # "Emotional Emmys", "Ben Affleck Wedding": an ordinary word beside a known name.
            while len(run) >= 2 and run[0].low in self._dict and run[0].low not in self.given \
                    and run[0].low not in self.prefix_words and self._known(run[1:]):
                run = run[1:]
            while len(run) >= 2 and run[-1].low in self._dict and (
                    self._known(run[:-1]) or run[0].low not in self.given):
                run = run[:-1]   # a surname may be a word ("Bruno Mars"); "California Ceremony" is not a name
        while run and run[-1].low in self.soft:
            run = run[:-1]
        while run and run[0].low in self.connectors and not (run[0].cap and len(run) > 1):
            run = run[1:]
        while run and run[-1].low in self.connectors:
            run = run[:-1]
        return run

    def _emit(self, found: dict[str, Topic], topic: Topic) -> None:
        if topic.key in self.ignore:
            return
        shown = self.display.get(topic.key)
        if shown is not None and shown != topic.name:
            topic = Topic(shown, topic.key, topic.kind)
        canonical = self.aliases.get(topic.key)
        if canonical is not None:
            topic = Topic(canonical, topic_key(canonical), topic.kind)
            if topic.key in self.ignore:
                return
        if topic.key not in found:
            found[topic.key] = topic
