"""Cleaning rules of docs/design.md: entities, mojibake, invisibles, truncation, keys."""
import pytest

from aggregator.clean import clean_text, complete_part, headline_key, is_truncated


@pytest.mark.parametrize("raw, text, cut", [
    ("Canada mass murder: Gunman kills ei...", "Canada mass murder: Gunman kills ei\u2026", True),
    ("Stars Spill on Lifetime\u2019s New Dating Show (E\u2026", "Stars Spill on Lifetime\u2019s New Dating Show (E\u2026", True),
    ("His \u2018Stranger Things\u2019 \u2026", "His \u2018Stranger Things\u2019 \u2026", True),
    ("Wait ..", "Wait \u2026", True),
    ("Tom &amp;amp; Jerry", "Tom & Jerry", False),
    ("Zero\u200bwidth\u00adsoft  \n spaced", "Zerowidthsoft spaced", False),
    ("Beyonc\u00c3\u00a9\u00e2\u20ac\u2122s tour", "Beyonc\u00e9\u2019s tour", False),
    ("...", "", False),
])
def test_clean_text(raw, text, cut):
    assert clean_text(raw) == (text, cut)


def test_keys_fold_case_quotes_dashes_and_the_ellipsis():
    assert headline_key("\u2018RHOBH\u2019 \u2014 Return\u2026") == headline_key("'rhobh' - return")
    assert headline_key("Gunman kills ei\u2026") == "gunman kills ei"


def test_cut_key_is_prefix_of_full_key():
    full = "Jennifer Lopez and Ben Affleck Wedding: See Inside the Chapel Where They Wed"
    cut, truncated = clean_text("Jennifer Lopez and Ben Affleck Wedding: See Inside the Chapel Wh\u2026")
    assert truncated and headline_key(full).startswith(headline_key(cut))


def test_complete_part_drops_the_fragment_only_when_cut_mid_word():
    assert complete_part("Return Following Poopies' Near-Fa\u2026") == "Return Following Poopies'"
    assert complete_part("His 'Stranger Things' \u2026") == "His 'Stranger Things'"
    assert not is_truncated("A whole headline")


@pytest.mark.parametrize("text, folded", [
    ("Kenya\u2014and Uganda sign deal", "Kenya - and Uganda sign deal"),     # em dash touching its words
    ("Markets \u2014 Reuters", "Markets - Reuters"),                          # spaced: the same form
    ("Talks\u2015again", "Talks - again"),                                   # horizontal bar
    ("Season 2012\u201313 recap", "Season 2012-13 recap"),                  # an en dash joins a range
    ("Self\u2010driving cars", "Self-driving cars"),                         # a hyphen stays a hyphen
])
def test_fold_breaks_words_at_an_em_dash_only(text, folded):
    from aggregator.clean import fold
    assert fold(text) == folded


def test_an_em_dash_glued_to_words_leaves_the_key_as_a_spaced_dash_does():
    assert headline_key("Kenya\u2014and Uganda") == headline_key("Kenya \u2014 and Uganda") == "kenya and uganda"


def test_topics_never_glue_words_across_an_em_dash():
    from aggregator.topics import TopicModel
    lines = ["Floods in Kenya\u2014and what comes next", "Kenya floods displace thousands",
             "Kenya braces for more rain", "Aid reaches Kenya\u2014slowly"]
    docs = [clean_text(line) for line in lines]
    model = TopicModel.fit(docs)
    names = {topic.name for text, cut in docs for topic in model.topics(text, cut)}
    assert "Kenya" in names and not any("-" in name for name in names)


def test_ascii_keys_fold_punctuation_as_the_general_rule_does():
    """The ASCII path (a byte table) and the general one (_NON_WORD) give the same key for every
    ASCII character, alone and between words."""
    import re
    for code in range(128):
        char = chr(code)
        text = f"Ab{char}cd x{char} {char}yz"
        folded = text.casefold()
        general = " ".join(re.sub(r"[^\w\s]+", " ", folded).split())
        assert headline_key(text) == general, repr(char)
