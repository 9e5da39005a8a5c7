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
included) -- unless it asks whether the claim the story's centre states holds (a yes/no question
against a statement) and matched only one member that is neither the centre nor its own link: a
crowded story's members join through its centre or enough members (SUPPORT), not one neighbour.
When it matches members of two stories, they merge only if their centres (each
story's canonical-first headline) agree -- no conflicting claim, words in common -- and the
headline is a near-duplicate of one of them: the chaining guard works at story level, so two
stories are not glued by one headline on both their edges.
They merge too when the centres make no conflicting claim and the two members it matched are
near-duplicates of each other or one of them of the other story's centre, or the headline is a
near-duplicate of both centres (a triangle or a star, not a chain): a crowded story's candidate search keeps only recent members, so near-duplicates
can start two stories whose first headlines each carry their own names (on the development headlines
this more than halves the rule-SAME pairs at Jaccard >= 0.5 that the grouping splits;
`bench/eval_pairs.py --consistency`).
When two stories it matched make conflicting claims (no merge), a headline joins the first one
unless it is a near-duplicate of the other's centre, not of the first's, and merged no stories
(its links record a merge): then it states the other's claim, and reached the first through a
member on its edge ("Navy halts tanker loaded with rebel oil" beside "Navy intercepts tanker
loaded with rebel oil" and "Minister ousted after tanker escapes with rebel oil").
(Also requiring every new member to agree with its story's centre lost 8 points of recall on
the development pairs for no precision: paraphrases that each add their own detail.) A story's
id is its canonical-first member's id; the links are the stored record, stories their components.

The window and the candidate search live in aggregator/story_window.py: a headline's candidates
depend on the data alone, not on how earlier headlines were grouped, so `add_many` finds a whole
batch's candidates in one pass (shared words counted in numpy) and then runs the pairwise rule
and the merges headline by headline, exactly as `add` one at a time would.

>>> g = StoryGrouper(window_seconds=3 * 86400)
>>> g.add(1, "2014-03-10T10:00:00Z", "a", None, "Copper slips as China demand worries grow")
[]
>>> g.add(2, "2014-03-10T11:00:00Z", "b", None, "UPDATE 1-Copper slips as China demand worries grow")
[1]
>>> g.story_of(2)
1
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from .collector import collector_paused
from .stories import Prepared, agrees, asks_whether, claims_conflict, prepare, same_prepared
from .story_window import COMPARE_CAP, HOT, POSTING_CAP, Window
from .timewindow import parse_iso, to_iso


@dataclass(eq=False, slots=True)
class Cluster:
    """A story while it has members in the window: its root (canonical-first member) and centre."""

    root: int
    head: Member | Prepared | str   # the root: a window member, or (before the window) its prepared form or text
    root_order: tuple[str, str] = ("", "")   # (first_seen, key) of a root before the window
    merged_into: Cluster | None = None
    _centre: Prepared | None = None   # the centre prepared again (its root frozen or before the window)
    shared: bool = False   # another headline joined it, or a story merged into it: frozen, its root keeps it

    @property
    def order(self) -> tuple:
        """Canonical position of the root: the earlier root names a merge. Window members are
        numbered in canonical order after every root before the window, so a member's number
        stands for its (first_seen, key)."""
        head = self.head
        return (1, head.seq) if type(head) is Member else (0, *self.root_order)

    @property
    def centre(self) -> Prepared:
        """The root's prepared form, read through the member while it keeps one: a story holds
        no prepared form of its own unless its centre was needed once its root was frozen (a merge
        reads centres several times: prepared once, then kept while the story lives)."""
        head = self.head
        if type(head) is Member and head._prep is not None:
            return head._prep
        centre = self._centre
        if centre is None:
            centre = self._centre = head.prep if type(head) is Member else _prep(head)
        return centre

    def find(self) -> Cluster:
        node = self
        while node.merged_into is not None:
            node = node.merged_into
        if node is not self:
            self.merged_into = node
        return node


Texts = Callable[[int], str]   # a headline's text by id: where frozen members are read again
_UNREAD = "\x00unread"   # the link of a thawed member until it is read (story_groups._link): a query saved per compare


class Member:
    """A headline in the window: what the candidate search reads (its content words, their
    number, whether it is cut, its link, its position `seq`) at hand, the rest in `prep` for the
    full rule.

    The window freezes members past its most recent ones (story_window.HOT; StoryGrouper._freeze):
    a grouper given `texts` then keeps no member object at all, only the window's columns and
    the member's story where it has others, and thaws one (`Member.thawed`, its text read again
    by id) when it is compared, which is rare that far back. Without `texts`, a frozen member
    drops its prepared form (most of its memory) and `prep` prepares its `text` again; a member
    given a prepared form, not a text, keeps it."""

    __slots__ = ("content", "cut", "first_seen", "seq", "hid", "url", "_prep", "text", "cluster")

    def __init__(self, hid: int, first_seen: str, url: str | None, text: str | Prepared,
                 cluster: Cluster | None, texts: Texts | None = None) -> None:
        prep = _prep(text)
        self.hid = hid
        self.first_seen = first_seen
        self.url = url
        self._prep: Prepared | None = prep
        self.text: str | Texts | None = None if prep is text else texts or text
        self.cluster = cluster
        self.content = prep.content   # a tuple: small, and read in one go by the candidate count
        self.cut = prep.cut
        self.seq = 0   # set by the window

    @classmethod
    def thawed(cls, hid: int, seq: int, url: str | None, cluster: Cluster | None, texts: Texts) -> Member:
        """A frozen window member as the full rule reads it (its text read again by id when compared)."""
        member = cls.__new__(cls)
        member.hid, member.seq, member.url, member.cluster, member._prep, member.text = hid, seq, url, cluster, None, texts
        member.content, member.first_seen, member.cut = (), "", False
        return member

    @property
    def prep(self) -> Prepared:
        prep = self._prep
        if prep is None:
            text = self.text
            return prepare(text if type(text) is str else text(self.hid))
        return prep

    def freeze(self) -> None:
        """Drop the prepared form (kept only where there is no text to prepare again) and the
        content words (the window keeps them by column)."""
        if self.text is not None:
            self._prep = None
        self.content = ()


@dataclass(slots=True)
class StoryGrouper:
    """Sliding-window grouping over headlines fed in canonical order (see the module docstring).

    `seed` loads headlines grouped earlier (the window before the first new one) with their
    stored story and centre; `add` groups the next headline and returns the ids it linked to;
    `add_many` does the same for a run of headlines (their candidates found in one pass: faster).
    `merges` lists (old root, new root) in the order stories merged, for relabelling members
    that have left the window.
    """

    window_seconds: float
    posting_cap: int = POSTING_CAP
    compare_cap: int = COMPARE_CAP
    hot: int = HOT   # the window's most recent members that keep their prepared form
    texts: Texts | None = None   # reads a frozen member's text by id (else members keep their texts)
    links: Callable[[int], str | None] | None = None   # reads a frozen member's link by id (else the window keeps links)
    merges: list[tuple[int, int]] = field(default_factory=list)
    _window: Window = field(init=False)
    _cutoff_for: str = ""
    _cutoff: str = ""
    _seeded: dict = field(default_factory=dict)   # root id -> cluster, while seeding
    _added: dict = field(default_factory=dict)    # hid -> cluster of headlines added since take_stories()

    def __post_init__(self) -> None:
        self._window = Window(self.posting_cap, self.compare_cap, self.hot, freeze=self._freeze, links=self.links)

    def seed(self, hid: int, first_seen: str, key: str, url: str | None, text: str | Prepared,
             root: int, root_order: tuple[str, str], root_text: str | Prepared) -> None:
        """Load a headline grouped earlier under its stored story (root id, root's order and text)."""
        self.seed_many([(hid, first_seen, key, url, text, root, root_order, root_text)])

    def seed_many(self, rows: Iterable[tuple[int, str, str, str | None, str | Prepared, int, tuple[str, str],
                                             str | Prepared]]) -> None:
        """`seed` for a run of headlines in canonical order (the window's arrays written once)."""
        members = []
        for hid, first_seen, _key, url, text, root, root_order, root_text in rows:
            member = Member(hid, first_seen, url, text, None, self.texts)
            cluster = self._seeded.get(root)
            if cluster is None:   # the root comes first when it is in the window (canonical-first)
                cluster = self._seeded[root] = (Cluster(root, member) if hid == root else
                                                Cluster(root, root_text, root_order, shared=True))
            else:
                cluster.shared = True
            member.cluster = cluster
            members.append(member)
        self._window.search(((member, self._cutoff_of(member.first_seen)) for member in members), find=False)
        self._forget_departed()

    def add(self, hid: int, first_seen: str, key: str, url: str | None, text: str | Prepared) -> list[int]:
        """Group the next headline (canonical order); returns the earlier headlines it links to."""
        return self.add_many([(hid, first_seen, key, url, text)])[0]

    def add_many(self, rows: Iterable[tuple[int, str, str, str | None, str | Prepared]]) -> list[list[int]]:
        """Group the next headlines, (hid, first_seen, key, url, text) in canonical order, as `add`
        one by one would; returns, for each, the earlier headlines it links to."""
        # A batch makes hundreds of thousands of small objects (prepared headlines, members, pools)
        # and no reference cycle, beside a window of ~100k members (a fifth of the grouping time
        # went to collections searching that heap).
        with collector_paused():
            return self._add_many(rows)

    def _add_many(self, rows: Iterable[tuple[int, str, str, str | None, str | Prepared]]) -> list[list[int]]:
        self._seeded.clear()
        members = [Member(hid, first_seen, url, text, None, self.texts) for hid, first_seen, _key, url, text in rows]
        found = self._window.search((member, self._cutoff_of(member.first_seen)) for member in members)
        links: list[list[int]] = []
        at, window = self._member, self._window
        items, base, frozen = window.items, window.base, window.frozen   # (members of this batch are not frozen in it)
        for member, (same, candidates) in zip(members, found):
            if same is None and not candidates:   # most headlines: a new story
                self._new_story(member)
                links.append([])
                continue
            pool = ([items[seq - base] for seq in candidates] if not candidates or min(candidates) >= frozen
                    else [at(seq) for seq in candidates])
            matched = self._matches(member.prep, None if same is None else at(same), pool)
            links.append(self._join(member, matched, pool))
        self._forget_departed()
        return links

    def story_of(self, hid: int) -> int:
        """Story id (root) of a headline added since the last `take_stories`, or still in the window
        (looked for among the window's ids: for checks, not for a hot path)."""
        cluster = self._added.get(hid)
        if cluster is None:
            window = self._window
            seq = window.hids.index(hid, window.start - window.base) + window.base
            item = window.items[seq - window.base]
            if item is None:   # a frozen headline alone in its story
                return hid
            cluster = item if type(item) is Cluster else item.cluster
        return cluster.find().root

    def _member(self, seq: int) -> Member:
        """The window member at `seq`, thawed from its token when frozen (see `_freeze`)."""
        window = self._window
        item = window.items[seq - window.base]
        if type(item) is Member:
            return item
        hid = window.hids[seq - window.base]   # (its link is read only if _coherent needs it: _UNREAD)
        if item is None:   # alone in its story: the story is made again, and kept from now on
            item = window.items[seq - window.base] = Cluster(hid, Member.thawed(hid, seq, _UNREAD, None, self.texts))
        return Member.thawed(hid, seq, _UNREAD, item, self.texts)

    def _freeze(self, member: Member) -> Member | Cluster | None:
        """What the window keeps of a member past its newest (story_window.HOT): where texts are
        read by id, its story only, and nothing while it is alone in it (the story is made again
        if it is ever compared); else the member itself, without its prepared form. A member keeps
        no story of its own when frozen: a story whose root it is holds it, and a cycle of the two
        would outlive them with the collector paused."""
        if self.texts is None or member.text is None:   # no text to read again by id: the member stays
            member.freeze()
            return member
        cluster, member.cluster = member.cluster, None
        member.freeze()
        if (cluster.root == member.hid and not cluster.shared and cluster.merged_into is None
                and self._added.get(member.hid) is not cluster and cluster.root not in self._seeded):
            return None
        return cluster

    def take_stories(self) -> dict[int, int]:
        """hid -> story id of every headline added since the last call (then forgotten here)."""
        out = {hid: cluster.find().root for hid, cluster in self._added.items()}
        self._added.clear()
        return out

    def _join(self, member: Member, matched: list[Member], pool: list[Member]) -> list[int]:
        """Put a headline in its story (merging the stories it matched where their centres agree);
        returns the members it links to. `pool` holds its candidates (where support is looked for)."""
        clusters: dict[Cluster, Member] = {}
        for other in matched:
            cluster = other.cluster.find()
            if cluster not in clusters and _coherent(member, cluster, other, pool, self._window.link_of):
                clusters[cluster] = other
        if not clusters:
            self._new_story(member)
            return []
        prep = member.prep
        links: list[int] = []
        joined: Cluster | None = None
        group: list[Cluster] = []   # the stories merged into `joined` here
        refused: list[Cluster] = []
        for cluster in sorted(clusters, key=lambda c: c.order):
            if joined is None:
                joined = cluster
            elif _merge(prep, joined, clusters[joined], cluster, clusters[cluster]):
                cluster.merged_into = joined
                self.merges.append((cluster.root, joined.root))
            else:
                refused.append(cluster)   # the two stories say different things: they stay apart
                continue
            group.append(cluster)
            links.append(clusters[cluster].hid)
        if refused and len(group) == 1 and not _centred(prep, joined, clusters[joined]):
            # Two stories making conflicting claims: it joins the one whose claim it states (a
            # near-duplicate of its centre), not the first, reached through a member on its edge.
            # Not after a merge through it: its links are the record of that merge (db/stories.py
            # relabels stories as the components of the stored links).
            home = next((c for c in refused if claims_conflict(joined.centre, c.centre)
                         and _centred(prep, c, clusters[c])), None)
            if home is not None:
                joined, links = home, [clusters[home].hid]
        joined.shared = True
        member.cluster = self._added[member.hid] = joined
        return links

    def _new_story(self, member: Member) -> None:
        member.cluster = self._added[member.hid] = Cluster(member.hid, member)

    @staticmethod
    def _matches(prep: Prepared, same_url: Member | None, candidates: list[Member]) -> list[Member]:
        """Window members this headline is a near-duplicate of: the one with its link, then the
        candidates (best first) that pass the pairwise rule, one per story."""
        found: list[Member] = [] if same_url is None else [same_url]
        matched: set[Cluster] = set()
        for member in candidates:
            cluster = member.cluster.find()
            if cluster in matched:
                continue   # one link per story is enough
            if same_prepared(prep, member.prep):
                found.append(member)
                matched.add(cluster)
        return found

    def _forget_departed(self) -> None:
        """Headlines that left the window leave the id table too. A story whose root left holds
        it (its centre), frozen, but the root no longer holds its story: no cycle keeps the two
        once the story's last member has left (grouping runs with the cycle collector paused)."""
        for member in self._window.departed:
            if type(member) is Member:   # a token otherwise: no cycle
                member.cluster = None
                member.freeze()
        self._window.departed.clear()

    def _cutoff_of(self, first_seen: str) -> str:
        """The window's start for a headline first seen at `first_seen` (it moves once an hour of data)."""
        if first_seen[:13] != self._cutoff_for:
            self._cutoff_for = first_seen[:13]
            self._cutoff = window_start(first_seen, self.window_seconds)
        return self._cutoff


def window_start(first_seen: str, window_seconds: float) -> str:
    """Earliest first_seen a headline first seen at `first_seen` is compared with: its hour minus the window."""
    return to_iso(parse_iso(first_seen[:13] + ":00:00Z") - timedelta(seconds=window_seconds))


SUPPORT = 2   # members of a story a headline must match to join it while asking whether its centre's claim holds


def _coherent(member: Member, cluster: Cluster, via: Member, pool: list[Member],
              link_of: Callable[[int], str | None]) -> bool:
    """A headline (`member`) matched member `via` of `cluster` may join it: through its centre or its
    own link, or it does not ask whether the claim the centre states holds (or state what the centre
    asks), or it matches SUPPORT members of the story among its candidates -- a story stays coherent,
    no yes/no question joins a statement through one neighbour that is a question too ("Does Okafor
    propose?" beside "Is Okafor the worst groom?" in the story of "Okafor makes his choice")."""
    prep = member.prep
    if via.hid == cluster.root or (member.url is not None and _link(via, link_of) == member.url) \
            or not asks_whether(prep, cluster.centre):
        return True
    found = 1
    for other in pool:
        if other is not via and other.cluster is not None and other.cluster.find() is cluster \
                and same_prepared(prep, other.prep):
            found += 1
            if found >= SUPPORT:
                return True
    return False


def _centred(prep: Prepared, cluster: Cluster, via: Member) -> bool:
    """A headline (`prep`) that matched `cluster` through member `via` is a near-duplicate of its centre."""
    return via.hid == cluster.root or same_prepared(prep, cluster.centre)


def _link(member: Member, link_of: Callable[[int], str | None]) -> str | None:
    """A member's link; a thawed one's is read from the window (by id: a query) only when asked for."""
    url = member.url
    return link_of(member.seq) if url is _UNREAD else url


def _merge(prep: Prepared, one: Cluster, in_one: Member, other: Cluster, in_other: Member) -> bool:
    """Two stories a headline (`prep`) matched, through members `in_one` and `in_other`, are one: their
    centres agree and the headline is a near-duplicate of one of them (a headline on a story's edge
    does not glue it to a neighbour whose centre merely shares its subject: "GM forms recall probe
    team" and "Criminal probe in GM's recall" through a congressional inquiry), or they are bridged."""
    return (agrees(one.centre, other.centre) and (same_prepared(prep, one.centre) or same_prepared(prep, other.centre))) \
        or _bridged(prep, one, in_one, other, in_other)


def _bridged(prep: Prepared, one: Cluster, in_one: Member, other: Cluster, in_other: Member) -> bool:
    """Two stories a headline (`prep`) matched, through members `in_one` and `in_other`, are one though
    their centres do not agree (each centre carries its own names or words): the centres make no
    conflicting claim, and the members it matched are near-duplicates of each other or one of them of
    the other story's centre, or the headline is a near-duplicate of both centres -- a triangle or a
    star, never a chain through the headline alone ("Stacy Keibler marries" beside "Keibler's wedding
    kept secret from friends")."""
    if claims_conflict(one.centre, other.centre):
        return False
    return same_prepared(in_one.prep, in_other.prep) or (same_prepared(prep, one.centre)
                                                         and same_prepared(prep, other.centre)) \
        or same_prepared(in_one.prep, other.centre) or same_prepared(in_other.prep, one.centre)


def _prep(text: str | Prepared) -> Prepared:
    return text if isinstance(text, Prepared) else prepare(text)
