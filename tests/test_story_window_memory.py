"""Frozen window members (past the newest `hot` ones) give the same stories as members that keep
everything: freezing only moves where a member's prepared form comes from."""
from __future__ import annotations

import gc
import random
import tracemalloc
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from aggregator.collector import collector_paused
from aggregator.story_groups import Member, StoryGrouper
from aggregator.story_window import Window


def _at(hours: float) -> str:
    return (datetime(2026, 3, 1, 8, tzinfo=timezone.utc) + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _rows(count: int, one_time: bool) -> list[tuple[int, str, str, str | None, str]]:
    """Headlines with near-duplicates far apart (a copy of any earlier one), some sharing a link;
    all at one time, or 20 an hour."""
    rng = random.Random(11)
    words = "harbour council ferry budget vote delays airport tunnel plan drought strike pipeline".split()
    texts: list[str] = []
    for _ in range(count):
        if texts and rng.random() < 0.3:
            texts.append("UPDATE 1-" + rng.choice(texts))   # any earlier headline: far back in the window too
        else:
            texts.append(" ".join(["Brandt", *rng.sample(words, 4), f"Lagos{rng.randrange(300)}"]))
    return [(n, _at(0 if one_time else n / 20), f"{n:05d}", f"https://x.test/{n % 700}" if n % 3 == 0 else None,
             text) for n, text in enumerate(texts)]


def _stories(grouper: StoryGrouper, rows: list, chunk: int) -> tuple[list[list[int]], dict[int, int]]:
    links: list[list[int]] = []
    for lo in range(0, len(rows), chunk):
        links += grouper.add_many(rows[lo:lo + chunk])
    return links, grouper.take_stories()


@pytest.mark.parametrize("one_time", [True, False])
def test_frozen_members_give_the_same_links_and_stories(one_time: bool) -> None:
    rows = _rows(3000, one_time)
    texts = {hid: text for hid, _f, _k, _u, text in rows}
    reads: list[int] = []

    def read(hid: int) -> str:
        reads.append(hid)
        return texts[hid]

    whole = StoryGrouper(3 * 86400.0)
    expected = _stories(whole, rows, 500)
    assert sum(map(bool, expected[0])) > 600 and len(set(expected[1].values())) < 2500
    assert _stories(StoryGrouper(3 * 86400.0, hot=40), rows, 500) == expected
    frozen = StoryGrouper(3 * 86400.0, hot=40, texts=read)
    assert _stories(frozen, rows, 300) == expected
    assert reads   # frozen members were compared: their texts were read again
    # Links read by id too: the window keeps a hash per frozen link and confirms a match by reading it.
    links = {hid: url for hid, _f, _k, url, _t in rows}
    by_id = StoryGrouper(3 * 86400.0, hot=40, texts=texts.__getitem__, links=links.__getitem__)
    assert _stories(by_id, rows, 300) == expected
    assert len(by_id._window.by_url) <= 40 + 300 and by_id._window._urls is None
    # Words of departed frozen members are counted off from the arrays: the same rarities remain.
    assert len(frozen._window) == len(whole._window) == (3000 if one_time else 1460)   # 73 hours of 20
    assert {w: b.df for w, b in frozen._window.blocks.items()} == {w: b.df for w, b in whole._window.blocks.items()}


def test_a_thawed_member_s_link_is_read_only_when_a_join_asks_for_it() -> None:
    """Frozen candidates compared by the rule need their text, not their link: the link is read by
    id only where a join compares it with the headline's own (headlines without one read none)."""
    rows = _rows(3000, one_time=True)
    texts = {hid: text for hid, _f, _k, _u, text in rows}
    links = {hid: url for hid, _f, _k, url, _t in rows}
    expected = _stories(StoryGrouper(3 * 86400.0), rows, 500)
    read_links: list[int] = []
    read_texts: list[int] = []

    def link(hid: int) -> str | None:
        read_links.append(hid)
        return links[hid]

    def text(hid: int) -> str:
        read_texts.append(hid)
        return texts[hid]

    unlinked = [(hid, first_seen, key, None, body) for hid, first_seen, key, _url, body in rows]
    grouper = StoryGrouper(3 * 86400.0, hot=40, texts=text, links=link)
    assert _stories(grouper, unlinked, 300) == _stories(StoryGrouper(3 * 86400.0), unlinked, 500)
    assert read_texts and not read_links   # compared frozen members, none of their links read
    read_texts.clear()
    grouper = StoryGrouper(3 * 86400.0, hot=40, texts=text, links=link)
    assert _stories(grouper, rows, 300) == expected
    assert 0 < len(read_links) < len(read_texts)   # links confirmed and compared where a join needs them


def test_frozen_links_kept_in_a_few_runs_find_the_same_members() -> None:
    """Headlines added one at a time freeze one member at a time: the links' runs merge as they
    come (a binary counter), so a window holds few of them, and links are found as in one array."""
    rows = _rows(2000, one_time=True)
    links = {hid: url for hid, _f, _k, url, _t in rows}
    texts = {hid: text for hid, _f, _k, _u, text in rows}
    expected = _stories(StoryGrouper(3 * 86400.0), rows, 500)
    grouper = StoryGrouper(3 * 86400.0, hot=40, texts=texts.__getitem__, links=links.__getitem__)
    assert _stories(grouper, rows, 1) == expected
    runs = grouper._window._link_runs
    assert 1 < len(runs) <= 12 and all(len(a[0]) > len(b[0]) for a, b in zip(runs, runs[1:]))
    assert sum(len(hashes) for hashes, _seqs, _top in runs) == len({url for url in links.values() if url}) - \
        len(grouper._window.by_url)   # (this file's links are distinct) every frozen link once, no copy left


@pytest.mark.parametrize("by_id", [False, True])
def test_frozen_members_keep_no_prepared_form_and_seeding_freezes_too(by_id: bool) -> None:
    rows = _rows(1200, True)
    texts = {hid: text for hid, _f, _k, _u, text in rows}
    whole = StoryGrouper(3 * 86400.0)
    expected = _stories(whole, rows, 1200)
    grouper = StoryGrouper(3 * 86400.0, hot=100, texts=texts.__getitem__ if by_id else None)
    stories = expected[1]
    # As the database seeds it: the first 700 under their stored stories, roots' positions and texts.
    grouper.seed_many((hid, first_seen, key, url, text, stories[hid], (rows[stories[hid]][1], rows[stories[hid]][2]),
                       rows[stories[hid]][4]) for hid, first_seen, key, url, text in rows[:700])
    window = grouper._window

    def held() -> list[bool]:   # members that keep a prepared form
        return [type(member) is Member and member._prep is not None for member in window.members()]

    assert held() == [False] * 600 + [True] * 100
    # Read by id, a frozen member is no object: its story, or nothing while alone in it.
    assert not by_id or not any(type(member) is Member for member in window.members()[:600])
    for lo in range(700, 1200, 100):   # a batch being grouped stays whole until the next one
        assert grouper.add_many(rows[lo:lo + 100]) == expected[0][lo:lo + 100]
        assert held() == [False] * lo + [True] * 100
    assert grouper.take_stories() == {hid: stories[hid] for hid, *_ in rows[700:]}
    assert [grouper.story_of(hid) for hid, *_ in rows] == [stories[hid] for hid, *_ in rows]


def test_a_frozen_member_read_by_id_costs_its_columns_only() -> None:
    # A file of one time: every headline stays in the window; past the newest `hot`, a member is
    # its columns (word ids, id, link) and, where its story has others, a reference to the story.
    rows = [(n, _at(0), f"{n:06d}", f"https://x.test/{n}", text)
            for n, (_h, _f, _k, _u, text) in enumerate(_rows(16000, True))]
    texts = {hid: text for hid, _f, _k, _u, text in rows}
    gc.collect()
    tracemalloc.start()
    with collector_paused():
        grouper = StoryGrouper(3 * 86400.0, hot=1000, texts=texts.__getitem__)
        held = []
        for lo in range(0, len(rows), 2000):
            grouper.add_many(rows[lo:lo + 2000])
            grouper.take_stories()
            held.append(tracemalloc.get_traced_memory()[0])
    tracemalloc.stop()
    assert len(grouper._window) == 16000
    per_member = (held[-1] - held[4]) / 6000   # 6,000 members more, all frozen (the arrays' room the same)
    assert per_member < 250, per_member   # 3-400 bytes a member object cost (and a one-member story)


def test_departed_members_leave_no_cycles_behind() -> None:
    # Grouping runs with the cycle collector paused: a story's root that left the window must not
    # be kept by a cycle (root -> story -> root), or the history, not the window, stays in memory.
    rng = random.Random(3)
    words = [f"{a}{b}{c}" for a in ("tor", "vel", "mak", "sun", "pri", "dal", "bro", "gim")
             for b in ("an", "os", "iu", "er", "ul") for c in ("dt", "ve", "mo", "ska", "rin", "pel", "ga")]
    rows = [(n, _at(n / 20), f"{n:05d}", None, " ".join([*rng.sample(words, 5), f"Kestrel{n}"])) for n in range(3000)]
    gc.collect()
    with collector_paused():
        grouper = StoryGrouper(3 * 86400.0, hot=40)
        links, stories = _stories(grouper, rows, 250)
        assert len(set(stories.values())) > 2000 and len(grouper._window) < 1500   # many roots departed
        assert gc.collect() == 0


def test_a_window_smaller_than_hot_freezes_none_of_its_members() -> None:
    """Members within the newest `hot` stay whole after the window has slid and dropped its
    departed (a freeze range below the kept members once read as a slice from the end)."""
    rows = _rows(6000, False)   # 20 an hour: the 3-day window holds 1,460, well under hot
    grouper = StoryGrouper(3 * 86400.0, hot=2000)
    _stories(grouper, rows, 250)
    window = grouper._window
    assert window.base > 0   # the departed were dropped from the members' list
    assert all(member._prep is not None for member in window.members())


@dataclass
class _Item:
    hid: int
    first_seen: str
    content: tuple[str, ...]
    url: str | None = None
    cut: bool = False
    seq: int = 0


def test_word_ids_widen_past_16_bits_and_find_the_same_members() -> None:
    # 16-bit word ids while the window's words are fewer than 65,534: then 32-bit, the rows kept.
    window = Window()
    window.search([(_Item(n, _at(0), (f"w{n}", f"v{n}", "common")), _at(-72)) for n in range(20_000)], find=False)
    assert window._columns[0].dtype == np.uint16
    window.search([(_Item(n, _at(0), (f"w{n}", f"v{n}", "common")), _at(-72)) for n in range(20_000, 40_000)],
                  find=False)
    assert window._columns[0].dtype == np.uint32
    found = window.search([(_Item(n, _at(1), (f"w{m}", f"v{m}")), _at(-71)) for n, m in ((40_000, 5), (40_001, 39_999))])
    assert [candidates for _same, candidates in found] == [[5], [39_999]]
