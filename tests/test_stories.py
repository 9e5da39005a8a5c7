"""Near-duplicate story rules, on headline pairs written for these tests."""
from __future__ import annotations

import pytest

from aggregator.stories import StoryIndex, same_story, story_text

SAME = [
    # case and punctuation
    ("Storm Bella batters the south coast", "STORM BELLA BATTERS THE SOUTH COAST!"),
    # wire tags
    ("UPDATE 2-Copper slips as China demand worries grow", "Copper slips as China demand worries grow - Reuters"),
    ("RPT-Copper slips as China demand worries grow", "REFILE-Copper slips as China demand worries grow (1)"),
    ("VIDEO: Volcano erupts near Reykjavik", "Volcano erupts near Reykjavik --Update"),
    # spelling variants
    ("Council backs sterilisation programme for stray cats", "Council backs sterilization programme for stray cats"),
    ("Minister defends labour reforms", "Minister defends labor reforms"),
    # abbreviations
    ("Retailer Halvorsen files for Ch. 11 bankruptcy", "Retailer Halvorsen files for Chapter 11 bankruptcy"),
    ("Mortgage rates climb to 7% in Ohio", "Mortgage rates climb to 7 percent in Ohio"),
    ("Three climbers rescued on Mont Blanc", "3 climbers rescued on Mont Blanc"),
    # cut-off ending
    ("Harbour fire: Crews battle blaze at Grimsby fish mar\u2026", "Harbour fire: Crews battle blaze at Grimsby fish market overnight"),
    # reordered clauses
    ("Poland: Belarus drone crossed into our airspace", "Belarus drone crossed into our airspace, says Poland"),
    ("Ferry strike halts crossings to Jersey - union", "Union: Ferry strike halts crossings to Jersey"),
    # a word that does not change the claim
    ("Dutch court orders Shell to cut emissions", "Dutch court orders Shell to cut its emissions faster"),
    ("Kenyan runner Kipchoge wins Berlin marathon", "Kenya's Kipchoge wins Berlin marathon"),
]

DIFF = [
    ("Stocks open lower on Wall Street", "Stocks close lower on Wall Street"),
    ("Gunman kills 4 in Halifax shooting", "Gunman kills 7 in Halifax shooting"),
    ("Ofgem raises energy price cap again", "Ofgem raises energy price cap"),
    ("Senate will not vote on the budget", "Senate will vote on the budget"),
    ("Oil prices rise after OPEC meeting", "Oil prices fall after OPEC meeting"),
    ("Macron visits Berlin for talks on Ukraine", "Scholz visits Berlin for talks on Ukraine"),
    ("Tesla shares jump after earnings beat", "Tesla recalls 2 million cars over autopilot"),
    ("Dow Jones: how markets did on Monday", "Dow Jones: how markets did on Tuesday"),
    ("Court acquits Halvorsen of fraud", "Court convicts Halvorsen of fraud"),
]


@pytest.mark.parametrize("a,b", SAME)
def test_same(a: str, b: str) -> None:
    assert same_story(a, b)
    assert same_story(b, a)


@pytest.mark.parametrize("a,b", DIFF)
def test_diff(a: str, b: str) -> None:
    assert not same_story(a, b)
    assert not same_story(b, a)


def test_story_text_strips_wire_tags() -> None:
    assert story_text("UPDATE 3-Oil steadies -- traders") == "oil steadies"
    assert story_text("EXCLUSIVE-Bank weighs sale - sources") == "bank weighs sale"
    assert story_text("Oil \u201csteadies\u201d (2)") == 'oil "steadies"'


def test_index_groups_incrementally_and_keeps_first_id() -> None:
    idx = StoryIndex()
    assert idx.add(10, "Copper slips as China demand worries grow") == 10
    assert idx.add(11, "Tesla recalls 2 million cars over autopilot") == 11
    assert idx.add(12, "UPDATE 1-Copper slips as China demand worries grow") == 10
    assert idx.add(13, "Copper slips as China demand worries grow - Reuters") == 10
    assert idx.add(14, "Copper jumps as China demand worries ease") == 14
    assert idx.add(15, "Tesla recalls 2 mln cars over Autopilot") == 11


def test_index_same_url_same_story() -> None:
    idx = StoryIndex()
    assert idx.add(1, "Live: election results", url="https://example.org/a") == 1
    assert idx.add(2, "Counting under way in tight race", url="https://example.org/a") == 1
    assert idx.add(3, "Counting under way in tight race", url="https://example.org/b") == 1


def test_index_cut_headline_joins_full_one() -> None:
    idx = StoryIndex()
    assert idx.add(1, "Harbour fire: Crews battle blaze at Grimsby fish market overnight") == 1
    assert idx.add(2, "Harbour fire: Crews battle blaze at Grimsby fish mar\u2026") == 1


def test_index_is_not_all_pairs() -> None:
    idx = StoryIndex(block_cap=8)
    for i in range(200):
        idx.add(i, f"Weather update for town number {i} brings rain")
    assert all(len(block) <= 8 for block in idx._blocks.values())
