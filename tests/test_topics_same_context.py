"""Short forms and titled first names that are one topic with a longer name (issue 11, variants
merged under one name): an acronym of a name's initials ("HSM"), the openings of a person's
names ("LiLo"), a title + first name ("Princess Kate"), each only where the headlines around
the two forms share their other words, and only when one name fits."""
from __future__ import annotations

import pytest

from aggregator.textscan import Tok
from aggregator.topic_context import Contexts
from aggregator.topics import TopicModel
from tests.topic_helpers import fit, names

FILLER = [
    "Stocks close higher as oil prices fall",
    "Storm brings heavy snow to the north",
    "New study links sleep to memory",
    "Airline adds routes for the summer season",
    "City council approves budget for parks",
    "Police search for missing hiker",
    "Markets wait for jobs report",
    "Local team wins title after long drought",
    "Farmers worry about dry spring",
    "Museum opens new wing to visitors",
    "Bond yields edge up before central bank meeting",
    "Heat wave grips the south for a third day",
    "School board debates later start times",
    "Ferry service resumes after winter break",
    "Hospital reports rise in flu cases",
    "Tech shares lead gains in early trade",
    "Wildfire forces evacuations near the coast",
    "Bakery chain plans two hundred new stores",
    "Trial opens for former mayor accused of bribery",
    "River levels fall as rain eases",
    "Train strike disrupts morning commute",
    "Chess prodigy wins national championship",
    "Scientists map the ocean floor in new detail",
    "Gas prices climb ahead of holiday weekend",
    "Zoo welcomes twin panda cubs",
    "Bridge repairs to close lanes for a month",
    "Retail sales slow in the spring quarter",
    "Mountain town votes on short-term rentals",
    "Startup raises funds for battery recycling",
    "Coach resigns after losing season",
    "Library extends weekend opening hours",
    "Drought cuts wheat harvest forecast",
    "Court rules on city water contract",
    "Festival crowds return to the waterfront",
    "Factory orders beat expectations",
    "Fishing fleet stays in port as storm nears",
    "Vaccine drive reaches rural clinics",
    "Rail line extension wins approval",
    "Housing starts dip for second month",
    "Students build robot for science fair",
]

SHOWBIZ = FILLER + [
    "Zac Efron: I'm up for HSM reunion",
    "Zac Efron on HSM reunion: 'we are all thinking about it'",
    "HSM cast would reunite, Efron hints",
    "High School Musical reunion? Zac Efron says yes",
    "High School Musical cast to reunite for sequel, says Zac Efron",
    "High School Musical stars share throwback photos",
    "Lindsay Lohan reality show flops in the ratings",
    "Lindsay Lohan opens up about her diva reputation",
    "Lindsay Lohan signs for second reality series",
    "LiLo plays diva in new reality show",
    "Things that happen in LiLo's reality show ratings week",
    "Kate Middleton wears blue coat to royal charity gala",
    "Kate Middleton and Prince William visit Wales",
    "Kate Middleton shares photo of the royal children",
    "Princess Kate returns to royal duties in Wales",
    "Princess Kate hosts royal garden party",
    "Harry Kane scores twice for Bayern",
    "Harry Kane tops scoring chart again",
    "Harry Kane injury worries England fans",
    "Prince Harry lands in Canada for veterans event",
    "Prince Harry speaks about mental health campaign",
]


@pytest.fixture(scope="module")
def showbiz() -> TopicModel:
    return fit(SHOWBIZ)


@pytest.mark.parametrize(("text", "expected"), [
    ("Zac Efron: I'm up for HSM reunion", ["Zac Efron", "High School Musical"]),    # initials of a known title
    ("LiLo plays diva in new reality show", ["Lindsay Lohan"]),                     # openings of her two names
    ("Things that happen in LiLo's reality show ratings week", ["Lindsay Lohan"]),
    ("Princess Kate hosts royal garden party", ["Kate Middleton"]),                 # title + her first name
    ("Prince Harry speaks about mental health campaign", ["Prince Harry"]),         # not Harry Kane: nothing shared
    ("Harry Kane tops scoring chart again", ["Harry Kane"]),
])
def test_short_forms_join_the_name_their_headlines_talk_about(showbiz: TopicModel, text: str,
                                                               expected: list[str]) -> None:
    assert names(showbiz, text) == expected


