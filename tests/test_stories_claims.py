"""Story rule: high-overlap reports that differ in one claim word (data/story_veto_words.txt), each
with a pair that must stay together. Headlines written for these tests."""
from __future__ import annotations

import pytest

from aggregator.stories import same_story

DIFF = [
    # moves of a market or a figure, each side its own direction
    ("Oslo stocks rebound after selloff", "Oslo stocks retreat after selloff"),
    ("Euro zone inflation rises in May", "Euro zone inflation slows in May"),
    ("Halvorsen output growth accelerates", "Halvorsen output growth slows"),
    # a vote and its opposite; the two chambers
    ("Senate passes Okafor immigration bill", "Senate rejects Okafor immigration bill"),
    ("House passes Okafor immigration bill", "Senate passes Okafor immigration bill"),
    # quarters of a result
    ("Halvorsen first-quarter profit jumps", "Halvorsen second-quarter profit jumps"),
    ("Halvorsen Q3 profit beats forecasts", "Halvorsen Q4 profit beats forecasts"),
    # stages of a case and of a couple
    ("Man charged in Oslo shooting", "Man convicted in Oslo shooting"),
    ("Man charged in Oslo shooting", "Man sentenced in Oslo shooting"),
    ("Okafor engaged to Brandt", "Okafor married to Brandt"),
    # two years, two counts
    ("Okafor Motors sales best since 2009", "Okafor Motors sales best since 2011"),
    ("Okafor Motors recalls 2 million cars made in 2012", "Okafor Motors recalls 3 million cars made in 2012"),
    # a level held against a move; the span of a move; which figure of a result moved
    ("Oil remains above $100 in Oslo", "Oil rises above $100 in Oslo"),
    ("Oslo stocks post biggest weekly gain since March", "Oslo stocks post biggest monthly gain since March"),
    ("Halvorsen profit rises in first quarter", "Halvorsen revenue rises in first quarter"),
    # the time of a market report; a rumour against a confirmation; entering against leaving
    ("Halvorsen stock up 2% in premarket trading", "Halvorsen stock up 2% in afternoon trading"),
    ("Okafor phone release date rumored", "Okafor phone release date confirmed"),
    ("Ukraine crisis: Russian troops enter Crimea", "Ukraine crisis: Russian troops leave Crimea"),
    # held against got away
    ("Tanker carrying Halvorsen crude escapes navy", "Navy intercepts tanker carrying Halvorsen crude"),
    ("Tanker carrying Halvorsen crude escapes Norway", "Norway intercepts tanker loaded with Halvorsen crude"),
    # two ranks, two counts, as a rank is written or as a number
    ("Halvorsen Studios releases third Kestrel trailer", "Halvorsen Studios releases fourth Kestrel trailer"),
    ("Kestrel season 4: trailer No. 3 released", "Kestrel season 4: trailer No. 2 released"),
    ("Storm kills 3 in Oslo", "Storm kills 4 in Oslo"),
    # two officers of one company
    ("Okafor Labs CEO quits after audit", "Okafor Labs CFO quits after audit"),
    # a shared report, then each side's own update in a last clause
    ("Students clash with police at Lagos state house, throw stones",
     "Students clash with police at Lagos state house, 5 people detained"),
    # one template, a quoted title on each side: two works
    ("Oslo Film Festival Review: 'Kestrel'", "Oslo Film Festival Review: 'Harbour'"),
    ('Weekend box office: "Kestrel" leads', 'Weekend box office: "Harbour" leads'),
]

SAME = [
    ("Oslo stocks rebound after selloff", "UPDATE 1-Oslo stocks recover after selloff"),
    ("Senate passes Okafor immigration bill", "Senate approves Okafor immigration bill"),
    ("Halvorsen first-quarter profit jumps", "Halvorsen Q1 profit jumps"),
    ("Man charged in Oslo shooting", "Oslo man charged over shooting"),
    ("Okafor engaged to Brandt", "Okafor and Brandt engaged"),
    ("Okafor marries Brandt in Lagos", "Okafor weds Brandt in Lagos"),
    ("Okafor Labs CEO quits after audit", "Okafor Labs chief executive quits after audit"),
    # a rank is no count: "third trailer" / "season 4 trailer", "No. 1" / "list of 40"
    ("Halvorsen Studios releases third Kestrel trailer", "Halvorsen Studios releases Kestrel season 4 trailer"),
    ("Okafor tops Forbes list of 40 richest singers", "Okafor ranked No. 1 on Forbes list of richest singers"),
    ("Kestrel trailer #3 released for season 4", "Third Kestrel trailer released for season four"),
    ("Tanker carrying Halvorsen crude escapes Norway", "Tanker laden with Halvorsen crude escapes Norway"),
    ("Oil remains above $100 in Oslo", "Oil stays above $100 in Oslo"),
    ("Halvorsen profit rises in first quarter", "Halvorsen earnings rise in first quarter"),
    ("Okafor marries Brandt less than a year after split", "Okafor marries Brandt months after split"),
    ("Halvorsen stock up 2% in premarket trading", "Halvorsen stock up 2% in early trading"),
    ("Ukraine crisis: Russian troops withdraw from Crimea", "Ukraine crisis: Russian troops leave Crimea"),
    # a year is no conflict with a count: each kind is compared with its own
    ("Expo 2014: Okafor to release phone kit for wearables", "Okafor to release phone kit for wearables in 2 weeks"),
    ("Okafor Season 18 finale: winner is Brandt", "Okafor 2014 finale: winner is Brandt"),
    # last clauses that share their update
    ("Lagos building collapses, 8 people trapped", "Lagos building collapses; reports of 8 people trapped"),
    ("Students clash with police in Lagos, stones thrown", "Students clash with police in Lagos, throw stones"),
    # the same quoted title; a quoted word beside a word changed outside the quotes
    ("Oslo Film Festival Review: 'Kestrel'", "Oslo Film Festival: 'Kestrel' Review"),
    ("Okafor calls Lagos plan 'reckless' in speech", "Okafor calls Lagos scheme 'reckless' in speech"),
]


@pytest.mark.parametrize(("a", "b"), DIFF)
def test_one_claim_word_apart_is_two_stories(a: str, b: str) -> None:
    assert not same_story(a, b) and not same_story(b, a)


@pytest.mark.parametrize(("a", "b"), SAME)
def test_the_same_claim_in_other_words_is_one_story(a: str, b: str) -> None:
    assert same_story(a, b) and same_story(b, a)
