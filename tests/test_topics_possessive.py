"""Topic names through a possessive (issue 11): a work or brand written with "'s" stays whole,
a person's or a place's possessive is still the person or the place. Headlines written for
these tests; each case names what the corpus shows that decides it."""
from __future__ import annotations

import pytest

from aggregator.topics import TopicModel
from tests.topic_helpers import fit, names

CORPUS = [
    # A work: "Grey's" is never written without "Anatomy" after it, "Anatomy" never without "Grey's".
    "Grey's Anatomy Season 20 Finale Shocks Fans With Major Death",
    "Ellen Pompeo Returns to Grey's Anatomy for Emotional Farewell",
    "Grey's Anatomy Renewed for Season 21 at ABC",
    "Why Grey's Anatomy Fans Are Furious About Meredith's Exit",
    "Grey's Anatomy Star Opens Up About Leaving the Show",
    "Schitt's Creek Stars Reunite for Charity Table Read",
    "Dan Levy Looks Back on Schitt's Creek Finale",
    "Schitt\u2019s Creek Wins Big at the Emmys",                 # curly apostrophe
    "Bob's Burgers Movie Sets Release Date",
    "Bob's Burgers Renewed Through 2027",
    "Fox Orders Two More Seasons of Bob's Burgers",   # ordinary words: seen inside a headline, not only opening it
    # Brands: only ever written with their "'s".
    "Macy's Cuts 2,000 Jobs",
    "Macy's Shares Fall After Earnings",
    "Kohl's Names New Chief Executive",
    "Kohl's Shares Slide on Weak Outlook",
    "Shoppers Flock to Kohl\u2019s for Holiday Deals",
    "Men's Wearhouse Rejects Bid",
    "Dick's Sporting Goods Beats Estimates",
    "Dick's Sporting Goods to Stop Selling Rifles",
    # Ordinary words, and a common compound ("sporting goods"): the corpus must show them
    # capitalised mid-sentence to make them a name.
    "Shares of Dick's Sporting Goods rise after a strong quarter",
    "Analysts say Dick's Sporting Goods can keep growing",
    # People: a full name before the "'s", or a surname the corpus has seen after a first name.
    "Taylor Swift's Eras Tour Breaks Records",
    "Taylor Swift Announces New Album",
    "Swift's Fans Crash Ticket Site",
    "Mark Zuckerberg Testifies Before Congress",
    "Mark Zuckerberg's Charity Gives Millions",
    "Zuckerberg's Metaverse Bet Falters",
    # A place written only with "'s" is still the place.
    "Vietnam's Exports Surge in March",
    "Vietnam's Growth Slows as Demand Cools",
    # A surname only ever possessive, before a noun: the person's, no brand.
    "Allen Responds to Farrow's Abuse Claims", "Allen Defends Himself Against Farrow's Abuse Claims",
    # A name seen bare too: its possessive is the name.
    "Quibly's Profit Falls", "Quibly's Chief Quits", "Quibly Beats Forecasts",
    # A possessive followed by names the corpus also sees apart: two names, not one.
    "Microsoft's Surface Sales Disappoint", "Microsoft's Surface Gets a Price Cut", "Microsoft Beats Forecasts",
    "Microsoft Hires New Chief", "Microsoft Unveils Cloud Deal",
    "Apple's iPhone Sales Slow in China", "Apple's iPhone Gets Satellite Texting",
    "Apple Unveils New iPhone", "iPhone Prices Rise in India", "Apple Stock Hits Record",
    # Ordinary words that only ever open a headline: a column's label, no topic.
    "Investor's Alert: Larkspur Shares Jump", "Investor's Alert: Larkspur Files for IPO",
    "Investor's Alert - Larkspur Cuts Jobs",
    # A contraction is no possessive.
    "And It's Chock-Full of Surprises", "It's Official: Larkspur Wins Contract",
]


@pytest.fixture(scope="module")
def model() -> TopicModel:
    return TopicModel.fit([(h, False) for h in CORPUS])


