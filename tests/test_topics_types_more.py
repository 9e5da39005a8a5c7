"""Topic types, round 11 (issue 11): what may end a person's name. A dictionary word ends a
person only where it is a census surname ("Sam Smith", not "Cleveland Police"), and a place in
the first name's seat opens a person only before one ("Paris Hilton", not "Austin Whataburger").
Each corpus is small and written here."""
from __future__ import annotations

from tests.topic_helpers import fit, kinds, names


def test_a_dictionary_word_ends_a_person_only_as_a_surname() -> None:
    model = fit(["Oscar Nominations Announced In Los Angeles", "Oscar Nominations Snub Big Films",
                 "Mindy Project Renewed For Season Three", "Mindy Project Cast Teases Finale",
                 "Sam Smith Wins Best New Artist", "Sam Smith Cancels Tour Dates",
                 "Johnny Cash Biopic In The Works", "Johnny Cash Estate Sues Label"])
    assert kinds(model, "Oscar Nominations Announced Today").get("Oscar Nominations") != "person"
    assert kinds(model, "Mindy Project Renewed Again").get("Mindy Project") != "person"
    assert kinds(model, "Sam Smith Wins Again") == {"Sam Smith": "person"}
    assert kinds(model, "Johnny Cash Estate Sues Label") == {"Johnny Cash": "person"}


def test_a_place_opens_a_person_only_before_a_census_surname() -> None:
    # "Denver" and "Sydney" are places and census first names; "Whataburger" is no surname.
    model = fit(["Denver Whataburger Closes After Fire", "Denver Whataburger Reopens Its Doors",
                 "Snow closes schools in Denver",
                 "Sydney Sweeney Joins New Thriller", "Sydney Sweeney Hosts Charity Gala"])
    assert kinds(model, "Denver Whataburger Closes After Fire").get("Denver Whataburger") != "person"
    assert kinds(model, "Sydney Sweeney Hosts Charity Gala") == {"Sydney Sweeney": "person"}


def test_a_surname_outside_the_census_still_ends_a_person() -> None:
    # Most surnames of the world are in no English list: a word no dictionary holds still ends one.
    model = fit(["Javier Milei Wins Runoff Vote", "Javier Milei To Cut Ministries"])
    assert kinds(model, "Javier Milei Wins Runoff Vote").get("Javier Milei") == "person"


def test_a_firm_named_like_a_person_in_analysts_calls_is_a_firm() -> None:
    # "Morgan Stanley" reads as first name + surname; analysts' calls say it is a firm. A chief
    # in company news who is called by the surname alone stays a person.
    model = fit(["Retailer Rating Reiterated by Morgan Stanley", "Morgan Stanley Upgrades Chipmaker",
                 "Jamie Dimon Says Bank Profit Will Grow", "Dimon warns on rates",
                 "Dimon backs new rules", "Jamie Dimon Sees Strong Earnings"])
    assert kinds(model, "Morgan Stanley Upgrades Chipmaker") == {"Morgan Stanley": "name"}
    assert kinds(model, "Jamie Dimon Sees Strong Earnings") == {"Jamie Dimon": "person"}


def test_a_generational_suffix_is_no_surname() -> None:
    # "Jr" ends Robert Downey Jr's name; alone, or after another person's name, it is nobody.
    model = fit(["Robert Downey Jr Returns As Iron Man", "Robert Downey Jr Signs New Deal",
                 "Downey praises co-star", "Donald Trump Jr. visits Sydney", "Donald Trump speaks",
                 "Trump rallies supporters"])
    assert names(model, "Activists want to ban Donald Trump Jr. from Australia") == ["Donald Trump", "Australia"]
    assert names(model, "Downey Jr. Lands New Role") == ["Robert Downey Jr"]
    assert names(model, "Downey wins award") == ["Robert Downey Jr"]


