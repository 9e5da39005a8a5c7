"""Names written in market and regional news forms (issue 11, round 7): a stock ticker after its
company's name is that company; a label in capitals before a colon is read as a title-case run;
a wire's tag glued by a dash is no part of the name after it. Each corpus is small and written here."""
from __future__ import annotations

from aggregator.topic_fit import label_case
from tests.topic_helpers import fit, names

MARKETS = [
    "Northwind Traders Corporation (NASDAQ:NWTR) Beats Estimates",
    "Northwind Traders Corp (NWTR) Shares Climb After Upgrade",
    "Why Shares Of Northwind Traders Fell Today",
    "NWTR Options Traders Bet On Rally",
    "Contoso Holdings Inc (OTCMKTS:CNTS) Holds Steady",
    "Investor's Alert: Contoso Holdings Inc (OTCMKTS:CNTS), Fabrikam Solar Inc",
    "Green Leaf Inc (OTCMKTS:GRLF) Holds Steady Course",
    "Growers say the green leaf harvest is late",
    "The tech-heavy Nasdaq Composite Index <.IXIC> rose 12 points",
    "The Nasdaq Composite Index .IXIC fell 3 points",
    "The Nasdaq Composite Index closed higher",
    "Mayor Ana Ruiz speaks at city hall (AP)",
    "Ana Ruiz wins second term (AP)",
    "AP sources say Ana Ruiz will run again",
    "AP reports record turnout in city vote",
    "AP poll finds voters split",
]


def test_a_ticker_after_its_company_is_the_company() -> None:
    model = fit(MARKETS)
    assert names(model, "NWTR Stock Jumps 5% In Early Trading") == ["Northwind Traders"]
    assert names(model, "Northwind Traders Corporation (NASDAQ:NWTR) Beats Estimates") == ["Northwind Traders"]
    assert names(model, "CNTS Shares Rally") == ["Contoso Holdings"]
    # A company of ordinary words is named with its legal form, and its ticker with it.
    assert names(model, "GRLF Volume Soars") == ["Green Leaf Inc"]
    # Reuters' instrument codes name the index they follow.
    assert names(model, "IXIC slips at the open") == ["Nasdaq Composite Index"]


def test_a_bracketed_acronym_that_stands_alone_is_no_ticker() -> None:
    """"(AP)" follows a person's name, and AP stands alone as a name in most of its uses."""
    model = fit(MARKETS)
    assert "AP" in names(model, "AP says turnout rose")
    assert "Ana Ruiz" not in names(model, "AP says turnout rose")


def test_a_label_in_capitals_is_read_in_title_case() -> None:
    assert label_case("LAKE ELSINORE: Fire leaves six homeless") == "Lake Elsinore: Fire leaves six homeless"
    assert label_case("NSA LEAKS: Snowden speaks") == "NSA Leaks: Snowden speaks"   # short non-words stay
    assert label_case("SAN DIEGO: Crash closes freeway") == "San Diego: Crash closes freeway"
    assert label_case("US stocks fall") == "US stocks fall"
    assert label_case("MARKET SNAPSHOT: STOCKS FALL") == "MARKET SNAPSHOT: STOCKS FALL"   # all capitals: no label
    model = fit(["LAKE ELSINORE: Fire leaves six homeless", "LAKE ELSINORE: Council picks new mayor",
                 "LAKE ELSINORE: Crash closes highway", "Two Lake Elsinore men arrested in car theft"])
    assert names(model, "LAKE ELSINORE: Water board picks president") == ["Lake Elsinore"]


def test_a_headline_speak_tag_glued_by_a_dash_is_dropped() -> None:
    assert label_case("HIGHLIGHTS-Bank of England's Bailey faces questions") == \
        "Bank of England's Bailey faces questions"
    assert label_case("AT&T-Time Warner deal approved") == "AT&T-Time Warner deal approved"
    model = fit(["HIGHLIGHTS-Bank of England's Bailey faces questions",
                 "Bank of England holds rates", "Bank of England warns on inflation"])
    assert "HIGHLIGHTS-Bank of England" not in names(model, "HIGHLIGHTS-Bank of England's Bailey speaks")


def test_a_state_abbreviation_is_the_state_shown_in_full() -> None:
    """"Ind." (data/topic_short_forms.txt with its period) is Indiana however often it is used."""
    model = fit(["Ind. lawmakers pass budget", "Ind. sex offender jailed in triple slaying",
                 "Savings fund could provide $200 million for Ind. roads", "Indiana governor signs bill"])
    assert names(model, "Ind. school board votes on new calendar") == ["Indiana"]
    assert names(model, "Indiana governor signs bill") == ["Indiana"]


def test_a_suffix_glued_to_a_name_makes_a_modifier_of_it() -> None:
    model = fit(["Google brings Android-style widgets to watches", "Android-style menus come to cars",
                 "Android Gains Market Share", "Phones running Android sell well in Asia",
                 "Developers prefer Android over rivals"])
    assert names(model, "Google brings Android-style widgets to watches") == ["Google", "Android"]


def test_two_names_joined_by_a_hyphen_are_two_topics() -> None:
    model = fit(["Fannie Mae Posts Profit", "Fannie Mae Chief Steps Down", "Fannie Mae Shares Fall",
                 "Freddie Mac Posts Profit", "Freddie Mac Raises Rates", "Freddie Mac Hires Chief",
                 "Senators agree on Fannie-Freddie overhaul", "Fannie-Freddie bill clears hurdle",
                 "Coca-Cola Raises Prices", "Coca-Cola Profit Rises", "Coca-Cola Sales Slip",
                 "Pro-Trump rally draws thousands", "Donald Trump speaks in Ohio", "Donald Trump wins primary"])
    assert names(model, "Fannie-Freddie overhaul stalls in Senate")[:2] == ["Fannie Mae", "Freddie Mac"]
    assert names(model, "Coca-Cola Profit Rises") == ["Coca-Cola"]
    assert "Pro" not in names(model, "Pro-Trump rally draws thousands")
