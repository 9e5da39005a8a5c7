"""A headline word that opens a name (issue 11, round 11): sentence-case headlines that capitalise
it mid-sentence before ordinary words say it is part of the name ("the Met Gala"); a title before
a word the corpus writes alone as a name is not ("President Trump" is Trump). A day opens a name
ending in a headline word ("Saturday Night Live"). Each corpus is small and written here."""
from __future__ import annotations

from tests.topic_helpers import fit, names


def test_a_headline_word_capitalised_mid_sentence_opens_a_name() -> None:
    model = fit(["Rihanna Stuns At Met Gala", "Stars arrive at the Met Gala", "Zendaya wows at the Met Gala",
                 "Met Gala theme revealed", "Who met whom at the party", "Police met protesters",
                 "Leaders met President Trump at summit", "Pope met President Trump in Rome",
                 "Trump signs order", "Aides say Trump will veto the bill", "Voters back Trump"])
    assert names(model, "Kim Kardashian Skips Met Gala") == ["Kim Kardashian", "Met Gala"]
    assert names(model, "Stars arrive at the Met Gala") == ["Met Gala"]
    assert "President Trump" not in names(model, "Pope met President Trump in Rome")


def test_a_day_opens_a_name_ending_in_a_headline_word() -> None:
    model = fit(["Star gets naked on Saturday Night Live", "Fans are divided over the Saturday Night Live sketch",
                 "Ratings for Saturday Night Live drop", "Storm expected on Saturday night",
                 "Live updates from the summit"])
    assert names(model, "Lena Dunham Shines On Saturday Night Live") == ["Lena Dunham", "Saturday Night Live"]
