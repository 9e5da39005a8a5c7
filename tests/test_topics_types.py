"""Topic types and stressed words (issue 11, round 10): a first name below the given-name table's
cut still opens a person when the lexicon knows it is no word and the corpus seldom names it
alone; a brand or surname named like a rare first name stays a name; subject pronouns written in
capitals for stress are no acronyms. Each corpus is small and written here."""
from __future__ import annotations

from tests.topic_helpers import fit, kinds, names


def test_a_rarer_first_name_opens_a_person() -> None:
    model = fit(["Scarlett Johansson Will Be A Wonderful Mom, Says Director",
                 "Director says pregnant Scarlett Johansson 'will be a wonderful mom'",
                 "Dong Nguyen considers bringing the game back",
                 "Flappy Bird creator Dong Nguyen speaks out"])
    assert kinds(model, "Scarlett Johansson Stars In New Film") == {"Scarlett Johansson": "person"}
    assert kinds(model, "Creator Dong Nguyen Speaks Out") == {"Dong Nguyen": "person"}


def test_a_rarer_first_name_the_corpus_names_alone_is_no_person() -> None:
    # "Porsche" is a census first name below the cut, and here a maker named on its own.
    model = fit(["Porsche Macan Review: Fast And Practical", "Porsche Macan Recalled Over Brakes",
                 "Porsche profit rises on strong sales", "Porsche sales jump in China",
                 "Investors cheer Porsche results", "Porsche Recalls Cars In Europe",
                 "Porsche hires new design chief", "Porsche shares slip", "Porsche opens US plant",
                 "Porsche boss steps down", "Porsche unveils electric car"])
    assert kinds(model, "Porsche Macan Recalled Over Brakes").get("Porsche Macan") != "person"


def test_a_rarer_first_name_before_a_word_is_no_person() -> None:
    # "Warner" is a rarer census first name; "Cable" is a word, so no surname.
    model = fit(["Time Warner Cable Posts Profit", "Warner Cable Deal Draws Scrutiny",
                 "Warner Cable Shares Rise", "Regulators Review Warner Cable Merger"])
    assert kinds(model, "Warner Cable Shares Rise").get("Warner Cable") != "person"


def test_a_word_no_dictionary_holds_is_no_rarer_first_name() -> None:
    # Rarer census names that are words ("Golden", "Florida") stay out: the cut's old job.
    model = fit(["Golden Globes Red Carpet Arrivals", "Golden Globes Winners List",
                 "Golden Globes Host Announced", "Florida Panthers Win Again", "Florida Panthers Lose"])
    assert kinds(model, "Golden Globes Winners List").get("Golden Globes") != "person"
    assert kinds(model, "Florida Panthers Win Again").get("Florida Panthers") != "person"


def test_a_subject_pronoun_in_capitals_is_stress() -> None:
    model = fit(["Are YOU eligible for the new mortgage rebate?",
                 "Where do YOU stand in the streaming debate?",
                 "Are YOU keeping money secrets from your partner?",
                 "Could WE be the last generation to own homes?",
                 "What you need to know about the rebate", "Why you should check your savings",
                 "How we spend our money", "What we learnt this week",
                 "Stocks rise as IT spending grows", "IT budgets climb again"])
    assert names(model, "Are YOU eligible for the new mortgage rebate?") == []
    assert names(model, "Could WE be the last generation to own homes?") == []
    assert names(model, "Stocks rise as IT spending grows") == ["IT"]


def test_a_particle_name_opening_title_case_headlines_keeps_its_particle() -> None:
    # Lower-case "de" twice, capitalised "De" in four title-case headlines: one topic, "de Blasio".
    model = fit(["De Blasio Set To Meet With Police Unions",
                 "Union Leaders Leave Meeting With De Blasio",
                 "Cops Turning Backs On De Blasio Was Wrong",
                 "De Blasio Unveils Budget Plan",
                 "NYC mayor de Blasio met by boos at graduation",
                 "The de Blasio diaries: a year in office"])
    assert names(model, "De Blasio Unveils Budget Plan") == ["de Blasio"]
    assert names(model, "Critics question mayor de Blasio on housing") == ["de Blasio"]
