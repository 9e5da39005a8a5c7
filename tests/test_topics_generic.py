"""Topic names that name something (issue 11): a generic word alone, an ordinary adjective +
noun phrase, and a surname shared by two people. Headlines written for these tests; each case
says what the corpus shows that decides it."""
from __future__ import annotations

import pytest

from aggregator.topic_fit import demonym_place
from aggregator.topics import TopicModel
from tests.topic_helpers import names

CORPUS = [
    # "State" is capitalised mid-sentence only inside longer names; used in lower case too.
    "Lawmakers clash over the State of the Union address",
    "Fact check: claims in the State of the Union speech",
    "Protesters gather before the State of the Union",
    "Senators react to the State of the Union",
    "Five takeaways from the State of the Union speech last night",
    "Fact check: what was said in the State of the Union on jobs",
    "What to watch in the State of the Union tonight",
    "Governors say the state budget is under pressure",
    "A new state law limits phone use in schools",
    "State Fiscal Chiefs Protest Federal Budget Cuts",
    "Prime Minister Prepares for State Visit to Japan",
    # "Apple" is capitalised mid-sentence beside other names, and alone as well: still a name.
    "Investors wait for Apple iPhone sales figures",
    "Analysts expect Apple Watch demand to slow",
    "Shares rise as Apple beats forecasts",
    "Regulators fine Apple over app store rules",
    "Apple Unveils New Laptop Lineup",
    # "Key Rate": ordinary words, each used in lower case elsewhere; "Golden Globes": words
    # never written in lower case here. Both recur in title case.
    "Central Bank Cuts Key Rate to Spur Growth",
    "Norland Bank Holds Key Rate Steady",
    "Markets Expect Another Cut in Key Rate",
    "Traders bet on a key test for the currency",
    "The key question for investors this week",
    "Mortgage rate climbs for a third week",
    "Savings rate falls as prices rise",
    "Golden Globes Nominations Announced",
    "Golden Globes Red Carpet Looks",
    "Golden Globes Host Opens Show With Jokes",
    # A surname written alone far more than with the one first name seen: someone else's too.
    "Michelle Obama Launches Garden Project",
    "Michelle Obama Visits School in Chicago",
    *[f"Obama {verb} on {topic}" for verb in ("speaks", "acts", "pushes", "presses", "campaigns", "wins")
      for topic in ("jobs", "budget", "health care", "trade", "energy")],
    # A surname mostly written with its first name: the person.
    "Edward Snowden Seeks Asylum in Ecuador",
    "Edward Snowden Leaves Moscow Airport",
    "Edward Snowden Gives Interview",
    "Snowden leaks spark privacy debate",
    # A first name before a noun that ends firm and place names: a firm, whose last word is no surname.
    "Jane Street Banned From Indian Market",
    "Jane Street Posts Record Trading Revenue",
    "Regulators probe Jane Street over options trades",
    "Heard on the Street: banks brace for a slower year",
    # A first name before a surname that is also a word: a person.
    "Jane Lynch Hosts Game Show Finale",
    "Jane Lynch Joins Broadway Cast",
    "Critics say Lynch was the best part of the show",
    # Demonyms: news about the country.
    "Syria peace talks stall in Geneva",
    "Syrian rebels seize border crossing",
    "Pakistani court frees former leader",
    "Greek Debt Talks Resume in Brussels",
    "Nigerian army rescues hostages",
]


@pytest.fixture(scope="module")
def model() -> TopicModel:
    return TopicModel.fit([(t, False) for t in CORPUS])


