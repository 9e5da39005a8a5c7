"""Words made from words (issue 11, round 9): a rarer dictionary word made from a word by a suffix
or a bound prefix ("Rekindled", "Hilariously", "Subpoenaed") is ordinary even where the corpus
never writes it in lower case, and so is a word no dictionary lists made as an adverb of an
adjective, a "-ness" noun or a prefixed "-ed"/"-ing" form ("Frenetically", "Untethered",
"Rebooting"). Rarer words made from nothing ("Bitcoin", "Meta")
and surnames ending in "-ing" stay names. Each corpus is small and written here."""
from __future__ import annotations

from tests.topic_helpers import fit, names

TITLE_CASE = ["Selena Gomez And Justin Bieber Have Rekindled Their Love",
              "Justin Bieber Subpoenaed To Testify In Lawsuit",
              "Salma Hayek Stars In A Hilariously Violent Trailer",
              "iOS 7.1 Untethered Jailbreak Not Possible",
              "Rebooting Cosmos For A New Generation",
              "Titanfall Impressions: Frenetically Fun Robot Violence",
              "Bitcoin Rebounds After Weekend Slide", "Meta Cuts Jobs Again",
              "Bitcoin hits a record high", "Meta unveils a new headset",
              "Harding Wins Seat In Ohio", "Harding Leads Early Count",
              "Grammarly Raises New Funds", "Unsplash Adds Video To Its Library"]


def test_a_rarer_word_made_from_a_word_is_ordinary_in_title_case() -> None:
    model = fit(TITLE_CASE)
    assert names(model, "Selena Gomez And Justin Bieber Have Rekindled Their Love") == ["Selena Gomez", "Justin Bieber"]
    assert names(model, "Justin Bieber Subpoenaed To Testify In Lawsuit") == ["Justin Bieber"]
    assert "Hilariously" not in names(model, "Salma Hayek Stars In A Hilariously Violent Trailer")


def test_a_word_no_dictionary_lists_made_by_a_prefix_or_an_adverb_suffix_is_ordinary() -> None:
    model = fit(TITLE_CASE)
    assert not any("Untethered" in name for name in names(model, "iOS 7.1 Untethered Jailbreak Not Possible"))
    assert names(model, "Rebooting Cosmos For A New Generation") == []
    assert "Frenetically" not in names(model, "Titanfall Impressions: Frenetically Fun Robot Violence")


def test_rarer_words_made_from_nothing_and_surnames_stay_names() -> None:
    model = fit(TITLE_CASE)
    assert names(model, "Bitcoin Rebounds After Weekend Slide") == ["Bitcoin"]
    assert names(model, "Meta Cuts Jobs Again") == ["Meta"]
    assert names(model, "Harding Leads Early Count") == ["Harding"]


def test_brands_made_like_words_stay_names() -> None:
    """A noun or verb + "-ly" and a prefix before a bare word are how brands are made."""
    model = fit(TITLE_CASE)
    assert names(model, "Grammarly Raises New Funds") == ["Grammarly"]
    assert names(model, "Unsplash Adds Video To Its Library") == ["Unsplash"]


def test_capitalised_mid_sentence_it_is_a_name() -> None:
    """In a sentence-case headline a capital after the first word is the writer's choice."""
    model = fit(TITLE_CASE + ["Fans line up for the Untethered tour in Leeds",
                              "Tickets for the Untethered tour sell out", "Band announces Untethered dates"])
    assert "Untethered" in names(model, "Tickets for the Untethered tour sell out")
