"""Name variants and name shapes of real headlines (issue 11, topic names), on small corpora
written for these tests: a demonym or an acronym that opens a name, compass short forms, "The"
and a demonym naming a paper, companies named like people, acronyms spelt out, cut endings."""
from __future__ import annotations

import pytest

from aggregator.topics import TopicModel
from tests.topic_helpers import fit, names

RETAIL = [
    "American Eagle warns on profit as cold weather hits demand",
    "American Eagle Forecasts Profit Below Estimates",
    "Bears take aim at American Eagle",
    "American Eagle offers few details into CEO search",
    "JC Penney Rises as Citigroup Analyst Recommends Buying Shares",
    "J.C. Penney shares jump on Citi upgrade",
    "Why Citigroup Thinks JC Penney Is a Buy Now",
    "Citi upgrades JC Penney, says it's a comeback story",
    "American shoppers cut spending in March",
    "Chinese Stocks Slide on Growth Worries",
    "Chinese stocks extend losses",
    "SXSW Interactive opens in Austin",
    "Snowden speaks at SXSW via video",
    "SXSW: the best panels so far",
    "A look at the SXSW crowds",
    "Tech crowds flock to SXSW",
    "SXSW Interactive draws record crowd",
]


@pytest.fixture(scope="module")
def retail() -> TopicModel:
    return fit(RETAIL)


@pytest.mark.parametrize(("text", "expected"), [
    ("American Eagle falls on lower sales", ["American Eagle"]),       # a demonym opens a brand
    ("Bears take aim at American Eagle", ["American Eagle"]),
    ("J.C. Penney Stock Soars On Citi Upgrade", ["JC Penney", "Citi"]),    # an acronym opens a name
    ("JC Penney: What Went Wrong?", ["JC Penney"]),
    ("Chinese Stocks Rally", []),                                           # a demonym + a common word
    ("SXSW Interactive opens in Texas", ["SXSW", "Texas"]),              # the acronym mostly stands alone
])
def test_names_opened_by_a_demonym_or_an_acronym(retail: TopicModel, text: str, expected: list[str]) -> None:
    assert names(retail, text) == expected


KOREA = [
    "North Korea fires two missiles into the sea",
    "North Korea warns of new nuclear test",
    "Kim Jong Un visits North Korea border post",
    "South Korea and Japan hold talks",
    "South Korea raises alert level",
    "Northern Ireland votes on new assembly",
    "Northern Ireland parties strike a deal",
    "China and Pakistan sign trade pact",
    "China raises rates again",
    "Talks with China stall",
    "Exports to China fall",
    "Pakistan election results delayed",
    "Floods hit Pakistan again",
]


@pytest.mark.parametrize(("text", "expected"), [
    ("N Korea fires rocket", ["North Korea"]),
    ("S Korea, N Korea hold rare talks", ["South Korea", "North Korea"]),
    ("N Ireland deal nears", ["Northern Ireland"]),          # the long form the corpus knows
    ("12 killed in bomb blast in NW Pakistan", ["Pakistan"]),  # a direction, never a topic
    ("Quake jolts SW China", ["China"]),
])
def test_compass_short_forms(text: str, expected: list[str]) -> None:
    assert names(fit(KOREA), text) == expected


PAPERS = [
    "Live from SXSW 2014, it's The Oregonian",
    "Rupert Murdoch buys The Australian",
    "Oregonian voters back school measure",
    "Syrian rebels take border town",
    "Nadal wins The Australian Open",
    "Children of The Syrian war",
    "Oregon wildfire spreads",
    "Syria talks stall in Geneva",
]


@pytest.mark.parametrize(("text", "expected"), [
    ("Live from SXSW 2014, it's The Oregonian", ["SXSW", "The Oregonian"]),
    ("Rupert Murdoch buys The Australian", ["Rupert Murdoch", "The Australian"]),
    ("Oregonian voters back school measure", ["Oregon"]),      # a demonym alone is its place
    ("Children of The Syrian war", ["Syria"]),                # "The" + demonym + a noun: the place
    ("Syrian rebels take border town", ["Syria"]),
])
def test_the_and_a_demonym_name_a_paper(text: str, expected: list[str]) -> None:
    assert names(fit(PAPERS), text) == expected


