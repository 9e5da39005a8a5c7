"""Topic names on real headlines we have not tuned on (issue 11, "Other real headlines are
checked the same way"): generic acronyms, short forms of names, event names that are no
people, first names the given-name table lacks, a sentence's first word, scare quotes, and
headlines in other languages. Every corpus is written for these tests; each case says what
the corpus shows that decides it."""
from __future__ import annotations

import pytest

from aggregator.topic_fit import TopicStats, case_stem
from aggregator.topics import TopicModel
from tests.topic_helpers import fit, kinds, names

# ---------------------------------------------------------------- generic acronyms
TECH = [
    "New SDK lets developers build watch apps",
    "Google releases SDK for wearable devices",
    "PC sales fall for a second year",
    "CEO Tim Cook says the company will keep hiring",
    "Tim Cook meets investors in New York",
    "Firm plans IPO as GDP growth slows",
    "NASA delays moon launch again",
]


@pytest.mark.parametrize(("text", "expected"), [
    ("SDK update brings new tools for developers", []),            # a kind of thing, not a name
    ("PC makers brace for weak demand", []),
    ("CEO Tim Cook unveils new laptops", ["Tim Cook"]),            # a role opens no name
    ("GDP data lift the dollar ahead of IPO wave", []),
    ("NASA picks crew for next mission", ["NASA"]),                # one organisation's acronym stays
])
def test_generic_acronyms_are_no_topics(text: str, expected: list[str]) -> None:
    assert names(fit(TECH), text) == expected


# ---------------------------------------------------------------- short forms of names
RATES = [
    "Fed holds rates steady and signals patience",
    "Fed officials split on the timing of cuts",
    "Markets rally as Fed chair hints at pause",
    "Federal Reserve Holds Rates Steady",
    "Federal Reserve raises rates again",
    "Stocks rise after Fed decision",
    "Investors watch the Federal Reserve closely",
    "Why the Federal Reserve may cut in June",
    "St Louis Fed president warns on inflation",
    "St Louis Fed chief sees two cuts this year",
    "Bank of England keeps rates on hold",
    "BoE governor warns on growth",
    "BoE holds rates, signals cuts ahead",
]


@pytest.mark.parametrize(("text", "expected"), [
    ("Federal Reserve officials meet on Tuesday", ["Fed"]),        # shown in the form used more
    ("Fed minutes show concern over prices", ["Fed"]),
    ("St Louis Fed president speaks on jobs", ["St Louis Fed"]),  # a longer name stays its own
    ("Bank of England minutes show a split vote", ["BoE"]),
])
def test_short_forms_are_one_topic(text: str, expected: list[str]) -> None:
    assert names(fit(RATES), text) == expected


def test_short_forms_yield_to_the_callers_aliases() -> None:
    model = TopicModel.fit([(line, False) for line in RATES], aliases={"Fed": "US central bank"})
    assert names(model, "Federal Reserve officials meet on Tuesday") == ["Federal Reserve"]
    assert names(model, "Fed minutes show concern over prices") == ["US central bank"]


# ---------------------------------------------------------------- events are no people
TENNIS = [
    "Canada wins Davis Cup tie against Italy",
    "Davis Cup finals: full schedule and results",
    "Historic win at Davis Cup for Canada",
    "Brazil star joins Madrid after World Cup",
    "World Cup draw sets up early clash",
    "Ticket prices soar for the World Cup final",
]


@pytest.mark.parametrize(("text", "expected", "kind"), [
    ("Italy beats Spain at Davis Cup", ["Italy", "Spain", "Davis Cup"], "name"),   # "Cup" ends events
    ("Fans gather for the World Cup", ["World Cup"], "name"),   # not "Cup" -> "Davis Cup"
])
def test_event_names_are_not_people(text: str, expected: list[str], kind: str) -> None:
    model = fit(TENNIS)
    assert names(model, text) == expected
    assert kinds(model, text)[expected[-1]] == kind


