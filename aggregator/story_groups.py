"""Order-independent story grouping: headlines taken in canonical order, linked to earlier ones.

Why: the same headlines must give the same stories whatever order and batch sizes they arrived
in, and `rebuild` must reproduce the incremental path. So every decision depends only on the
data: headlines are visited in canonical order (first_seen, key) -- the dedupe key, not the id,
which reflects arrival order -- and a headline is compared only with headlines first seen
within `window` before it, counted from the start of its hour (a sliding window in that order,
evicted as it slides, never rebuilt at batch boundaries). Candidates come from the blocks of a
headline's uncommon words -- rarity is the word's document frequency in the window, which the
data alone fixes -- and share two of its content words (one when it has at most two); blocks
keep a bounded number of recent entries per word, so cost stays near-linear.

A headline joins the story of an earlier near-duplicate (the strict pairwise rule, vetoes
included). When it matches members of two stories, they merge only if their centres (each
story's canonical-first headline) agree -- no conflicting claim, words in common: the chaining
guard works at story level, so two stories are not glued by one headline that resembles both.
(Also requiring every new member to agree with its story's centre lost 8 points of recall on
the development pairs for no precision: paraphrases that each add their own detail.) A story's
id is its canonical-first member's id; the links are the stored record, stories their components.

>>> g = StoryGrouper(window_seconds=3 * 86400)
>>> g.add(1, "2014-03-10T10:00:00Z", "a", None, "Copper slips as China demand worries grow")
[]
>>> g.add(2, "2014-03-10T11:00:00Z", "b", None, "UPDATE 1-Copper slips as China demand worries grow")
[1]
>>> g.story_of(2)
1
"""
from __future__ import annotations

import itertools
import operator
from collections import deque
from dataclasses import dataclass, field
from datetime import timedelta

from .stories import Prepared, agrees, prepare, same_prepared
from .timewindow import parse_iso, to_iso

POSTING_CAP = 32       # entries kept per word: the most recent ones (a common word's block stays small)
COMPARE_CAP = 24       # candidates compared in full per headline, most shared words first
COMMON_RECENT = 16     # entries read from the block of a word too common to read whole


class Block(deque):
    """A word's most recent window members (at most the posting cap), and `df`: how many window
    members hold the word (its document frequency). One table for both: one lookup a word."""

    __slots__ = ("df",)

    def __init__(self, cap: int) -> None:
        super().__init__((), cap)
        self.df = 0


@dataclass(eq=False, slots=True)
class Cluster:
    """A story while it has members in the window: its root (canonical-first member) and centre."""

    root: int
    order: tuple[str, str]       # (first_seen, key) of the root: the earlier root names a merge
    centre: Prepared
    merged_into: Cluster | None = None

    def find(self) -> Cluster:
        node = self
        while node.merged_into is not None:
            node = node.merged_into
        if node is not self:
            self.merged_into = node
        return node


class Member:
    """A headline in the window: what the candidate search reads (its content words, their
    number, whether it is cut) at hand, the rest in `prep` for the full rule."""

    # The fields the candidate count reads first: they share a cache line with the object's header.
    __slots__ = ("content", "size", "cut", "first_seen", "key", "hid", "url", "prep", "cluster")

    def __init__(self, hid: int, first_seen: str, key: str, url: str | None, prep: Prepared,
                 cluster: Cluster) -> None:
        self.hid = hid
        self.first_seen = first_seen
        self.key = key
        self.url = url
        self.prep = prep
        self.cluster = cluster
        self.content = prep.content   # a tuple: small, and read in one go by the candidate count
        self.size = len(prep.content)
        self.cut = prep.cut


