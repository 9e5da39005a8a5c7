"""Topic names judged with the larger dictionary (data/common_medium_en.txt) and quoted
phrases (issue 11, round 6): rarer ordinary words are no names, alone or at a name's edge; a
rarer word's plural may still be a surname; nouns that end names stay in them; a quoted phrase
the corpus also quotes in lower case is no title. Each corpus is small and written here."""
from __future__ import annotations

import pytest

from aggregator.topic_fit import one_edit
from aggregator.topics import TopicModel
from tests.topic_helpers import fit, names

GADGETS = [
    "Jailbreak For New iPhone Software Arrives Within Days",
    "Hackers Release Jailbreak Tool Hours After Update",
    "Caregivers Check Phones More Than Children, Study Finds",
    "Study: Caregivers Distracted By Phones At Mealtime",
    "Spoiler Alert: Finale Leaves Fans Stunned",
    "Singer Disses Rival On Live Television",
    "Rival Disses Singer In New Interview",
    "Maria Ortega Disses Rival At Awards",
    "Kenya Airways Adds Flights To Europe",
    "Kenya Airways Posts Record Loss",
    "Kenya Airways Names New Chief",
    "Kenya Airways Cuts Routes",
    "Kenya Votes In Tight Race",
    "Phone makers race to close jailbreak loophole",   # the corpus writes the rarer words in lower case too
    "Survey of caregivers finds rising stress",
    "Finale recap with no spoiler for latecomers",
    "Rapper disses label in new track",
]


@pytest.fixture(scope="module")
def gadgets() -> TopicModel:
    return fit(GADGETS)


@pytest.mark.parametrize(("text", "expected"), [
    ("Jailbreak Tool Released For Tablets", []),                 # a rarer word alone: no name
    ("Caregivers Warned About Screen Time", []),
    ("Spoiler: Who Wins The Finale?", []),
    ("Maria Ortega Disses Producers", ["Maria Ortega"]),          # a verb form opening or ending a run
    ("Kenya Airways Resumes Flights", ["Kenya Airways"]),         # a noun that ends names stays in the name
])
def test_rarer_words_are_no_names(gadgets: TopicModel, text: str, expected: list[str]) -> None:
    assert names(gadgets, text) == expected


def test_a_rarer_word_never_written_in_lower_case_stays_a_name() -> None:
    """Title case alone tells nothing: news names brands with rarer words ("Meta", "Bitcoin")."""
    model = fit(["Meta Unveils New Headset", "Meta Shares Jump After Earnings", "Bitcoin Falls Below $30,000",
                 "Investors Pile Into Bitcoin Funds", "Phone makers race to close jailbreak loophole"])
    assert names(model, "Zuckerberg Says Meta Will Cut Jobs") == ["Zuckerberg", "Meta"]
    assert names(model, "Bitcoin Rebounds After Weekend Slide") == ["Bitcoin"]
    assert names(model, "Jailbreak Tool Released") == []


def test_a_rarer_words_plural_after_an_unknown_name_word_is_a_surname() -> None:
    model = fit(["Film Star Spotted In Berlin", "Berlin Hosts Film Festival", "Police hunt three after jailbreak"])
    assert names(model, "Keanu Reeves Spotted In Berlin") == ["Keanu Reeves", "Berlin"]   # "reeve" + s
    assert names(model, "Berlin Jailbreak Shocks Police") == ["Berlin"]   # a rarer word itself stays a word


def test_a_rarer_word_quoted_alone_is_a_title_unless_written_in_lower_case() -> None:
    model = fit(["\u201cShogun\u201d Leads Emmy Nominations", "Critics Praise 'Shogun' Finale",
                 "Officials hunt for the jailbreak suspects", "Police probe jailbreak at city prison"])
    assert names(model, "\u201cShogun\u201d Wins Big") == ["Shogun"]
    assert names(model, "Town Shaken By 'Jailbreak'") == []   # the corpus writes it in lower case


