"""The grouping window's candidate search: which earlier headlines a headline is compared with.

Why a module of its own, in numpy: which window members a headline is compared with depends on
the data alone (its words, the window's members and their words' document frequencies), never
on how earlier headlines were grouped. So a batch's candidates are found in one pass: Python
walks the batch once, keeping the window's word blocks as headlines enter and leave it and
collecting each headline's pool (the members its uncommon words' blocks hold), then numpy counts
the words each headline shares with each pool member over int arrays (word ids, one row a
member) instead of hashing each member's words, and ranks the hopefuls. The rule (which blocks
are read, the shared-word minimum, the one-third bound, the compare cap and its order) is the
one story_groups documents; StoryGrouper compares the ranked candidates in turn.
"""
from __future__ import annotations

import bisect
import itertools
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any, Protocol

import numpy as np

POSTING_CAP = 32       # entries kept per word: the most recent ones (a common word's block stays small)
COMPARE_CAP = 24       # candidates compared in full per headline, most shared words first
COMMON_EXTRA = 8       # ... from its rarest common word's block when a headline has just two rare words,
EXTRA_REACH = 2        # if at most this many times the posting cap members hold that word
WIDTH = 16             # words of a member counted in the arrays; longer headlines are counted in Python
HOT = 65_536           # most recent members that keep everything; older ones are frozen (Window's `freeze`)
# Word ids are 16-bit while the window's words number fewer than 65,534 (a member's row then costs
# 32 bytes), 32-bit after. An empty cell of a member's row is the type's largest value; an empty
# cell of a headline's own row, as compared, the one below (never equals a member's cell).
_NARROW, _WIDE = np.uint16, np.uint32
_FEW = 1024            # pairs counted in one broadcast comparison
_QUERIES = 2048        # headlines whose candidates are ranked at once: bounds the temporary arrays
_CONTENT = attrgetter("content")   # read in C by map


class Item(Protocol):
    """What the window reads of a member (StoryGrouper's Member) as it joins."""

    hid: int
    first_seen: str
    url: str | None
    content: tuple[str, ...]
    cut: bool
    seq: int   # set by the window: the member's position


class Block(deque):
    """A word's most recent window members (at most the posting cap, as window positions), its
    document frequency `df` (how many window members hold it) and its id in the arrays."""

    __slots__ = ("df", "wid")   # set where a block is made (Block((), cap): deque's own constructor, in C)


