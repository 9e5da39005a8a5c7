"""A surname with two letters swapped (issue 11, round 11): "Beiber" is Justin Bieber where the
corpus names Bieber far more often; a word one letter changed is left alone (other real names
are made so), and a swap of a word seen as often is no typo."""
from __future__ import annotations

from tests.topic_helpers import fit, names

BIEBER = ["Justin Bieber arrested in Miami", "Justin Bieber releases new single",
          "Fans mob Justin Bieber at airport", "Bieber apologises to fans", "Bieber cancels show",
          "Justin Bieber visits Sydney", "Bieber posts selfie", "Justin Bieber wins award",
          "Bieber sued by neighbour", "Justin Bieber lands in Tokyo", "Bieber to tour Asia"]


def test_a_surname_with_two_letters_swapped_is_the_person() -> None:
    model = fit(BIEBER + ["Beiber can't remember coming to Australia", "Bieger wins race in Austria"])
    assert names(model, "Beiber can't remember coming to Australia") == ["Justin Bieber", "Australia"]
    assert names(model, "Bieger wins race in Austria") == ["Bieger", "Austria"]


def test_a_swapped_word_seen_as_often_is_no_typo() -> None:
    model = fit(["Justin Bieber arrested in Miami", "Bieber apologises to fans",
                 "Beiber wins race in Austria", "Beiber sets record"])
    assert names(model, "Beiber sets record") == ["Beiber"]