# ---------------------------------------------------------------- first names the table lacks
CELEBS = [
    "Shailene Woodley talks about her new film",
    "Fans cheer as Shailene Woodley arrives at the premiere",
    "Shailene Woodley Dyes Her Hair Pink",
    "Woodley says the sequel starts filming soon",
    "Cressida Bonas and Prince Harry attend a concert",
    "Cressida Bonas Steps Out in London",
    "Prince Harry and girlfriend Cressida enjoy a day out",
    "Sony Xperia phone gets a price cut",
    "Sony Xperia review: a solid phone",
    "Sony Pictures delays its summer film",
    "Sony Pictures hires a new chief",
    "Sony cuts forecast as sales fall",
    "Sony to sell its laptop business",
    "Sony shares jump on upgrade",
    "Sony says profit will fall",
    "Sony recalls batteries",
    "Sony unveils a camera",
    "Xperia owners report battery faults",
]


@pytest.mark.parametrize(("text", "expected", "kind"), [
    # Called by the surname alone elsewhere: a person, and the surname stands for the full name.
    ("Woodley joins the cast of a new drama", ["Shailene Woodley"], "person"),
    ("Shailene Woodley Cuts Her Hair", ["Shailene Woodley"], "person"),
    # Called by the first name alone elsewhere: the first name stands for the full name.
    ("Cressida spotted at a London party", ["Cressida Bonas", "London"], "person"),
    # A brand before its products stands alone far more often, and opens several names.
    ("Sony Xperia sales slow in Europe", ["Sony Xperia", "Europe"], "name"),
])
def test_first_names_learnt_from_the_corpus(text: str, expected: list[str], kind: str) -> None:
    model = fit(CELEBS)
    assert names(model, text) == expected
    assert kinds(model, text)[expected[0]] == kind


def test_a_persons_name_does_not_stand_for_a_rare_glued_run() -> None:
    lines = ["Miley Cyrus Motorboats Her Dancer", "Miley Cyrus Motorboats on Stage"] + [
        f"Miley Cyrus {verb} in {city}" for verb, city in (
            ("sings", "Paris"), ("performs", "Rome"), ("cancels a show", "Oslo"), ("tours", "Lima"),
            ("arrives", "Cork"), ("rests", "Perth"), ("dances", "Leeds"), ("shines", "Quito"),
            ("returns", "Hanoi"), ("talks", "Turin"), ("waves", "Bergen"), ("smiles", "Lagos"),
            ("wins", "Madrid"), ("plays", "Berlin"), ("sings again", "Vienna"),
            ("performs again", "Prague"), ("shops", "Dublin"), ("dines", "Milan"),
            ("visits", "Porto"), ("rehearses", "Seville"), ("lands", "Geneva"))] + [
        "Cyrus cancels her tour", "Miley says she is fine", "Fans cheer as Miley Cyrus arrives"]
    model = fit(lines)
    assert names(model, "Miley Cyrus Wins an Award") == ["Miley Cyrus"]
    assert kinds(model, "Miley Cyrus Wins an Award")["Miley Cyrus"] == "person"


# ---------------------------------------------------------------- a sentence's first word
@pytest.mark.parametrize(("text", "expected"), [
    ("Beyoncé wins an award for her new album", ["Beyoncé"]),      # the rest reads as English
    ("Shakira cancels her world tour", ["Shakira"]),
    ("Rebranded stores open across the country", []),           # a word made from a word
    ("Lawmakers vote on the budget today", []),                   # a word the small dictionary lacks
    ("I've never seen a storm like this", []),                    # a contraction
    ("Acidente grave perto de Lisboa", ["Lisboa"]),                # the rest is no English
])
def test_a_sentences_first_word(text: str, expected: list[str]) -> None:
    model = fit(["Stocks fall in Asia on growth worries", "Storm hits the coast overnight",
                 "Chuva forte em Lisboa durante a noite", "Lisboa recebe cimeira europeia"])
    assert names(model, text) == expected


# ---------------------------------------------------------------- scare quotes
def test_an_ordinary_word_in_quotes_is_no_title() -> None:
    model = fit(["Stars want to ban the word 'bossy'", "Is 'bossy' a bad word for girls?",
                 "Why calling girls bossy hurts", "Girls called bossy speak out",
                 "Parents debate the word bossy", "'Cosmos' returns to TV on Sunday",
                 "'Cosmos' premiere draws big audience", "Review: 'Cosmos' is a triumph"])
    assert names(model, "Singer joins campaign against 'Bossy'") == []
    assert names(model, "'Cosmos' renewed for a second season") == ["Cosmos"]   # a work's title


