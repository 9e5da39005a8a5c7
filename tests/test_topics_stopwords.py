"""Stop words of other languages that are English words too (issue 11, round 9): "war" (German),
"hat" (German), "plus" (French), "ma" (Italian) cut no name in an English headline, and still
read as function words in a headline of their language. Each corpus is small and written here."""
from __future__ import annotations

from aggregator import lexicon
from tests.topic_helpers import fit, names

ENGLISH = ["Red Hat shares jump after earnings", "IBM to buy Red Hat for $34 billion", "Red Hat Reports Growth",
           "Alibaba founder Jack Ma steps down", "Jack Ma Returns To China", "Where is Jack Ma?",
           "Disney Plus adds new shows in March", "Disney Plus Price Rises Again",
           "Crowds gather at the Lakeview War Memorial", "Lakeview War Memorial Reopens After Repairs",
           "War in Ukraine enters third year", "Prices rise as war drags on", "Why the hat is back in fashion"]


def test_the_list_holds_english_words_of_other_languages_only() -> None:
    words = lexicon.foreign_stopwords()
    assert {"war", "hat", "plus", "met", "son"} <= words
    assert not words & {"the", "in", "and", "of", "will", "may"}   # English stop words stay
    assert not words & {"der", "und", "les", "para"}                # no English words


def test_a_foreign_stop_word_that_is_an_english_word_stays_in_the_name() -> None:
    model = fit(ENGLISH)
    assert names(model, "Red Hat shares jump after earnings") == ["Red Hat"]
    assert names(model, "IBM to buy Red Hat for $34 billion") == ["IBM", "Red Hat"]
    assert names(model, "Jack Ma Returns To China")[0] == "Jack Ma"
    assert names(model, "Disney Plus Price Rises Again") == ["Disney Plus"]
    assert names(model, "Crowds gather at the Lakeview War Memorial") == ["Lakeview War Memorial"]


def test_alone_it_is_still_an_ordinary_word() -> None:
    model = fit(ENGLISH)
    assert names(model, "War in Ukraine enters third year") == ["Ukraine"]
    assert names(model, "Why the hat is back in fashion") == []
    assert names(model, "Hat Sales Soar In Winter") == []


def test_in_its_own_language_it_is_still_a_function_word() -> None:
    model = fit(ENGLISH + ["Das war ein Fehler, sagt Scholz", "Merkel war nicht informiert, sagt die Zeitung",
                           "Scholz hat die Wahl verloren", "Die Regierung hat einen Plan"])
    for text in ("Das war ein Fehler, sagt Scholz", "Gestern war Scholz in Berlin", "Scholz hat die Wahl verloren"):
        found = names(model, text)
        assert "Scholz" in found
        assert not any(word in name.casefold().split() for name in found for word in ("war", "hat"))