@pytest.mark.parametrize("text, present, absent", [
    # A generic word capitalised only inside a longer name is no name alone.
    ("State Fiscal Chiefs Protest Federal Budget Cuts", [], ["State"]),
    ("Prime Minister Prepares for State Visit to Japan", ["Japan"], ["State"]),
    ("Lawmakers clash over the State of the Union address", ["State of the Union"], ["State"]),
    # A name seen beside other names and alone stays a name.
    ("Apple Unveils New Laptop Lineup", ["Apple"], []),
    # Ordinary words used in lower case elsewhere name nothing together; unused ones may.
    ("Central Bank Cuts Key Rate to Spur Growth", [], ["Key Rate"]),
    ("Golden Globes Host Opens Show With Jokes", ["Golden Globes"], []),
    # A surname seen alone far more than with this first name stays the surname.
    ("Obama speaks on jobs", ["Obama"], ["Michelle Obama"]),
    ("Michelle Obama Visits School in Chicago", ["Michelle Obama"], []),
    # A surname mostly seen with its first name is the person.
    ("Snowden leaks spark privacy debate", ["Edward Snowden"], ["Snowden"]),
    # "Street" alone is no firm's surname; "Lynch" alone is the person's.
    ("Heard on the Street: banks brace for a slower year", [], ["Jane Street", "Street"]),
    ("Critics say Lynch was the best part of the show", ["Jane Lynch"], []),
    # A demonym alone names its country, by a regular ending or the irregular table; the longest
    # place wins ("Nigerian": Nigeria, not Niger).
    ("Syrian rebels seize border crossing", ["Syria"], ["Syrian"]),
    ("Pakistani court frees former leader", ["Pakistan"], ["Pakistani"]),
    ("Greek Debt Talks Resume in Brussels", ["Greece", "Brussels"], ["Greek"]),
    ("Nigerian army rescues hostages", ["Nigeria"], ["Niger", "Nigerian"]),
])
def test_names_that_name_something(model: TopicModel, text: str, present: list[str], absent: list[str]) -> None:
    got = names(model, text)
    for name in present:
        assert name in got, (text, got)
    for name in absent:
        assert name not in got, (text, got)


def test_a_firm_named_after_a_first_name_is_no_person(model: TopicModel) -> None:
    kinds = {t.name: t.kind for t in model.topics("Jane Street Posts Record Trading Revenue", False)}
    assert kinds.get("Jane Street") == "name", kinds
    kinds = {t.name: t.kind for t in model.topics("Jane Lynch Joins Broadway Cast", False)}
    assert kinds.get("Jane Lynch") == "person", kinds


@pytest.mark.parametrize("word, place", [
    ("syrians", "syria"), ("egyptian", "egypt"), ("afghan", "afghanistan"), ("israeli", "israel"),
    ("chinese", "china"), ("german", "germany"), ("thai", "thailand"), ("british", "britain"),
    # No demonym: a place itself, a word whose stem is no country.
    ("china", None), ("victorian", None), ("christian", None), ("roman", None),
])
def test_demonym_place(word: str, place: str | None) -> None:
    assert demonym_place(word) == place


BRANDS = [
    # A brand's last word never written without "'s", after an ordinary word: one name with it.
    "Trader Joe's Recalls Frozen Dumplings", "Trader Joe's Opens Stores in Texas",
    "Shoppers Line Up at Trader Joe's for New Tote Bags",
    # A dictionary word as a whole noun phrase with "'s", never capitalised without it.
    "Moody's Cuts Outlook on US Debt", "Moody's Downgrades Ten Regional Banks",
    "Bonds slide after Moody's warns on deficits",
    "The moody weather returns to the coast", "Investors in a moody market wait for data",
    # A first name likewise, beside a person with that first name.
    "Wendy's Raises Prices on Burgers", "Wendy's Tests Surge Pricing", "Fans flock to Wendy's for free fries",
    "Wendy Williams Returns to Television", "Wendy Williams Speaks Out",
    # People stay people: a full name's possessive, and a first name's possessive before a noun.
    "Taylor Swift's Eras Tour Breaks Records", "Taylor Swift Announces New Album", "Swift's Fans Crash Ticket Site",
    "Prince Harry's Memoir Tops Charts", "Prince Harry's Lawsuit Heads to Court", "Prince Harry Visits Kyiv",
    # Contractions are no brands.
    "Let's Talk About the Finale", "Let's Be Honest: Prices Are Up", "Let's Ban the Word",
]


@pytest.fixture(scope="module")
def brands() -> TopicModel:
    return TopicModel.fit([(t, False) for t in BRANDS])


@pytest.mark.parametrize("text, present, absent", [
    ("Trader Joe's Recalls Frozen Dumplings", ["Trader Joe's"], ["Trader Joe"]),
    ("Moody's Downgrades Ten Regional Banks", ["Moody's"], []),
    ("Fans flock to Wendy's for free fries", ["Wendy's"], ["Wendy Williams"]),
    ("Wendy Williams Speaks Out", ["Wendy Williams"], ["Wendy's"]),
    ("Taylor Swift's Eras Tour Breaks Records", ["Taylor Swift"], ["Taylor Swift's"]),
    ("Prince Harry's Memoir Tops Charts", ["Prince Harry"], ["Prince Harry's"]),
    ("Let's Talk About the Finale", [], ["Let's"]),
])
def test_brands_written_with_their_possessive(brands: TopicModel, text: str, present: list[str],
                                              absent: list[str]) -> None:
    got = [t.name for t in brands.topics(text, False)]
    for name in present:
        assert name in got, (text, got)
    for name in absent:
        assert name not in got, (text, got)