def test_a_title_before_a_first_name_is_a_person_and_merges_nothing() -> None:
    model = fit(["Prince Harry visits troops in Kabul", "Prince Harry and Meghan attend gala",
                 "Queen Camilla Hosts Garden Party", "Queen Camilla meets nurses",
                 "Harry Styles announces tour", "Harry Styles wins Grammy",
                 "Prince William County Votes On Budget", "Prince William County schools reopen"])
    assert kinds(model, "Prince Harry visits troops") == {"Prince Harry": "person"}
    assert kinds(model, "Queen Camilla Hosts Garden Party") == {"Queen Camilla": "person"}
    assert kinds(model, "Prince William County Votes On Budget") == {"Prince William County": "name"}
    assert names(model, "Harry Styles wins Grammy") == ["Harry Styles", "Grammy"]


def test_a_suffix_in_capitals_after_a_name_is_no_acronym() -> None:
    model = fit(["Theodore Roosevelt Saved The Parks", "Theodore Roosevelt Museum Opens",
                 "King Henry VIII Portrait Sold"])
    assert names(model, "We owe it to ourselves to save them | Theodore Roosevelt IV") == ["Theodore Roosevelt"]


def test_a_maker_before_its_products_is_no_first_name() -> None:
    # "Nissan" is no census first name; standing alone and before several products, it is a maker.
    model = fit(["All-new Nissan Sentra arrives at dealers", "Nissan Sentra gets a turbo",
                 "Nissan Sentra debuts with new design", "Sentra sales climb",
                 "Nissan recalls trucks", "Nissan Sylphy launched in China",
                 "Fans cheer as Miley Cyrus returns", "Miley Cyrus Returns To Stage", "Cyrus speaks out"])
    assert kinds(model, "Nissan Sentra gets a turbo").get("Nissan Sentra") == "name"
    assert kinds(model, "Miley Cyrus Returns To Stage") == {"Miley Cyrus": "person"}


def test_an_art_show_named_after_its_city_is_no_person() -> None:
    # "Venice" is a rarer census first name; a biennale ends event names as "Festival" does.
    model = fit(["Venice Biennale Opens To Crowds", "Venice Biennale Names Its Curator",
                 "Artists flock to the Venice Biennale"])
    assert kinds(model, "Venice Biennale Opens To Crowds") == {"Venice Biennale": "name"}


def test_a_name_written_after_in_is_a_place_not_a_person() -> None:
    # "Charlotte Amalie" reads as first name + surname; "in Charlotte Amalie" says it is a town.
    model = fit(["Cruise ships return to Charlotte Amalie", "Storm damage in Charlotte Amalie",
                 "Curfew lifted in Charlotte Amalie", "Charlotte Amalie Harbor Reopens",
                 "Jennifer Lopez stars in new film", "Fans greet Jennifer Lopez in Miami"])
    assert kinds(model, "Charlotte Amalie Harbor Reopens").get("Charlotte Amalie") == "name"
    assert kinds(model, "Fans greet Jennifer Lopez in Miami") == {"Jennifer Lopez": "person", "Miami": "name"}


def test_a_first_name_alone_is_the_one_titled_person_known_by_it() -> None:
    # As "Neil" alone is the one Neil a corpus knows, "Camilla" alone is Queen Camilla; "Harry"
    # stays nobody's where a Harry Kane is known too.
    model = fit(["Queen Camilla visits a school", "Queen Camilla Hosts Garden Party",
                 "Prince Harry visits troops in Kabul", "Prince Harry and Meghan attend gala",
                 "Harry Kane scores twice", "Harry Kane signs new deal", "Fans cheer Harry Kane in Rome"])
    assert names(model, "King helps struggling Camilla in harsh weather") == ["Queen Camilla"]
    assert "Prince Harry" not in names(model, "Harry thanks fans after show")


def test_a_word_the_corpus_capitalises_alone_ends_a_person() -> None:
    # "Jobs" is below the census cut; sentence-case headlines naming him alone say it is a surname.
    model = fit(["Steve Jobs biography tops charts", "A new film about Steve Jobs opens",
                 "What Jobs told his biographer", "Fans remember Jobs at vigil", "Jobs and the iPhone"])
    assert kinds(model, "Steve Jobs biography tops charts") == {"Steve Jobs": "person"}