PRICES = [
    "Telecom Chief Vows 'Price War' If Merger Approved",
    "Chairman Promises 'Price War' On Rivals",
    "Analysts doubt chairman's 'price war' promise",
    "Sandberg launches 'ban bossy' campaign for girls",
    "Stars Back 'Ban Bossy' Campaign",
    "#BanBossy trends as stars join campaign",
    "'Lean In' Author Speaks At Summit",
    "Sandberg's 'Lean In' Tops List",
]


@pytest.fixture(scope="module")
def prices() -> TopicModel:
    return fit(PRICES)


@pytest.mark.parametrize(("text", "expected"), [
    ("Carrier Vows 'Price War' Next Year", []),        # quoted in lower case elsewhere: a phrase
    ("Stars Join 'Ban Bossy' Drive", ["Ban Bossy"]),   # also a hashtag: a campaign's name
    ("Inside 'Lean In' Circles", ["Lean In"]),         # never quoted in lower case: a title
])
def test_a_quoted_phrase_is_no_title(prices: TopicModel, text: str, expected: list[str]) -> None:
    assert names(prices, text) == expected


MARKETS = [
    "MARKET SNAPSHOT: Stocks Edge Lower In Choppy Trading",
    "MARKET SNAPSHOT: Stocks Wobble As Oil Slides",
    "MARKET SNAPSHOT: Stocks Fall Amid China Worries",
    "Investors flee the bond market as rates climb",
    "The housing market cools in the spring",
    "Chinese stock market slumps again",
    "AIDS Charity Opens Clinic In Kenya",
    "New AIDS Vaccine Trial Starts",
    "AIDS Deaths Fall Worldwide",
    "Hearing aids get cheaper",
]


@pytest.mark.parametrize(("text", "expected"), [
    ("MARKET SNAPSHOT: Stocks Rally In Kenya", ["Kenya"]),   # a word in capitals: written in lower case more
    ("AIDS Activists March In Kenya", ["AIDS", "Kenya"]),    # written in capitals far more than "aids"
])
def test_a_word_in_capitals_is_no_acronym(text: str, expected: list[str]) -> None:
    assert names(fit(MARKETS), text) == expected


SHOWS = [
    "Juan Pablo Insults Clare On 'The Bachelor'",
    "Who Goes Home On 'The Bachelor' Tonight?",
    "'The Bachelor' Finale Draws Record Audience",
    "Juan Pablo 'The Bachelor 2014' Spoilers Leak",
    "Galavis Hits Las Vegas Before Finale",
    "Las Vegas Wedding Chapel Rumours Grow",
    "Gas Prices Climb In Las Vegas",
    "Juan Pablo Spotted In Vegas",
]


@pytest.mark.parametrize(("text", "expected"), [
    ("Fans Slam 'The Bachelor 2014' Finale", ["The Bachelor"]),   # a year after a title the corpus quotes
    ("New Casino Opens In Vegas", ["Las Vegas"]),                 # a particle name's second word alone
    ("Galavis Seen In Vegas", ["Galavis", "Las Vegas"]),
])
def test_a_name_without_its_year_or_particle(text: str, expected: list[str]) -> None:
    assert names(fit(SHOWS), text) == expected


WEDDINGS = [
    "Stacy Keibler Marries In Secret Ceremony",
    "Stacy Keibler Weds Tech Entrepreneur",
    "Stacy Keibler Shows Off Her Ring",
    "Stacy Keibler Is Expecting Her First Child",
    "Stacy Keibler Opens Up About Wedding",
    "Stacy Keibler Shares Honeymoon Photos",
    "Stacey Keibler Weds In Mexico",
    "Stacy Kiebler Got Married!",
    "Mark Carney Warns On Rates",
    "Mark Carney Faces Lawmakers",
    "Mark Carey Wins Local Race",
    "Mark Carey Thanks Voters",
]


