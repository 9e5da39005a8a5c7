"""stories.veto_kind: which veto keeps two headlines apart (the diagnostics of bench/eval_pairs.py
sort joined pairs by it). Headlines written for these tests."""
from __future__ import annotations

import pytest

from aggregator.stories import agrees, prepare, same_story, veto_kind


@pytest.mark.parametrize(("a", "b", "kind"), [
    ("Oslo stocks open lower on bank worries", "Oslo stocks close lower on bank worries", "claims"),
    ("Halvorsen recalls 2 million cars", "Halvorsen recalls 3 million cars", "claims"),
    ("Is Okafor leaving Halvorsen Motors?", "Okafor leaving Halvorsen Motors", "claims"),
    ("Protesters clash with police in Lagos", "Protesters clash with police in Nairobi", "places"),
    ("Okafor wins Oslo marathon", "Brandtveit wins Oslo marathon", "names"),
    ("Okafor beats Brandtveit in Oslo final", "Brandtveit beats Okafor in Oslo final", "roles"),
    ("Protests after Okafor acquitted of fraud", "Okafor acquitted of fraud", "sequel"),
])
def test_the_veto_that_tells_two_claims_apart_is_named(a: str, b: str, kind: str) -> None:
    assert veto_kind(prepare(a), prepare(b)) == kind
    assert not same_story(a, b)


def test_reports_of_one_claim_have_no_veto() -> None:
    a, b = "Okafor wins Oslo marathon", "UPDATE 1-Okafor wins Oslo marathon in record time"
    assert veto_kind(prepare(a), prepare(b)) is None and same_story(a, b)


def test_a_veto_still_keeps_two_centres_from_agreeing() -> None:
    # agrees() reads the vetoes through veto_kind: names on each side differ, so no agreement.
    assert not agrees(prepare("Okafor wins Oslo marathon"), prepare("Brandtveit wins Oslo marathon"))


@pytest.mark.parametrize(("a", "b"), [
    # an acronym of a kind of thing ("UI", "SDK", "MP") names no subject: no names veto against a real name
    ("Velora releases Zenith 4.1 with Kestrel support and new UI", "Velora releases Zenith 4.1 with Kestrel support and Orbix"),
    ("Tanker laden with Halvorsen crude slips naval escort: MPs", "Tanker laden with Halvorsen crude slips naval escort: MP"),
])
def test_generic_acronyms_are_no_names(a: str, b: str) -> None:
    assert veto_kind(prepare(a), prepare(b)) is None and same_story(a, b)
    assert "ui" not in prepare(a).names and "sdk" not in prepare("Okafor Labs ships SDK for smart watches").names
