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
