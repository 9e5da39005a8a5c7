"""Quotes in title-case headlines that are words someone said (issue 11, round 9): title case
capitalises a quoted sentence like a title, so a quote of ordinary words, quoted once and named
nowhere else, is speech when a subject pronoun comes before an auxiliary, when it exclaims, or
when it opens with an adverb, and so is one word made from a word ("'Harassed'"); titles of ordinary words ("'Marriage Story'") stay titles. Each
corpus is small and written here."""
from __future__ import annotations

from tests.topic_helpers import fit, names

LINES = ["New Fantasy Series Trailer: 'We Can Avenge Them' (Video)",
         "Hugo Barra On Wearables: 'We Are Just Scratching The Surface'",
         "Watch: 'Keep Moving Forward!' Marathon Ad Goes Viral",
         "Pop Star Insists She Is 'Completely Sober'",
         "How 'Marriage Story' Became The Year's Quiet Hit",
         "Critics Praise 'Little Women' Ahead Of Awards",
         "'The Bachelor' Finale Draws Record Audience", "'The Bachelor' Host Teases Next Season",
         "Fans say 'we can do it' at the rally in Leeds",
         "Pop Star Says She Felt 'Harassed' At Work", "Server Status Currently 'Limited'",
         "Critics Praise 'Frozen' Ahead Of Awards"]


def test_a_quote_shaped_as_speech_is_no_title() -> None:
    model = fit(LINES)
    assert names(model, "New Fantasy Series Trailer: 'We Can Avenge Them' (Video)") == []
    assert names(model, "Hugo Barra On Wearables: 'We Are Just Scratching The Surface'") == ["Hugo Barra"]
    assert names(model, "Watch: 'Keep Moving Forward!' Marathon Ad Goes Viral") == []
    assert names(model, "Pop Star Insists She Is 'Completely Sober'") == []


def test_a_lone_quoted_word_made_from_a_word_is_no_title() -> None:
    model = fit(LINES)
    assert names(model, "Pop Star Says She Felt 'Harassed' At Work") == []
    assert names(model, "Server Status Currently 'Limited'") == []
    assert names(model, "Critics Praise 'Frozen' Ahead Of Awards") == ["Frozen"]


def test_titles_of_ordinary_words_stay_titles() -> None:
    model = fit(LINES)
    assert names(model, "How 'Marriage Story' Became The Year's Quiet Hit") == ["Marriage Story"]
    assert names(model, "Critics Praise 'Little Women' Ahead Of Awards") == ["Little Women"]
    assert names(model, "'The Bachelor' Finale Draws Record Audience") == ["The Bachelor"]


def test_a_speech_shaped_title_quoted_in_two_headlines_stays_a_title() -> None:
    model = fit(LINES + ["Box Office: 'We Are Your Friends' Opens Soft", "Review: 'We Are Your Friends' Misses The Beat"])
    assert names(model, "Box Office: 'We Are Your Friends' Opens Soft") == ["We Are Your Friends"]


def test_in_a_sentence_case_headline_the_quote_is_judged_by_its_own_capitals() -> None:
    model = fit(LINES + ["Why 'We Are Your Friends' flopped at the box office"])
    assert names(model, "Why 'We Are Your Friends' flopped at the box office") == ["We Are Your Friends"]