@pytest.mark.parametrize("text, expected", [
    ("Grey's Anatomy Season 20 Finale Shocks Fans With Major Death", ["Grey's Anatomy"]),
    ("Ellen Pompeo Returns to Grey's Anatomy for Emotional Farewell", ["Ellen Pompeo", "Grey's Anatomy"]),
    ("Why Grey's Anatomy Fans Are Furious About Meredith's Exit", ["Grey's Anatomy"]),   # a first name alone names nobody
    ("Grey\u2019s Anatomy Cast Reunites", ["Grey's Anatomy"]),
    ("Dan Levy Looks Back on Schitt's Creek Finale", ["Dan Levy", "Schitt's Creek"]),
    ("Schitt\u2019s Creek Wins Big at the Emmys", ["Schitt's Creek", "Emmys"]),
    ("Bob's Burgers Renewed Through 2027", ["Bob's Burgers"]),
    ("Macy's Cuts 2,000 Jobs", ["Macy's"]),
    ("Macy\u2019s Shares Fall After Earnings", ["Macy's"]),
    ("Shoppers Flock to Kohl\u2019s for Holiday Deals", ["Kohl's"]),
    ("Men's Wearhouse Rejects Bid", ["Men's Wearhouse"]),
    ("Dick's Sporting Goods to Stop Selling Rifles", ["Dick's Sporting Goods"]),
    ("Taylor Swift's Eras Tour Breaks Records", ["Taylor Swift"]),
    ("Swift's Fans Crash Ticket Site", ["Taylor Swift"]),
    ("Mark Zuckerberg's Charity Gives Millions", ["Mark Zuckerberg"]),
    ("Vietnam's Exports Surge in March", ["Vietnam"]),
    ("Quibly's Profit Falls", ["Quibly"]),
    ("Allen Responds to Farrow's Abuse Claims", ["Farrow"]),   # "Allen" alone: a first name, nobody
    ("Allen Defends Himself Against Farrow's Abuse Claims", ["Farrow"]),
])
def test_possessive_names(model: TopicModel, text: str, expected: list[str]) -> None:
    assert names(model, text) == expected


def test_possessive_before_names_seen_apart_is_two_names(model: TopicModel) -> None:
    got = names(model, "Apple's iPhone Sales Slow in China")
    assert "iPhone" in got
    assert not any(n.startswith("Apple's") for n in got)
    assert names(model, "Microsoft's Surface Sales Disappoint")[0] == "Microsoft"   # its maker is seen bare


def test_surname_possessive_is_the_person(model: TopicModel) -> None:
    got = names(model, "Zuckerberg's Metaverse Bet Falters")
    assert got[0] == "Mark Zuckerberg" and "Zuckerberg's" not in got


def test_column_label_and_contraction_are_not_names(model: TopicModel) -> None:
    assert "Investor's Alert" not in names(model, "Investor's Alert: Larkspur Shares Jump")
    for text in ("And It's Chock-Full of Surprises", "It's Official: Larkspur Wins Contract"):
        assert not any(n.startswith("It") for n in names(model, text))


def test_one_mention_is_not_enough_for_a_work(model: TopicModel) -> None:
    """A possessive run seen once is not a unit: "Eras Tour" after Taylor Swift's stays apart."""
    assert all("'s" not in n or n in {"Grey's Anatomy", "Schitt's Creek", "Bob's Burgers", "Macy's",
                                       "Kohl's", "Men's Wearhouse", "Dick's Sporting Goods"}
               for h in CORPUS for n in names(model, h))


def test_same_names_in_any_order() -> None:
    docs = [(h, False) for h in CORPUS]
    a, b = TopicModel.fit(docs), TopicModel.fit(list(reversed(docs)))
    assert [names(a, h) for h in CORPUS] == [names(b, h) for h in CORPUS]
    assert a.brands == b.brands


def test_a_word_cut_from_a_longer_name_is_no_surname() -> None:
    """"Jane Street" (a firm named like a person) makes "street" a surname; "Wall Street" cut
    to "Street" at a sentence start must not become it."""
    docs = [("Jane Street is chucked out of India", False), ("Jane Street hires more traders", False),
            ("Jane Street posts record trading revenue", False), ("Wall Street is drooling over bank mergers", False)]
    m = TopicModel.fit(docs)
    assert "Jane Street" not in names(m, "Wall Street is drooling over bank mergers")
    assert names(m, "Jane Street hires more traders") == ["Jane Street"]


def test_a_possessive_name_written_without_its_apostrophe() -> None:
    model = fit(["Dick's Sporting Goods Beats Estimates", "Dick's Sporting Goods Cuts Forecast",
                 "Dick's Sporting Goods Shares Fall", "Dicks Sporting Goods Inc Q4 Earnings Rise"])
    got = names(model, "Dicks Sporting Goods Opens New Stores")
    assert got == names(model, "Dick's Sporting Goods Opens New Stores") and got[0].startswith("Dick's Sporting")


def test_a_possessive_name_written_bare_where_the_bare_word_is_generic() -> None:
    """"Mens" is a headline word of its own (a generic plural): no run of the fit holds "Mens
    Wearhouse", and the name is still the name (not "Wearhouse")."""
    model = fit(["Men's Wearhouse Rejects Offer", "Men's Wearhouse Shares Rise", "Men's Wearhouse Profit Falls"])
    assert names(model, "Mens Wearhouse Nears Deal") == ["Men's Wearhouse"]