@dataclass(slots=True)
class StoryGrouper:
    """Sliding-window grouping over headlines fed in canonical order (see the module docstring).

    `seed` loads headlines grouped earlier (the window before the first new one) with their
    stored story and centre; `add` groups the next headline and returns the ids it linked to.
    `merges` lists (old root, new root) in the order stories merged, for relabelling members
    that have left the window.
    """

    window_seconds: float
    posting_cap: int = POSTING_CAP
    compare_cap: int = COMPARE_CAP
    merges: list[tuple[int, int]] = field(default_factory=list)
    _members: deque = field(default_factory=deque)
    _postings: dict = field(default_factory=dict)   # word -> Block, while a window member holds it
    _by_url: dict = field(default_factory=dict)
    _by_id: dict = field(default_factory=dict)
    _cutoff_for: str = ""
    _cutoff: str = ""
    _seeded: dict = field(default_factory=dict)   # root id -> cluster, while seeding
    _added: dict = field(default_factory=dict)    # hid -> cluster of headlines added since take_stories()

    def seed(self, hid: int, first_seen: str, key: str, url: str | None, text: str | Prepared,
             root: int, root_order: tuple[str, str], root_text: str | Prepared) -> None:
        """Load a headline grouped earlier under its stored story (root id, root's order and text)."""
        self._evict(first_seen)
        cluster = self._seeded.get(root)
        if cluster is None:
            cluster = self._seeded[root] = Cluster(root, root_order, _prep(root_text))
        self._remember(Member(hid, first_seen, key, url, _prep(text), cluster))

    def add(self, hid: int, first_seen: str, key: str, url: str | None, text: str | Prepared) -> list[int]:
        """Group the next headline (canonical order); returns the earlier headlines it links to."""
        self._seeded.clear()
        self._evict(first_seen)
        prep = _prep(text)
        blocks = list(map(self._postings.get, prep.content))   # read by the search, then extended
        matched = self._matches(prep, url, blocks)
        if not matched:   # most headlines: a new story
            joined = Cluster(hid, (first_seen, key), prep)
            self._remember(Member(hid, first_seen, key, url, prep, joined), blocks)
            self._added[hid] = joined
            return []
        clusters: dict[Cluster, Member] = {}
        for member, _by_url in matched:
            cluster = member.cluster.find()
            if cluster in clusters:
                continue
            clusters[cluster] = member
        links: list[int] = []
        joined: Cluster | None = None
        for cluster in sorted(clusters, key=lambda c: c.order):
            if joined is None:
                joined = cluster
            elif agrees(joined.centre, cluster.centre):
                cluster.merged_into = joined
                self.merges.append((cluster.root, joined.root))
            else:
                continue   # the two stories say different things: this headline stays with the first
            links.append(clusters[cluster].hid)
        if joined is None:
            joined = Cluster(hid, (first_seen, key), prep)
        self._remember(Member(hid, first_seen, key, url, prep, joined), blocks)
        self._added[hid] = joined
        return links

    def story_of(self, hid: int) -> int:
        """Story id (root) of a headline added since the last `take_stories`, or still in the window."""
        cluster = self._added.get(hid) or self._by_id[hid].cluster
        return cluster.find().root

    def take_stories(self) -> dict[int, int]:
        """hid -> story id of every headline added since the last call (then forgotten here)."""
        out = {hid: cluster.find().root for hid, cluster in self._added.items()}
        self._added.clear()
        return out

    def _matches(self, prep: Prepared, url: str | None, blocks: list[Block | None]) -> list[tuple[Member, bool]]:
        """Window members this headline is a near-duplicate of (same link counts), best first.
        `blocks`: the block of each content word (None: no window member holds it)."""
        found: list[tuple[Member, bool]] = []
        if url:
            same = self._by_url.get(url)
            if same is not None and same.first_seen >= self._cutoff:
                found.append((same, True))
        # Blocks of the headline's uncommon words (window document frequency within the block
        # size: every window entry is in the block), else of its two least common words.
        content = prep.content
        ranked_words = sorted(zip(map(getattr, blocks, _DF, _ZEROS), content, blocks))   # None: df 0
        cap = self.posting_cap
        cutoff = self._cutoff
        pool: list[Member] = []   # a member holding two of the words is read twice: cheaper than a set
        for n, (count, _word, block) in enumerate(ranked_words):
            if count > cap and n >= 2:
                break   # ranked by count: every later word is common too
            if not block:
                continue
            while block and block[0].first_seen < cutoff:
                block.popleft()
            if count <= cap:
                pool += block
            else:   # a common word: its most recent entries only
                pool += itertools.islice(reversed(block), COMMON_RECENT)
        need = 2 if len(content) >= 3 else 1
        size = len(content)
        cut = prep.cut
        # Shared word counts in C (map over the members' word tuples); Python only sees the hopefuls.
        counts = list(map(len, map(frozenset(content).intersection, map(_CONTENT, pool))))
        ranked = []
        taken: set[Member] = set()
        for member, shared in itertools.compress(zip(pool, counts), map(need.__le__, counts)):
            if member in taken:
                continue
            taken.add(member)
            # Cheap bound before the full rule: a third of the longer headline's words shared (of the
            # shorter's when one is cut). On the dev data it skips ~60% of comparisons, <0.1% of matches.
            other = member.size
            if 3 * shared >= ((other if other < size else size) if cut or member.cut
                              else (other if other > size else size)):
                ranked.append((-shared, member.first_seen, member.key, member))
        ranked.sort(key=_ORDER)
        matched: set[Cluster] = set()
        for *_order, member in ranked[: self.compare_cap]:
            cluster = member.cluster.find()
            if cluster in matched:
                continue   # one link per story is enough
            if same_prepared(prep, member.prep):
                found.append((member, False))
                matched.add(cluster)
        return found

    def _remember(self, member: Member, blocks: list[Block | None] | None = None) -> None:
        """Add a member to the window's tables (`blocks`: its words' blocks, looked up already)."""
        self._members.append(member)
        self._by_id[member.hid] = member
        if member.url:
            self._by_url[member.url] = member   # the latest headline of a link stays longest in the window
        postings = self._postings
        for word, block in zip(member.content, blocks or map(postings.get, member.content)):
            if block is None:
                postings[word] = block = Block(self.posting_cap)
            block.df += 1
            block.append(member)

    def _evict(self, first_seen: str) -> None:
        """Slide the window to end at `first_seen`: older members leave every table."""
        if first_seen[:13] != self._cutoff_for:   # the cutoff moves at most once an hour of data
            self._cutoff_for = first_seen[:13]
            self._cutoff = window_start(first_seen, self.window_seconds)
        cutoff = self._cutoff
        members = self._members
        while members and members[0].first_seen < cutoff:
            old = members.popleft()
            self._by_id.pop(old.hid, None)
            postings = self._postings
            for word in old.content:
                block = postings[word]
                block.df -= 1
                if not block.df:   # no window member holds the word: its block holds only the departed
                    del postings[word]
            if old.url and self._by_url.get(old.url) is old:
                del self._by_url[old.url]


_CONTENT = operator.attrgetter("content")
_ORDER = operator.itemgetter(0, 1, 2)
_DF = itertools.repeat("df")
_ZEROS = itertools.repeat(0)


def window_start(first_seen: str, window_seconds: float) -> str:
    """Earliest first_seen a headline first seen at `first_seen` is compared with: its hour minus the window."""
    return to_iso(parse_iso(first_seen[:13] + ":00:00Z") - timedelta(seconds=window_seconds))


def _prep(text: str | Prepared) -> Prepared:
    return text if isinstance(text, Prepared) else prepare(text)
