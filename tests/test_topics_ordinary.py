"""Ordinary words that title case, quotes or hyphens dress as names (issue 11, round 7): quoted
sentences and words quoted in lower case, rarer words that only open headlines (they stay
names), compounds of ordinary words, a soft word before a known name,
loan words without accents, generic acronyms, demonyms in the plural, German function words.
Each corpus is small and written here."""
from __future__ import annotations

from aggregator.topics import TopicModel
from tests.topic_helpers import fit, names

PLACES = ["Paris", "Lisbon", "Oslo", "Dublin", "Vienna", "Prague", "Madrid", "Warsaw", "Athens", "Berlin"]
THINGS = ["bridge", "library", "hospital", "stadium", "airport", "museum", "school", "market", "park", "tunnel"]
# 200 sentence-case headlines: mid-sentence capitals here are a writer's choice, so they tell.
SENTENCES = [f"{place} council approves new {thing} plan after {n + 2} years"
             for n, (place, thing) in enumerate((p, t) for p in PLACES for t in THINGS)] + \
            [f"Residents of {place} protest {thing} closure in week {n + 3}"
             for n, (place, thing) in enumerate((p, t) for p in PLACES for t in THINGS)]


def test_a_quoted_sentence_or_a_word_quoted_in_lower_case_is_no_title() -> None:
    model = fit(["Singer says she would 'absolutely' tour again",
                 "Singer Says She Would 'Absolutely' Tour Again",
                 "Director calls streaming 'Netflix for pirates'",
                 "Snowden on leaks: 'I would do it again'",
                 "'True Detective' finale breaks records",
                 "Cast of 'True Detective' reunites"])
    assert names(model, "Singer Says She Would 'Absolutely' Tour Again") == []
    assert names(model, "Director calls streaming 'Netflix for pirates'") == []
    assert names(model, "Snowden on leaks: 'I would do it again'") == ["Snowden"]
    assert names(model, "'True Detective' finale breaks records") == ["True Detective"]
    assert names(model, "'13: The Musical' opens on Broadway") == ["13: The Musical", "Broadway"]


def test_a_rarer_word_seen_only_opening_headlines_stays_a_name() -> None:
    """A sentence-case headline capitalises its first word whatever it is, and news opens headlines
    with brands ("Bitcoin hits a record"): a rarer word seen only there stays a name, however many
    sentence-case headlines the corpus holds, unless the corpus also writes it in lower case."""
    rich = fit(SENTENCES + ["Bitcoin hits a record high", "Bitcoin slides as rates rise",
                            "Meta unveils a new headset", "Debacle at the border angers voters",
                            "Officials call the border a debacle"])
    assert names(rich, "Bitcoin Rebounds After Weekend Slide") == ["Bitcoin"]
    assert names(rich, "Meta Cuts Jobs") == ["Meta"]
    assert names(rich, "Another Debacle For The League") == []


def test_a_compound_of_ordinary_words_is_no_name() -> None:
    model = fit(["Jeep Plant To Hire 1000 Part-Time Workers", "Jeep Plant To Hire Part-Time Workers",
                 "Carmaker hiring part-time workers in Ohio", "Plant hiring up to 1000 part-time staff",
                 "Jeep Sales Climb In March"])
    assert "Part-Time Workers" not in names(model, "Jeep Plant To Hire Part-Time Workers")


def test_a_soft_word_before_a_name_named_alone_is_no_part_of_it() -> None:
    model = fit(["Google Announces New Android Apps", "New Android Phones Arrive In May",
                 "Phones running Android sell well in Asia", "Developers prefer Android over rivals",
                 "Shipments of phones with Android rise", "Banks warn users that Android apps leak data",
                 "Android Wins Market Share", "Android Update Fixes Bug", "Android Users Complain",
                 "New York Passes Budget", "New York Mayor Speaks", "New York Subway Delays"])
    assert names(model, "New Android Watch Leaks") == ["Android"]
    assert names(model, "New York Opens Park") == ["New York"]


def test_loan_words_without_accents_and_newer_nouns_are_words() -> None:
    model = fit(["Reality Star Poses With Fiance At Premiere", "Rapper Drops Mixtape Ahead Of Tour",
                 "Singer and her fiance attend gala",
                 "Maria Ortega Poses With Fiance", "Whistleblower Testifies Before Senate"])
    assert names(model, "Maria Ortega Shows Off Fiance") == ["Maria Ortega"]
    assert "Whistleblower" not in names(model, "Whistleblower Testifies Before Senate")
    assert "Mixtape" not in names(model, "Rapper Drops Mixtape Ahead Of Tour")


def test_generic_acronyms_and_plural_demonyms() -> None:
    model = fit(["Brits flock to Spain despite new travel rule", "Brits abandon holiday homes",
                 "Bank fraud of over Rs 95,000 cr reported", "Startup moves HQ to Denver"])
    assert names(model, "Brits vow to never return to Spain") == ["Britain", "Spain"]
    assert names(model, "Bank fraud of over Rs 95,000 cr reported") == []
    assert names(model, "Startup moves HQ to Denver") == ["Denver"]


def test_german_headlines_with_few_listed_words_are_read_as_german() -> None:
    model: TopicModel = fit(["Diese 2 Minuten zeigen, was ein Mann in 90 Jahren sah",
                             "Wie Ost-Berlin vor 25 Jahren wirklich aussah",
                             "Mieter muss nach 84 Jahren Wohnung in Berlin räumen"])
    assert "Jahren" not in names(model, "Diese 2 Minuten zeigen, was ein Mann in 90 Jahren sah")


def test_something_of_a_person_is_the_person() -> None:
    model = fit(["Studio Releases First Image Of Grant Gustin As The Flash",
                 "TV: First Image of Grant Gustin in full costume", "Grant Gustin Talks Costume"])
    assert names(model, "Fans React To First Image Of Grant Gustin") == ["Grant Gustin"]
    assert names(model, "Studio Releases First Image Of Grant Gustin As The Flash")[0] == "Grant Gustin"


def test_a_role_word_before_a_full_name_is_no_part_of_it() -> None:
    model = fit(["'True Detective' Creator Nic Pizzolatto Teases Season Two",
                 "'True Detective' Creator Nic Pizzolatto Reveals Alternate Endings",
                 "Post-mortem: Creator Nic Pizzolatto on happy endings",
                 "New York Knicks Win Again", "New York Knicks Lose At Home"])
    assert names(model, "Creator Nic Pizzolatto Speaks Out") == ["Nic Pizzolatto"]
    assert names(model, "New York Knicks Win Again") == ["New York Knicks"]
