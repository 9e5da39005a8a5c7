"""A publisher's tail after " | " (issue 11, round 11): a tail that ends two headlines or more is
the page's name for its publisher or section, no topic; a tail seen once is read as headline text."""
from __future__ import annotations

from tests.topic_helpers import fit, names


def test_a_repeated_tail_after_a_bar_is_no_topic() -> None:
    model = fit(["Parliament ousts the prime minister in Libya | The Republic",
                 "Questions and answers about the Toyota recall | The Republic",
                 "Toyota recalls more cars", "Libya names new leader",
                 "Storm hits the coast | Weather Desk Daily News Update Extra",
                 "Band wins award | Metallica"])
    assert names(model, "Parliament ousts the prime minister in Libya | The Republic") == ["Libya"]
    assert names(model, "Flooding closes roads in Libya | The Republic") == ["Libya"]
    assert names(model, "Questions and answers about the Toyota recall | The Republic") == ["Toyota"]
    assert "Metallica" in names(model, "Band wins award | Metallica")
