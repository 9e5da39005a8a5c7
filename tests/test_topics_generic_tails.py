"""Headline words that end a name (issue 11, round 9): a word of data/generic_en.txt ("son",
"watch", "way", "news") capitalised mid-sentence at the end of a capitalised run, in two
sentence-case headlines or more, ends that name ("Masayoshi Son", "Apple Watch", "the Milky Way");
title case alone never tells, titles before a name, demonyms and company forms never end one,
and a pair the corpus writes with the word in lower case ("Trump says") is none. Each corpus
is small and written here."""
from __future__ import annotations

from tests.topic_helpers import fit, names

LINES = ["SoftBank chief Masayoshi Son promises a price war", "Masayoshi Son's misguided mission",
         "Why I returned my Apple Watch", "The Apple Watch gets a new update",
         "In a few billion years the Milky Way will collide with Andromeda",
         "Astronomers publish a detailed map of the Milky Way",
         "Health Minister Jane Okafor visits the clinic", "Health Minister Jane Okafor resigns",
         "North American markets open higher", "North American stocks slip on Monday",
         "Shares of Kroger Co rose on Friday", "Analysts upgrade Kroger Co after results",
         "Zelnor says the plan will fail", "Zelnor says he will run again", "Critics of Zelnor Says rally",
         "Fans Flock To Tiny Bar In Ohio"]


def test_a_headline_word_capitalised_mid_sentence_ends_a_name() -> None:
    model = fit(LINES)
    assert names(model, "SoftBank chief Masayoshi Son promises a price war") == ["SoftBank", "Masayoshi Son"]
    assert names(model, "Masayoshi Son Bets On Sprint") == ["Masayoshi Son"]   # title case: the unit is known
    assert names(model, "Why I returned my Apple Watch") == ["Apple Watch"]
    assert names(model, "Astronomers publish a detailed map of the Milky Way") == ["Milky Way"]


def test_titles_demonyms_company_forms_and_lower_case_pairs_end_no_name() -> None:
    model = fit(LINES)
    assert "Health Minister" not in names(model, "Health Minister Jane Okafor resigns")
    assert "North American" not in names(model, "North American markets open higher")
    assert "Kroger Co" not in names(model, "Shares of Kroger Co rose on Friday")
    assert "Zelnor Says" not in names(model, "Critics of Zelnor Says rally")


def test_title_case_alone_tells_nothing() -> None:
    model = fit(["Tiny Bar Watch Draws Crowds", "Tiny Bar Watch Returns", "Fans Flock To Tiny Bar Watch"])
    assert not any(name.endswith("Watch") for name in names(model, "Tiny Bar Watch Returns"))


def test_a_label_without_running_text_ends_no_name() -> None:
    """A source's name after a cut headline ("… Tech Insider") stands beside no running text."""
    model = fit(LINES + ["Here's what the maximum amount of… Tech Insider",
                         "This dating app will help you avoid th… Tech Insider",
                         "The pound has charged to the highest level… Tech Insider"])
    assert names(model, "This dating app will help you avoid th… Tech Insider") == []
