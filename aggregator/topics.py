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
nothing. A possessive joins what follows it into one name only where the two sides belong
together in the corpus ("Grey's Anatomy", "Men's Wearhouse"); a name only ever written with
"'s" is shown with it ("Macy's"); a person's or a place's possessive is the person or place
("Taylor Swift's Eras Tour" -> "Taylor Swift"). Text is read through names.normalise, so a name's variants are one topic, keyed by
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
from collections import Counter
from operator import itemgetter
from typing import Callable, Hashable, Iterable, Mapping

from .collector import collector_paused
from .names import normalise
from .textscan import CAPS, SENTENCE, Tok, cjk_titles, is_cjk, prepare, scan, split_quotes
from .topic_fit import (
    NAME_SUFFIXES,
    Topic,
    TopicStats,
    demonym_place,
    gram_of,
    label_case,
    place_name,
    surface_of,
    topic_key,
)

__all__ = ["Topic", "TopicModel", "brand_names", "topic_key"]


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


def _topic(name: str, kind: str) -> Topic:
    """Topic(name, topic_key(name), kind), made once per name and kind: the same names recur
    headline after headline, and a Topic is immutable."""
    topic = _TOPICS.get((name, kind))
    if topic is None:
        if len(_TOPICS) >= _TOPICS_CAP:
            _TOPICS.clear()
        topic = _TOPICS[name, kind] = Topic(name, topic_key(name), kind)
    return topic


def _shown(name: str, topic: Topic) -> Topic:
    """`topic` under its display name, made once per name, key and kind (see _topic)."""
    shown = _SHOWN.get((name, topic.key, topic.kind))
    if shown is None:
        if len(_SHOWN) >= _TOPICS_CAP:
            _SHOWN.clear()
        shown = _SHOWN[name, topic.key, topic.kind] = Topic(name, topic.key, topic.kind)
    return shown


_TOPICS: dict[tuple[str, str], Topic] = {}
_SHOWN: dict[tuple[str, str, str], Topic] = {}
_TOPICS_CAP = 1 << 16
# A Tok's fields by position: itemgetter reads a tuple's item in C, a third faster than attrgetter.
_LOW, _ACR, _POSS = (itemgetter(Tok._fields.index(name)) for name in ("low", "acr", "poss"))
_MEMO_CAP = 1 << 16   # texts / runs a model remembers its tagging of


def _remember(memo: dict, key: Hashable, topics: Iterable[Topic]) -> tuple[Topic, ...]:
    """Store a miss's topics in a tagging memo and return them; a full memo is emptied first, so
    the memos stay flat however long a process runs. (Callers look up hits themselves: a hit is
    the hot path.)"""
    if len(memo) >= _MEMO_CAP:
        memo.clear()
    known = memo[key] = tuple(topics)
    return known


def _emitted(emit: Callable[..., None], *args: object) -> Iterable[Topic]:
    """The topics `emit(found, *args)` puts in a fresh `found`, in their order."""
    found: dict[str, Topic] = {}
    emit(found, *args)
    return found.values()


