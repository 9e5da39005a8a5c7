"""Capitals that make no acronym (issue 11, round 11): a one-word label in capitals that is a
dictionary word is a section's label, read as title case writes it ("RELIEF:", "AUTO:"), while an
acronym label stays a name ("NSA:"); auxiliaries and particles in capitals are stress ("What HAS
to Be", "OUT NOW!"). Each corpus is small and written here."""
from __future__ import annotations

from tests.topic_helpers import fit, names


def test_a_one_word_label_that_is_a_word_is_no_acronym() -> None:
    model = fit(["RELIEF: Senator escapes censure vote", "AUTO: Regulators demand recall data from Toyota",
                 "NSA: Agency defends phone records program", "Toyota recalls trucks", "NSA chief testifies"])
    assert names(model, "RELIEF: Senator escapes censure vote") == []
    assert names(model, "AUTO: Regulators demand recall data from Toyota") == ["Toyota"]
    assert names(model, "NSA: Agency defends phone records program") == ["NSA"]


def test_auxiliaries_and_particles_in_capitals_are_stress() -> None:
    model = fit(["Star Offends Fans For What HAS to Be the Last Time", "Band Album OUT NOW!",
                 "How to update your iPhone NOW", "iPhone sales rise", "Band tours Europe"])
    assert names(model, "Star Offends Fans For What HAS to Be the Last Time") == []
    assert names(model, "Band Album OUT NOW!") == []
    assert names(model, "How to update your iPhone NOW") == ["iPhone"]