@pytest.mark.parametrize(("text", "expected"), [
    ("Stacey Keibler Glows At Party", ["Stacy Keibler"]),   # a first name misspelt, a third as often at most
    ("Stacy Kiebler Glows At Party", ["Stacy Keibler"]),    # two letters of the surname swapped
    ("Mark Carey Speaks", ["Mark Carey"]),                  # seen as often as Mark Carney: someone else
])
def test_a_misspelt_person_is_that_person(text: str, expected: list[str]) -> None:
    assert names(fit(WEDDINGS), text) == expected


def test_one_edit_past_the_first_letter() -> None:
    assert [one_edit(a, b) for a, b in (("stacy", "stacey"), ("keibler", "kiebler"), ("lohan", "lohans"),
                                        ("kerry", "berry"), ("ann", "anne"), ("keibler", "keibler"))] == \
        [True, True, True, False, False, False]


def test_a_name_glued_to_a_participle_is_the_name() -> None:
    model = fit(["Gazprom Raises Gas Prices", "Gazprom Tops Forecasts", "Saudi Coalition Strikes Yemen",
                 "Investors back Gazprom-backed fund in the north", "Much-Hyped Phone Disappoints Reviewers",
                 "Critics say Gazprom-owned channel misled viewers", "Reviewers say the phone was hyped"])
    assert names(model, "Officials say Gazprom-backed fund grew") == ["Gazprom"]
    assert names(model, "Viewers shun Gazprom-owned channel") == ["Gazprom"]
    assert names(model, "Much-Hyped Phone Arrives") == []   # an ordinary word before the participle


def test_a_part_of_a_run_that_holds_a_common_compound_is_no_name() -> None:
    model = fit(["Partial Solar Eclipse Occurs Today: Watch It Live", "Partial Solar Eclipse Today: A Forecast",
                 "Partial Solar Eclipse - How To View It", "Partial Solar Eclipse to Darken Skies This Week",
                 "Golden Globes Winners List", "Golden Globes Red Carpet Photos", "Golden Globes Host Named"])
    assert names(model, "Partial Solar Eclipse Dazzles Viewers") == []   # "solar eclipse": an ordinary phrase
    assert names(model, "Golden Globes Ratings Slip") == ["Golden Globes"]


def test_ordinary_words_only_title_case_capitalises_are_no_name_in_a_large_corpus() -> None:
    towns = ["Leeds", "Perth", "Quito", "Hanoi", "Turin", "Bergen", "Cork", "Lagos", "Oslo", "Lima"]
    things = ["budget", "bridge", "school", "tram line", "library", "harbour", "stadium", "hospital",
              "market hall", "ferry route"]
    filler = [f"Council in {town} approves a new {thing} after a long debate"
              for town in towns for thing in things]
    filler += [f"Residents of {town} protest plans for the {thing}" for town in towns for thing in things]
    lines = filler + ["Stars arrive at the Golden Globes in style", "Who won big at the Golden Globes",
                      "Golden Globes Winners List", "Golden Globes Red Carpet Photos", "Golden Globes Host Named",
                      "Bachelor Finale Sneak Peek: Who Goes Home?", "Exclusive Sneak Peek At The New Season",
                      "Watch A Sneak Peek Of The Finale"]
    model = fit(lines)
    assert names(model, "Sneak Peek: The Finale") == []           # capitalised by title case alone
    assert names(model, "Golden Globes Ratings Slip") == ["Golden Globes"]   # capitalised mid-sentence too


def test_a_surname_written_after_a_particle_is_shown_with_it() -> None:
    model = fit(["Police turn their backs on de Blasio at funeral", "NYC Mayor de Blasio booed at graduation",
                 "De Blasio's budget passes", "Protesta en la ciudad de Oaxaca por el agua",
                 "Lluvias en Oaxaca dejan tres muertos", "Oaxaca celebra la Guelaguetza"])
    assert names(model, "Critics round on de Blasio") == ["de Blasio"]
    assert names(model, "Governor meets de Blasio") == names(model, "Governor meets De Blasio")
    assert "de Oaxaca" not in {n for n in names(model, "Turistas vuelven a Oaxaca")}   # another language