class TopicModel(TopicStats):
    """Corpus statistics plus the rules that turn one headline into its topics."""

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
        bodies = [(label_case(normalise(prepare(text, truncated))), truncated)
                  for text, truncated in sorted(((t or "", bool(c)) for t, c in headlines))]
        self.learn_pipe_tails([body for body, _truncated in bodies])
        read = [self._read(self.cut_pipe_tail(body), truncated, forms) for body, truncated in bodies]
        docs = [(chunks, style) for chunks, style, _lang in read]
        foreign = {d: lang for d, (_c, _s, lang) in enumerate(read) if lang is not None}
        self.multilingual = bool(foreign)
        # Capitals mid-sentence still tell in a sentence-case headline of a language that writes
        # its nouns in lower case; nowhere else in another language's headline.
        self._learn_case(docs, frozenset(d for d, lang in foreign.items()
                                         if lang in self._noun_languages or docs[d][1] != SENTENCE))
        for d, (chunks, style) in enumerate(docs):   # read with the evidence of the headlines whose case tells
            lang = foreign.get(d)
            if lang is not None:
                docs[d] = (self._uncase(chunks, style, lang), style)
            elif style == SENTENCE:
                docs[d] = (self._read_initials(chunks, style), style)
        self.quoted_n = Counter(forms)
        self._learn_units(docs, max(2, min_support), forms)
        return self

    def _read(self, body: str, truncated: bool, forms: Counter[str]) -> tuple[list[list[Tok]], str, str | None]:
        """A headline's chunks, case style and language (None: English), from its normalised body."""
        if not body.isascii() and is_cjk(body):   # CJK letters are never ASCII: no search needed
            return [], CAPS, None
        titles, rest = split_quotes(body, truncated, self._name_word)
        if titles:
            forms.update(titles)
        self.note_tickers(rest)
        self.note_hyphened(rest)
        chunks, style = scan(rest, self.stop)
        return chunks, style, self.language(rest, style)

    def _name_word(self, low: str) -> bool:
        return not self.is_common(low.rstrip("'s").rstrip("'"))

    def __init__(self) -> None:
        super().__init__()
        # Tagging memos (see topics and _name): the model is fixed once fitted, so a text's
        # topics and a run's names are worked out once; each is cleared when full (memory flat).
        self._tagged: dict[tuple[str, bool], tuple[Topic, ...]] = {}
        self._named: dict[tuple[tuple[Tok, ...], str, bool], tuple[Topic, ...]] = {}
        self._words_named: dict[tuple[Tok, str, bool], tuple[Topic, ...]] = {}

    # ---------------------------------------------------------------- tagging
    def topics(self, text: str, truncated: bool) -> list[Topic]:
        """Topics of one headline, in order of appearance, without duplicates.

        Remembered by normalised text: the same headline comes from many publishers and wire
        variants ("UPDATE 1-...", "... - Reuters") normalise to one text."""
        return self.tag_many(((text, truncated),))[0]

    def tag_many(self, rows: Iterable[tuple[str, bool]]) -> list[list[Topic]]:
        """topics() of each (text, truncated), with the cycle collector paused: a batch makes
        many small objects and no cycles, and collections would scan them again and again."""
        memo, tag = self._tagged, self._tag
        out: list[list[Topic]] = []
        with collector_paused():
            for text, truncated in rows:   # a loop, not a call a headline (see topics for the memo)
                body = normalise(prepare(text or "", truncated))
                known = memo.get((body, truncated))
                if known is None:
                    known = _remember(memo, (body, truncated), tag(body, truncated))
                out.append(list(known))
        return out

    def _tag(self, body: str, truncated: bool) -> list[Topic]:
        """topics() of a normalised, prepared text."""
        found: dict[str, Topic] = {}
        if body[:2].isupper():   # the tests label_case and unjoin start with, asked here without a call
            body = label_case(body)
        if self.pipe_tails and " | " in body:
            body = self.cut_pipe_tail(body)
        if self.joined and "-" in body:
            body = self.unjoin(body)
        if not body.isascii() and is_cjk(body):
            for title in cjk_titles(body):
                self._emit(found, _topic(title, "title"))
            return list(found.values())
        titles, rest = split_quotes(body, truncated, self._name_word)
        chunks, style = scan(rest, self.stop)
        for title in titles:
            self._title(found, title, style)
        if style == SENTENCE:
            words = self._dict
            for chunk in chunks:   # a sentence's first word that is no English word: rare, read it then
                _base, low, cap, _acr, _num, _poss, initial = chunk[0]
                if initial and cap and low not in words:
                    chunks = self._read_initials(chunks, style)
                    break
        last = len(chunks) - 1
        other = False
        for c, chunk in enumerate(chunks):
            other |= self._chunk(found, chunk, style, truncated and c == last)
        if other and (lang := self.language(rest, style)) is not None:
            # Another language's function word: read again with the capitals that tell (a model
            # fitted on English alone knows no such words, so it reads every headline as English).
            found = {}
            for title in titles:
                self._title(found, title, style)
            self._chunks(found, self._uncase(chunks, style, lang), style, truncated)
        return list(found.values())

    def _chunks(self, found: dict[str, Topic], chunks: list[list[Tok]], style: str, truncated: bool) -> bool:
        last = len(chunks) - 1
        other = False
        for c, chunk in enumerate(chunks):
            other |= self._chunk(found, chunk, style, truncated and c == last)
        return other

    def _title(self, found: dict[str, Topic], title: str, style: str) -> None:
        if self.said_in_title_case(title, style):
            return
        title = self._title_head(title.strip(" ,;:"))
        words = title.split()
        if not words or len(words) > 8 or len(title) > 80 or title[0].islower():
            return
        key = topic_key(title)
        if key in self.generic or key in self.kickers or key in self.phrases or key.replace(" ", "").isdigit():
            return
        if len(words) == 1 and self.scare_quoted(key, title):
            return
        content = [w for w in words if w.casefold() not in self.stop]
        if len(words) >= 3 and sum(not w[0].islower() for w in content) < max(1, 0.6 * len(content)):
            return   # a quoted sentence, not a title ("'I would do it again'", "'Netflix for pirates'")
        acr = len(words) == 1 and title.isupper() and 2 <= len(title) <= 6
        self._emit(found, Topic(title, key, "acronym" if acr else "title"))

    def _chunk(self, found: dict[str, Topic], chunk: list[Tok], style: str, cut_end: bool) -> bool:
        """Emit the chunk's topics; True when it holds a function word of another language
        (unit_first maps those to 0 in a multilingual model: one lookup answers both)."""
        first = self.unit_first
        # Most chunks hold no word that starts a unit and no acronym: tell so in C (map over the
        # fields), without a Python step per word.
        if not (any(map(first.__contains__, map(_LOW, chunk))) or any(map(_ACR, chunk))
                or any(map(_POSS, chunk))):
            self._runs_out(found, chunk, style, cut_end)
            return False
        i, n = 0, len(chunk)
        rest: list[Tok] = []
        other = False
        while i < n:
            tok = chunk[i]
            _base, low, _cap, acr, _num, poss, _initial = tok   # one unpacking, not a property call per field
            longest = first.get(low + "'s" if poss else low)
            if longest:
                hit = self._match(chunk, i, style, longest)
                if hit:
                    self._runs_out(found, rest, style, False)
                    rest = []
                    self._emit(found, hit[0])
                    i = self._past_tail(chunk, i + hit[1], style)
                    continue
            elif longest is not None:
                other = True
            if acr and style != CAPS and self._acronym(chunk, i):
                self._runs_out(found, rest, style, False)
                rest = []
                self._emit(found, _topic(tok.base, "acronym"))
            else:
                rest.append(tok)
            i += 1
        self._runs_out(found, rest, style, cut_end)
        return other

    def _acronym(self, chunk: list[Tok], i: int) -> bool:
        """All caps, not a kicker; a caps stop word counts only alone ("US", "ET", not "WATCH THE")."""
        low = chunk[i].low
        if low in self.kickers or low in self.hard or low in self.compass:
            return False
        if low in NAME_SUFFIXES and i and chunk[i - 1].cap:   # "Theodore Roosevelt IV": part of the name
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
            if style == SENTENCE or len(run) == 1 or run[0].low == "the" and self._the_demonym(run):
                self._name(found, run, style, at_cut)
                continue
            part: list[Tok] = []   # title case: ordinary words split a run, a given name holds the next word
            for k, tok in enumerate(run):
                if self.is_common(tok.low) and not (part and part[-1].low in self.given) and not (
                        len(part) == 1 and self.holds_surname(part[0], tok)) and not (
                        k + 1 < len(run) and not part and (tok.low in self.given or self._opens(tok, run[k + 1]))):
                    if part:
                        self._name(found, part, style, False)
                    part = []
                else:
                    part.append(tok)
            if part:
                self._name(found, part, style, at_cut)

    def _opens(self, tok: Tok, nxt: Tok) -> bool:
        """A possessive ordinary word holds the name word after it when that word mostly comes
        after it ("Men's Wearhouse"); not a name seen apart ("Apple's iPhone"), a contraction
        ("It's") or an ordinary word ("Film's First")."""
        return tok.poss and tok.low not in self.stop and (tok.low, nxt.low) in self.poss_pairs \
            and not self.is_common(nxt.low)

    def _the_demonym(self, run: list[Tok]) -> bool:
        """"The Oregonian", "The Australian": "The" and a demonym alone name a paper, not a place."""
        return len(run) == 2 and run[0].low == "the" and run[0].cap and run[1].cap and self.is_demonym(run[1].low)

    def _name(self, found: dict[str, Topic], run: list[Tok], style: str, at_cut: bool) -> None:
        """Emit the topics a capitalised run names, worked out once per run (runs recur: the
        same names and capitalised words come back headline after headline)."""
        key = (tuple(run), style, at_cut)
        named = self._named.get(key)
        if named is None:
            named = _remember(self._named, key, _emitted(self._name_run, run, style, at_cut))
        for topic in named:   # emitted topics are final: only the first of a key counts
            found.setdefault(topic.key, topic)

    def _name_run(self, found: dict[str, Topic], run: list[Tok], style: str, at_cut: bool) -> None:
        if run[0].low == "the" and self._the_demonym(run):
            name = surface_of(run, 0, 2)
            self._emit(found, _topic(name, "name"))
            return
        if at_cut and (len(run) > 1 or not self.is_common(run[0].low)):   # not "Her New …" -> "New York"
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
        if self._plain_run(run, style):
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
        name = surface_of(run, 0, len(run))
        self._emit(found, _topic(name, "person" if self.titled(lows) else self._kind(lows)))

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
        """Emit a lone capitalised word's topic, worked out once per word form (see _word)."""
        key = (tok, style, lone)
        named = self._words_named.get(key)
        if named is None:
            named = _remember(self._words_named, key, _emitted(self._word, tok, style, lone))
        for topic in named:
            found.setdefault(topic.key, topic)

    def _word(self, found: dict[str, Topic], tok: Tok, style: str, lone: bool) -> None:
        """A lone capitalised word: a brand only ever written with "'s", a known person's surname
        (also an ordinary word when possessive: "Swift's") or only first name, else a name of
        its own when it is no ordinary word (or the corpus writes it capitalised mid-sentence)."""
        base, low, _cap, _acr, _num, poss, initial = tok   # one unpacking, not a property call per field
        if low in self.kickers:   # "MPs", "Q4": a generic acronym in mixed case is no name either
            return
        if poss and low in self.brands:   # "Macy's": never written without its "'s"
            self._emit(found, _topic(base + "'s", "name"))
            return
        variant = self.variants.get(low)
        # A surname that is also a word stands for the person only alone ("Street" cut from
        # "Wall Street" is no "Jane Street").
        if variant and (lone or low not in self._dict) and (
                style == SENTENCE or poss or not self.is_common(low)):
            self._emit(found, variant)
            return
        if low in self.firsts or self._lone_first(low):
            # A first name alone names nobody, unless one known person has it and it stood alone
            # ("Neil Speaks"; not "Neil Young", cut to "Neil").
            person = self.firsts.get(low) if lone else None
            if person is not None:
                self._emit(found, person)
            return
        # Capitals seen only inside longer names ("State of the Union") make no one-word name.
        common = self.is_common(low, alone=True)
        place = demonym_place(low)
        if place and (not common or not initial):   # "Syrian rebels": news about Syria
            self._emit(found, _topic(place_name(place), "name"))   # ("Polish Your Shoes" opens with a verb)
            return
        # A sentence's first word that is no word was read before (_read_initials): a name here.
        if len(low) >= 2 and low not in self.soft and (
                not common or low in self.namey_alone
                or (style == SENTENCE and not initial and low not in self._dict)):
            self._emit(found, _topic(base, "name"))

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
                    self._known(run[:-1]) or run[0].low not in self.given) \
                    and not (len(run) == 2 and self.holds_surname(run[0], run[1])):
                run = run[:-1]   # a surname may be a word ("Bruno Mars"); "California Ceremony" is not a name
        if run and run[-1].low in NAME_SUFFIXES and (len(run) == 1 or run[-2].low in self.variants):
            run = run[:-1]   # "Downey Jr." is Downey; "Jr." after a name matched before it is no name
        while run and run[-1].low in self.soft:
            run = run[:-1]
        while run and run[0].low in self.connectors and not (run[0].cap and len(run) > 1):
            run = run[1:]
        while run and run[-1].low in self.connectors:
            run = run[:-1]
        return run

    def _emit(self, found: dict[str, Topic], topic: Topic) -> None:
        key = topic.key
        ignore = self.ignore
        if ignore and key in ignore:
            return
        merged = self.merged.get(key)   # "General Motors" -> GM: one topic
        if merged is not None:
            if ignore and merged.key in ignore:
                return
            topic = merged
            key = topic.key
        shown = self.display.get(key)
        if shown is not None and shown != topic.name:
            topic = _shown(shown, topic)
        if self.aliases:
            canonical = self.aliases.get(key)
            if canonical is not None:
                topic = _topic(canonical, topic.kind)
                key = topic.key
                if key in ignore:
                    return
        if key not in found:
            found[key] = topic