MORTGAGE = [
    "Fannie Mae, Freddie Mac stocks fall sharply",
    "US projects profit from Fannie Mae, Freddie Mac",
    "Fannie Mae and Freddie Mac shareholders sue",
    "Bill would eliminate Fannie Mae, Freddie Mac",
    "Fannie Mae, Freddie Mac bailout ends",
    "Fannie Mae Survey Finds Housing Recovery Slow",
    "Fannie, Freddie shares sink on overhaul plans",
    "Clare Crawley stuns in red dress",
    "Clare Crawley opens up about the finale",
    "Clare slams the producers",
    "Clare Crawley and Juan Pablo Galavis clash",
    "Warren Buffett letter to shareholders",
    "Warren Buffett buys more stock",
    "Buffett says profit will grow",
    "Warren Buffett on earnings",
]


def test_a_company_named_like_a_person_is_no_person() -> None:
    model = fit(MORTGAGE)
    kinds = {t.name: t.kind for line in MORTGAGE for t in model.topics(line, False)}
    assert kinds["Fannie Mae"] == kinds["Freddie Mac"] == "name"
    assert kinds["Clare Crawley"] == kinds["Warren Buffett"] == "person"   # Buffett is called "Buffett"
    assert names(model, "Fannie, Freddie shares sink on overhaul plans") == ["Fannie Mae", "Freddie Mac"]


CARS = [
    "General Motors (GM) recalls 1.6 million cars",
    "GM recall grows to 2.6 million cars",
    "GM CEO Mary Barra apologises",
    "GM shares fall after recall",
    "General Motors faces Senate hearing",
    "Gulf of Mexico oil spill widens",
    "Gulf of Mexico storms ahead",
    "GM profit beats forecasts",
    "BP profit falls",
    "BP to sell Alaska assets",
    "Buckingham Palace opens to visitors",
    "Buckingham Palace denies report",
    "Strong pound could delay Bank of England rate rise, says BoE's Bean",
    "BoE holds rates at record low",
    "BoE minutes show a split",
    "Bank of England warns on house prices",
]


@pytest.mark.parametrize(("text", "expected"), [
    ("General Motors faces a hearing", ["GM"]),   # spelt out in one headline: one topic
    ("GM recall grows", ["GM"]),
    ("Gulf of Mexico oil spill widens", ["Gulf of Mexico"]),     # "GM" spelt out as General Motors only
    ("Buckingham Palace denies report", ["Buckingham Palace"]),  # never spelt out: not BP
    ("BP to sell Alaska assets", ["BP", "Alaska"]),
    ("Bank of England warns on house prices", ["BoE"]),          # a mixed-case acronym, written as most often
])
def test_acronym_and_the_name_it_abbreviates(text: str, expected: list[str]) -> None:
    assert names(fit(CARS), text) == expected


def test_a_cut_ordinary_word_is_not_expanded() -> None:
    model = fit(["New York Rangers win", "New York braces for storm", "New York subway delays",
                 "New York mayor speaks", "Jon Favreau returns to his roots"])
    assert names(model, "Jon Favreau Returns To His Roots In This New …", True) == ["Jon Favreau"]
    assert names(model, "Storm hits New York …", True) == ["New York"]


ECONOMY = [
    "US Jobless Claims Fell Last Week",
    "Jobless Claims Rose Sharply Last Week",
    "Initial Jobless Claims Hold Steady",
    "TIL the Fed was founded in 1913",
    "TIL: Ireland has no snakes",
    "TIL Japan has more vending machines than Ireland",
    "Top Dems Say Election Rout Is a Bellwether",
    "Voters back the Democrats in local races across the state",
    "Polls now favour the Democrats again this autumn",
    "Analysts see the county as a bellwether",
]


@pytest.mark.parametrize(("text", "expected"), [
    ("Initial US Jobless Claims Fell Last Week", ["US"]),        # a word made from a word ("job" + "less")
    ("TIL Japan has more vending machines than Ireland", ["Japan", "Ireland"]),   # a forum label
    ("Top Dems Say Election Rout Is a Bellwether", ["Democrats"]),   # a short form; "bellwether" is a word
])
def test_labels_short_forms_and_derived_words(text: str, expected: list[str]) -> None:
    assert names(fit(ECONOMY), text) == expected