# ---------------------------------------------------------------- other languages
@pytest.mark.parametrize(("text", "lang"), [
    ("Apple stopft Sicherheitslücken in iOS und mehreren Versionen", "de"),
    ("Kirche: Staatsleistungen vor dem Aus?", "de"),
    ("Pilotos e Equipes da Fórmula 1", "pt"),
    ("Le Népal avant et après le séisme", "fr"),
    ("Marine Le Pen wins in France", None),             # a name particle is no French
    ("Edward Snowden speaks ar SXSW conference", None),  # one such word in ASCII is too little
    ("Stocks fall as Fed holds rates", None),
])
def test_language_of_a_headline(text: str, lang: str | None) -> None:
    assert TopicStats().language(text) == lang


MIXED = [
    "Samsung unveils a new folding phone",
    "Investors cheer as Samsung profit jumps",
    "Analysts expect Samsung sales to slow",
    "Fans in Leipzig celebrate the title in the streets",
    "Galaxy Fold im Test: Samsung bessert nach, während die Kamera warten muss",
    "Die Kamera im Test: Bilder bei Nacht",
    "Kirche und Staat streiten über Geld",
    "Kirche: Reformen sind nicht in Sicht",
    "Trainer Werner wechselt nach Leipzig",
    "Pilotos e Equipes da Fórmula 1",
    "Pilotos e Equipes da MotoGP",
    "Investigação da PF detalha como execução de Marielle Franco foi planejada",
    "Por que Marielle Franco foi morta? Veja perguntas e respostas",
]


@pytest.mark.parametrize(("text", "expected"), [
    # German capitalises every noun: a capital is evidence only where the corpus shows it elsewhere.
    ("Die Kamera im Test: Samsung bessert nach", ["Samsung"]),
    ("Kirche und Staat streiten über Geld", []),
    ("Neuer Trainer für Leipzig gesucht", ["Leipzig"]),      # capitalised mid-sentence in English
    # A title-case headline capitalises every word.
    ("Pilotos e Equipes da Fórmula 1", []),
    # Sentence case in a language that writes nouns in lower case: mid-sentence capitals tell.
    ("Caso Marielle Franco: delegado preso, diz PF", ["Marielle Franco", "PF"]),
])
def test_headlines_in_other_languages(text: str, expected: list[str]) -> None:
    assert names(fit(MIXED), text) == expected


RUSSIAN = [
    "Глава МИД обсудил ситуацию на Украине с коллегами",
    "Эксперты оценили помощь Запада Украине",
    "Сенат одобрил новый пакет помощи Украине",
    "Туристы вернулись на Украину после перерыва",
    "Экспорт зерна из Украины вырос за год",
    "Песков ответил на вопрос о планах Путина",
    "Журналисты спросили о здоровье Путина",
    "Губернатор доложил Путину о ремонте дорог",
    "Марио Драги покинул пост премьера",
]


def test_russian_case_forms_of_a_name_are_one_topic() -> None:
    model = fit(RUSSIAN)
    one = {t.key for t in model.topics("Зерно с Украины идет в порты", False)}
    assert one == {t.key for t in model.topics("Новые поставки на Украину начались", False)}
    assert [t.name for t in model.topics("Делегация прибыла на Украину", False)] == ["Украине"]   # the most used form
    assert names(model, "Песков рассказал о встрече Путину") == names(model, "Песков рассказал о встрече Путина")
    assert names(model, "Путина поздравили коллеги") == ["Путина"]


def test_case_stem_cuts_one_russian_case_ending() -> None:
    assert [case_stem(w) for w in ("украине", "украину", "украиной", "путина", "путин", "россией")] == \
        ["украин", "украин", "украин", "путин", "путин", "росси"]


def test_a_word_named_after_in_is_a_place_not_a_surname() -> None:
    model = fit(["El Coto Córdoba gana la final en Vista Alegre", "El Coto Córdoba pierde ante el Castelló",
                 "Nieve en Córdoba por primera vez en años", "Un incendio en Córdoba obliga a desalojar un barrio",
                 "Córdoba celebra su feria de mayo"])
    assert names(model, "Tráfico cortado en Córdoba por obras") == ["Córdoba"]   # the city, not the club
    assert kinds(model, "El Coto Córdoba ficha a un base")["Coto Córdoba"] == "name"   # "Coto" is no first name