class Window:
    """Members first seen within the window before the next headline, and their word blocks.

    Members have positions (`seq`) in canonical order; `items[seq - base]` is a member and entry
    `seq - base` of each of `_columns` one of its word ids (a column of many members is
    contiguous, and grows in place: no second copy while it grows). Positions below `start` have
    left the window. A word's id is its block's, and is reused only once no window member holds
    the word: the rows compared never confuse two words.

    Members past the newest `hot` are frozen: `items` then holds what the owner's `freeze` made
    of the member (a token: by default the member itself), and the window keeps, by column, what
    it reads of every member: id (`hids`), link, the first_seen of each run of one time, and the
    words of the few longer than WIDTH. Why: a file of one time puts every headline in the window,
    and a member object per headline cost far more than its columns.
    """

    def __init__(self, posting_cap: int = POSTING_CAP, compare_cap: int = COMPARE_CAP, hot: int = HOT,
                 freeze: Callable[[Any], Any] | None = None, links: Callable[[int], str | None] | None = None) -> None:
        self.posting_cap = posting_cap
        self.compare_cap = compare_cap
        self.hot = hot
        self.freeze = freeze or (lambda item: item)
        self.frozen = 0        # members below this seq are frozen: their `items` entry is a token
        self.blocks: dict[str, Block] = {}       # word -> Block, while a window member holds it
        self.by_url: dict[str, int] = {}         # url -> seq of its latest member, while that one is not frozen
        # A frozen member's link is a hash in sorted arrays (with its seq), and the link is read
        # again by id (`links`) to confirm a match; without `links`, the window keeps the links.
        self.links = links
        # Runs of (hashes, seqs, newest seq), each sorted by (hash, seq), in order of their seqs (a run
        # per freeze, the newest merged into the one before while that is no larger).
        self._link_runs: list[tuple[np.ndarray, np.ndarray, int]] = []
        self.items: list[Any] = []               # members (tokens below `frozen`), from `base`
        self.hids = array("q")                   # each member's id, from `base`
        self._urls: list[str | None] | None = None if links else []   # each member's link, from `base`
        self._times: list[str] = []              # first_seen of each run of members of one time ...
        self._time_starts: list[int] = []        # ... and the seq where the run starts
        self._long: dict[int, tuple[str, ...]] = {}   # seq -> content words of a member longer than WIDTH
        self.departed: list[Any] = []            # members (or tokens) evicted since the owner last emptied this
        self.base = 0          # seq of items[0]
        self.start = 0         # seq of the first window member
        self.cutoff = ""       # members first seen before it have left
        self._next_wid = 0
        self._free_wids: list[int] = []   # ids of words no window member holds any more (reused: ids stay small)
        self._word_of: list[str] = []     # a word id's word (while its block lives)
        self._stored = 0       # members below this seq have their rows in the arrays
        self._none = int(np.iinfo(_NARROW).max)   # an empty cell
        self._columns = [np.full(1024, self._none, dtype=_NARROW) for _ in range(WIDTH)]   # word n of each member
        self._sizes = np.zeros(1024, dtype=np.int32)
        self._cuts = np.zeros(1024, dtype=bool)

    def __len__(self) -> int:
        return self.base + len(self.items) - self.start

    def members(self) -> list[Any]:
        """The window's members (tokens where frozen), in canonical order."""
        return self.items[self.start - self.base:]

    def search(self, batch: Iterable[tuple[Item, str]], find: bool = True) -> list[tuple[int | None, list[int]]]:
        """For each (item, cutoff) in canonical order: evict members first seen before `cutoff`,
        find the item's candidates (unless not `find`), then add it to the window. Returns, per
        item, the seq of the window member with its link (or None) and the seqs of its
        candidates, best first."""
        batch = list(batch)
        self._reserve(len(batch))
        first = self.base + len(self.items)
        pool: list[int] = []       # every item's pool, one after the other
        lengths: list[int] = []
        by_url: list[int | None] = []
        rows: list[list[int]] = []
        blocks_of = self.blocks
        cap = self.posting_cap
        items = self.items
        urls = self.by_url
        hids, links, times = self.hids, self._urls, self._times
        frozen_links = bool(self._link_runs)
        unsure: list[tuple[int, str, int]] = []   # (batch index, link, window start) to look for among the frozen
        free = self._free_wids
        seq = first
        for item, cutoff in batch:
            if cutoff != self.cutoff:   # the cutoff moves at most once an hour of data
                self.evict(cutoff)
            start = self.start
            content = item.content
            url = item.url
            hids.append(item.hid)
            if links is not None:
                links.append(url)
            first_seen = item.first_seen
            if not times or first_seen is not times[-1] and first_seen != times[-1]:   # a new run of one time
                times.append(first_seen)
                self._time_starts.append(seq)
            if url:
                same = urls.get(url)
                by_url.append(same if same is not None and same >= start else None)
                if same is None and frozen_links:
                    unsure.append((len(by_url) - 1, url, start))
                urls[url] = seq   # the latest headline of a link stays longest in the window
            else:
                by_url.append(None)
            # One pass over the item's words reads its pool and enters it in each word's block: every
            # block of a word at most `cap` members hold is read whole (before the item joins it); when
            # fewer than two words are that rare (a word no member holds counts), the rarest common
            # words make up two, their blocks' entries read too (all a block keeps, past the item's own
            # entry: reading only the latest 16 missed a crowded story's earlier members); with just two,
            # the rarest common word's latest COMMON_EXTRA entries are read too when it is a crowded
            # story's word rather than the language's (two rare words are often the headline's own
            # detail: "iOS 7.1: Apple releases update to operating system" finds the iOS story through
            # "ios"). (_rank orders the pool: its order here is free.)
            before = len(pool)
            rare = 0
            common = None
            row = []
            for word in content:
                block = blocks_of.get(word)
                if block is None:   # a word no window member holds: a new block
                    rare += 1
                    block = blocks_of[word] = Block((), cap)
                    block.df = 1
                    block.wid = wid = free.pop() if free else self._new_wid()
                    self._word_of[wid] = word
                else:
                    count = block.df
                    if not find:
                        pass
                    elif count <= cap:
                        rare += 1
                        while block[0] < start:
                            block.popleft()
                        pool += block
                    elif common is None:
                        common = [(count, word, block)]
                    else:
                        common.append((count, word, block))
                    block.df = count + 1
                block.append(seq)
                row.append(block.wid)
            if common and rare < 2:
                for _count, _word, block in sorted(common)[:2 - rare]:
                    while block[0] < start:
                        block.popleft()
                    pool += itertools.islice(reversed(block), 1, None)
            elif common and rare == 2:   # two rare words may be its own detail: its rarest common word's latest few
                count, _word, block = min(common)
                if count <= EXTRA_REACH * cap:   # a word of a crowded story, not one of the language
                    while block[0] < start:
                        block.popleft()
                    pool += itertools.islice(reversed(block), 1, COMMON_EXTRA + 1)
            lengths.append(len(pool) - before)
            item.seq = seq
            items.append(item)
            rows.append(row)
            seq += 1
        if unsure:
            self._frozen_links(unsure, by_url)
        self._write_rows(rows, first)
        # A batch being grouped is frozen after it (the next search): its members' stories are not made yet.
        self._freeze_before(seq - self.hot if not find else min(seq - self.hot, first))
        if not find:
            return []
        ranked_seqs: list[list[int]] = []
        ends = list(itertools.accumulate(lengths, initial=0))
        for lo in range(0, len(batch), _QUERIES):   # a few thousand headlines at a time: small temporaries
            hi = min(len(batch), lo + _QUERIES)
            ranked_seqs += self._rank(np.arange(first + lo, first + hi), pool[ends[lo]:ends[hi]], lengths[lo:hi])
        return list(zip(by_url, ranked_seqs))

    def evict(self, cutoff: str) -> None:
        """Slide the window to start at `cutoff`: older members leave every table.

        The departed are found by bisection over the runs of one time (members are in canonical
        order) and their words counted in C (Counter), so a block is touched once per eviction,
        not once per member holding its word: an hour of data departs at once and shares its
        common words."""
        base, start, times = self.base, self.start, self._times
        run = bisect.bisect_left(times, cutoff)
        stop = max(self._time_starts[run] if run < len(times) else base + len(self.items), start)
        del times[:run], self._time_starts[:run]   # the run at `stop` is the window's first
        if stop > start:
            gone = self.items[start - base:stop - base]
            blocks, free = self.blocks, self._free_wids
            for word, count in self._words_leaving(start, stop, gone).items():
                block = blocks[word]
                block.df -= count
                if not block.df:   # no window member holds the word: its block holds only the departed
                    del blocks[word]
                    free.append(block.wid)
            urls = self.by_url   # (frozen members' links stay in the sorted arrays until the next freeze)
            for item in gone[max(self.frozen - start, 0):]:
                url = item.url
                if url and urls.get(url) == item.seq:
                    del urls[url]
            self.departed += gone
        self.start = stop
        self.cutoff = cutoff

    def _words_leaving(self, start: int, stop: int, gone: list[Any]) -> Counter[str]:
        """How many of the members at seq `start` to `stop` (`gone`) hold each word: read from the
        arrays (a frozen member keeps no words of its own), and for the words past a row's WIDTH
        from `_long`, and for the rows not stored yet (this batch's: members, not frozen), from
        the members."""
        base, stored = self.base, min(stop, self._stored)
        counts: Counter[str] = Counter()
        if stored > start:
            ids = np.concatenate([column[start - base:stored - base] for column in self._columns])
            wids, many = np.unique(ids[ids != self._none], return_counts=True)
            counts.update(dict(zip(map(self._word_of.__getitem__, wids.tolist()), many.tolist())))
            for n in np.flatnonzero(self._sizes[start - base:stored - base] > WIDTH).tolist():
                counts.update(self._long.pop(start + n)[WIDTH:])
        counts.update(itertools.chain.from_iterable(map(_CONTENT, gone[max(stored - start, 0):])))
        return counts

    def _freeze_before(self, stop: int) -> None:
        """Freeze the members below seq `stop`: each `items` entry becomes the token the owner's
        `freeze` makes of it. Why: when every headline of a file shares one time, the window holds
        the whole file; a frozen member is what the candidate search reads, in columns (word ids,
        id, link: about a hundred bytes), and is rarely compared (on a one-time bench ingest,
        0.4% of the candidates lie 50,000 members back)."""
        if stop <= self.frozen:
            return
        lo, hi = max(self.frozen - self.base, 0), stop - self.base
        if hi > lo:   # hi < 0 when the members left to freeze were dropped already (a negative slice end counts from the end)
            self._freeze_links(self.items[lo:hi])
            self.items[lo:hi] = map(self.freeze, self.items[lo:hi])
        self.frozen = stop

    def _freeze_links(self, items: list[Any]) -> None:
        """Move the links of members being frozen from `by_url` (where they are the latest of
        their link) to sorted runs of arrays: 16 bytes a member instead of a dict entry, a string
        and an int (a file of one time holds a link per headline). Departed entries go as runs
        merge, or with their run."""
        urls, moved = self.by_url, []
        for item in items:
            url = item.url
            if url and urls.get(url) == item.seq:
                del urls[url]
                moved.append((hash(url), item.seq))
        runs = self._link_runs
        while runs and runs[0][2] < self.start:   # every entry departed
            del runs[0]
        if moved:
            new = np.array(sorted(moved), dtype=np.int64)   # by hash, then seq
            runs.append((new[:, 0].copy(), new[:, 1].copy(), items[-1].seq))
        # Merge the newest run into the one before while that is no larger (a binary counter: log-many
        # runs, each entry copied log-many times). Why not one sorted array: inserting into it copied
        # every frozen link at each freeze, a file of one time's last copies the peak of its grouping.
        while len(runs) > 1 and len(runs[-2][0]) <= len(runs[-1][0]):
            (h1, s1, top), (h2, s2, _top) = runs.pop(), runs.pop()
            hashes, seqs = np.concatenate((h2, h1)), np.concatenate((s2, s1))
            alive = seqs >= self.start   # departed entries go as runs merge
            hashes, seqs = hashes[alive], seqs[alive]
            order = np.lexsort((seqs, hashes))
            runs.append((hashes[order], seqs[order], top))

    def _frozen_links(self, unsure: list[tuple[int, str, int]], by_url: list[int | None]) -> None:
        """The latest frozen member with each link, where no newer member has it: the last entry of
        its hash in the newest run holding one still in the window whose link is the same (hashes
        of two links may be equal: the link itself is compared)."""
        want = np.fromiter((hash(url) for _n, url, _start in unsure), dtype=np.int64, count=len(unsure))
        open_ = np.ones(len(unsure), dtype=bool)   # not found yet
        for hashes, seqs, _top in reversed(self._link_runs):   # newest run first: its seqs are all newer
            at = np.searchsorted(hashes, want, side="right") - 1
            for n in np.flatnonzero(open_ & (hashes[np.maximum(at, 0)] == want)).tolist():
                index, url, start = unsure[n]
                k, key = int(at[n]), int(want[n])
                while k >= 0 and hashes[k] == key and seqs[k] >= start:   # newest first
                    seq = int(seqs[k])
                    if self.link_of(seq) == url:
                        by_url[index] = seq
                        open_[n] = False
                        break
                    k -= 1

    def link_of(self, seq: int) -> str | None:
        """A member's link: kept by the window, or read again by id."""
        if self._urls is not None:
            return self._urls[seq - self.base]
        assert self.links is not None
        return self.links(self.hids[seq - self.base])

    def content_of(self, seq: int) -> tuple[str, ...]:
        """A stored member's content words, frozen or not (its object may be gone): those of a
        member longer than WIDTH as kept, the others from its row's word ids."""
        words = self._long.get(seq)
        if words is None:
            lo = seq - self.base
            words = tuple(self._word_of[int(column[lo])] for column in self._columns[:int(self._sizes[lo])])
        return words

    def _new_wid(self) -> int:
        if self._next_wid >= self._none - 1:   # the next id would be an empty cell's: wider ids
            self._widen()
        self._word_of.append("")
        self._next_wid += 1
        return self._next_wid - 1

    def _widen(self) -> None:
        """Word ids of 32 bits from now on (the window's words outnumber 16-bit ids)."""
        none = int(np.iinfo(_WIDE).max)
        columns = []
        for column in self._columns:
            wide = column.astype(_WIDE)
            wide[column == self._none] = none
            columns.append(wide)
        self._columns, self._none = columns, none

    def _write_rows(self, rows: list[list[int]], first: int) -> None:
        """Word ids, sizes and cut flags of the members at seq `first` on, into the arrays."""
        if not rows:
            return
        lo = first - self.base
        lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
        dtype = self._columns[0].dtype
        flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=dtype, count=int(lengths.sum()))
        at = np.repeat(np.arange(lo, lo + len(rows)), lengths)
        col = np.arange(len(flat)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        keep = col < WIDTH
        block = np.full((WIDTH, len(rows)), self._none, dtype=dtype)
        block[col[keep], at[keep] - lo] = flat[keep]
        for column, words in zip(self._columns, block):
            column[lo:lo + len(rows)] = words
        self._sizes[lo:lo + len(rows)] = lengths
        self._cuts[lo:lo + len(rows)] = [item.cut for item in self.items[lo:lo + len(rows)]]
        for n in np.flatnonzero(lengths > WIDTH).tolist():   # a few: their words past WIDTH, in Python
            self._long[first + n] = self.items[lo + n].content
        self._stored = first + len(rows)

    def _rank(self, queries: np.ndarray, pool: list[int], lengths: list[int]) -> list[list[int]]:
        """Each query's candidates: pool members sharing enough words, best first, at most the cap."""
        out: list[list[int]] = [[] for _ in range(len(queries))]
        if not pool:
            return out
        base = self.base
        member = np.array(pool, dtype=np.int64) - base
        query = np.repeat(queries - base, lengths)
        shared = self._shared(query, member)
        size_q, size_m = self._sizes[query], self._sizes[member]
        need = np.where(size_q >= 3, 2, 1)
        # Cheap bound before the full rule: a third of the longer headline's words shared (of the
        # shorter's when one is cut). On the dev data it skips ~60% of comparisons, <0.1% of matches.
        cut = self._cuts[query] | self._cuts[member]
        bound = np.where(cut, np.minimum(size_q, size_m), np.maximum(size_q, size_m))
        keep = np.flatnonzero((shared >= need) & (3 * shared >= bound))
        if not len(keep):
            return out
        query, member, shared = query[keep], member[keep], shared[keep]
        order = np.lexsort((member, -shared, query))   # per query: most shared first, then canonical order
        query, member = query[order], member[order]
        fresh = np.ones(len(order), dtype=bool)   # a member read from two blocks counts once
        fresh[1:] = (query[1:] != query[:-1]) | (member[1:] != member[:-1])
        query, member = query[fresh], member[fresh]
        firsts = np.flatnonzero(np.r_[True, query[1:] != query[:-1]])
        rank = np.arange(len(query)) - np.repeat(firsts, np.diff(np.r_[firsts, len(query)]))
        within = rank < self.compare_cap
        query, member = query[within] - (queries[0] - base), member[within] + base
        for q, seq in zip(query.tolist(), member.tolist()):
            out[q].append(seq)
        return out

    def _shared(self, query: np.ndarray, member: np.ndarray) -> np.ndarray:
        """Words each (query, member) pair of rows shares; rows longer than WIDTH counted in Python."""
        sizes_q, sizes_m = self._sizes[query], self._sizes[member]
        wq, wm = min(WIDTH, int(sizes_q.max())), min(WIDTH, int(sizes_m.max()))
        dtype = self._columns[0].dtype
        mine = np.empty((wq, len(query)), dtype=dtype)   # (taken into place: no list of copies to stack)
        for column, row in zip(self._columns, mine):
            column.take(query, out=row)
        mine[mine == self._none] = self._none - 1
        theirs = np.empty((wm, len(member)), dtype=dtype)
        for column, row in zip(self._columns, theirs):
            column.take(member, out=row)
        if len(query) < _FEW:   # a few pairs (one headline added alone): one call, not one a column pair
            shared = (mine[:, None, :] == theirs[None, :, :]).sum(axis=(0, 1))
        else:
            shared = np.zeros(len(query), dtype=np.int8)   # at most WIDTH
            equal = np.empty(len(query), dtype=bool)
            for word in mine:   # one column at a time: long contiguous runs, no temporaries
                for other in theirs:
                    np.equal(word, other, out=equal)
                    shared += equal
            shared = shared.astype(np.int64)
        base = self.base
        for n in np.flatnonzero((sizes_q > WIDTH) | (sizes_m > WIDTH)).tolist():
            a, b = int(query[n]) + base, int(member[n]) + base
            shared[n] = len(frozenset(self.content_of(a)).intersection(self.content_of(b)))
        return shared

    def _reserve(self, count: int) -> None:
        """Room in the arrays for `count` more members: departed rows dropped first, then growth."""
        drop = self.start - self.base
        used = len(self.items) - drop
        # Departed rows go once they are an eighth of the window (members hold their prepared
        # headlines: memory stays near the window's) or when room is short; copying the window's
        # rows every eighth of a window keeps one-at-a-time adds cheap.
        if drop and (len(self.items) + count > len(self._sizes) or 8 * drop >= used):
            del self.items[:drop], self.hids[:drop]
            if self._urls is not None:
                del self._urls[:drop]
            if self._long:   # departed long members' entries, where rows were written after they left
                self._long = {seq: words for seq, words in self._long.items() if seq >= self.start}
            for array in (*self._columns, self._sizes, self._cuts):
                array[:used] = array[drop:drop + used]
            self.base = self.start
        if len(self.items) + count > len(self._sizes):
            # An eighth more, resized in place (realloc: a large block is remapped, not copied): a
            # window of a million members holds no second copy of its arrays while they grow, and
            # little room unused (resize fills the new room with zeros: it is resident at once).
            size = max(len(self._sizes) + len(self._sizes) // 8, len(self.items) + count)
            for array in (*self._columns, self._sizes, self._cuts):
                array.resize(size, refcheck=False)   # no view of them outlives a call