def test_the_full_name_is_shown_when_used_more() -> None:
    model = fit(SHOWBIZ)
    assert [t.kind for t in model.topics("LiLo plays diva in new reality show", False)] == ["person"]
    assert names(model, "High School Musical stars share throwback photos") == ["High School Musical"]


def test_initials_without_shared_headline_words_stay_apart() -> None:
    """Same letters, other story: "HSM" the firm's results share nothing with the musical's."""
    model = fit(FILLER + [
        "HSM shares jump after quarterly results",
        "HSM profit beats forecasts on strong demand",
        "Analysts upgrade HSM after earnings",
        "High School Musical reunion? Zac Efron says yes",
        "High School Musical cast to reunite for sequel",
        "High School Musical stars share throwback photos",
    ])
    assert names(model, "HSM profit beats forecasts on strong demand") == ["HSM"]


def test_two_names_with_the_same_initials_keep_the_acronym_apart() -> None:
    """"HSM" fits "High School Musical" and "Hospital Services Management" alike: no merge."""
    model = fit(FILLER + [
        "Zac Efron: I'm up for HSM reunion",
        "Zac Efron on HSM reunion plans",
        "HSM reunion talk grows",
        "High School Musical reunion? Zac Efron says yes",
        "High School Musical reunion cast named",
        "Hospital Services Management wins reunion hospital contract",
        "Hospital Services Management hires Zac as chief",
    ])
    assert names(model, "HSM reunion talk grows") == ["HSM"]


def test_a_dictionary_word_in_capitals_may_be_a_short_form() -> None:
    """"UP" beside "Uttar Pradesh" in stories about the same people is the state; "Up" in a
    title-case headline stays the word."""
    model = fit(FILLER + [
        "UP: Yogi Adityanath holds public hearing in Lucknow",
        "UP police arrest gang in Lucknow",
        "UP sanitation worker reinstated after Yogi Adityanath order",
        "Uttar Pradesh CM Yogi Adityanath visits Lucknow hospital",
        "Uttar Pradesh: bus crash in Lucknow kills five",
        "Uttar Pradesh police bust gang of bank looters",
        "Prices Go Up Again As Demand Grows",
    ])
    assert names(model, "UP police arrest gang in Lucknow") == ["Uttar Pradesh", "Lucknow"]
    assert names(model, "Prices Go Up Again As Demand Grows") == []


def test_contexts_count_only_headlines_holding_one_form() -> None:
    """A headline that spells both forms out is not counted on either side."""
    def tok(word: str) -> Tok:
        return Tok(word, word.casefold(), word[0].isupper(), word.isupper(), False, False, False)

    def doc(text: str) -> tuple[list[list[Tok]], str]:
        return [[tok(w) for w in text.split()]], "title"

    musical, hsm = ("high", "school", "musical"), ("hsm",)
    others = [doc(text) for text in FILLER]
    skip = frozenset({"and", "with", "for", "the", "to", "of", "in", "a"})
    both = [doc("HSM And High School Musical Reunion With Zac Efron"), doc("Zac Efron Talks Reunion Plans")]
    assert Contexts(both + others, [hsm, musical], skip).agreeing([(hsm, musical)]) == []
    apart = [doc("HSM Reunion With Zac Efron"), doc("High School Musical Reunion For Zac Efron")]
    assert Contexts(apart + others, [hsm, musical], skip).agreeing([(hsm, musical)]) == [(hsm, musical)]


def test_a_first_name_two_people_hold_stays_with_its_title() -> None:
    """"Princess Kate" is not merged when the corpus names two people Kate."""
    model = fit(SHOWBIZ + ["Kate Upton stars in royal wedding comedy", "Kate Upton joins Wales film shoot"])
    assert names(model, "Princess Kate hosts royal garden party") == ["Princess Kate"]


def test_a_chance_overlap_in_one_headline_joins_nothing() -> None:
    """"NA" (a national assembly) shares "first" and "because" with North America in one of its
    four headlines: the shared words must stand in half the short form's headlines."""
    model = fit(FILLER + [
        "Imran Khan to contest four NA seats in Punjab",
        "NA session adjourned amid opposition walkout",
        "NA speaker first to resign because of row",
        "Opposition demands NA debate on budget",
        "North America sales first to fall because of tariffs",
        "North America heat records broken",
        "North America gas output hits high",
    ])
    assert names(model, "NA session adjourned amid opposition walkout") == ["NA"]
    assert names(model, "North America heat records broken") == ["North America"]
