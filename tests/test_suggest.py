"""suggest_lists: CSS that pins each detected list, checked by applying it back."""
from __future__ import annotations

from pathlib import Path

from aggregator.extract import extract_page
from aggregator.model import ListSpec
from aggregator.suggest import SuggestedList, suggest_lists, usable

PAGE = (Path(__file__).parent / "fixtures" / "suggest" / "lists.html").read_bytes()
URL = "https://bugle.example/"


def by_name(page) -> dict[str, list[str]]:
    return {lst.name: [h.text for h in lst.headlines] for lst in page.lists}


def test_one_suggestion_per_detected_list_with_count_and_sample() -> None:
    detected = by_name(extract_page(PAGE, URL))
    got = suggest_lists(PAGE, URL)
    assert [s.name for s in got] == list(detected)
    for s in got:
        assert isinstance(s, SuggestedList)
        assert s.count == len(detected[s.name]) and s.sample == detected[s.name][:3]


def test_selectors_anchor_on_ids_and_stable_classes_never_generated_ones() -> None:
    got = {s.name: s for s in suggest_lists(PAGE, URL)}
    assert got["most-read"].items == "#most-read a" and got["most-read"].text is None
    top = got["top-stories"]
    assert "css-1x2y3z" not in top.items and "nth-" not in top.items
    assert top.text == "h3.card-title"  # the link also holds a kicker and a teaser


def test_suggestions_round_trip_through_the_pinned_path() -> None:
    detected = by_name(extract_page(PAGE, URL))
    for s in suggest_lists(PAGE, URL):
        page = extract_page(PAGE, URL, lists=[ListSpec(s.name, s.items, s.text)])
        assert by_name(page) == {s.name: detected[s.name]}, s


def test_single_link_list_pinned_by_position_when_nothing_else_is_exact() -> None:
    body = PAGE.replace(b'<footer', b'<div class="box"><p>Also</p><div><a href="/x/1/some-long-story-about-the-harbour">'
                        b'Harbour reopens after a long winter of repairs</a></div><div><a href="/tag">Tag page link here</a></div></div><footer')
    for s in suggest_lists(body, URL):
        page = extract_page(body, URL, lists=[ListSpec(s.name, s.items, s.text)])
        assert by_name(page)[s.name] == by_name(extract_page(body, URL))[s.name]


def test_bad_input_gives_no_suggestions() -> None:
    assert suggest_lists(b"", URL) == [] and suggest_lists(b"\x00\x01binary", URL) == []
    assert suggest_lists(b"<html><body><p>no links</p></body></html>", URL) == []


def test_generated_class_names_are_not_usable() -> None:
    assert not any(usable(c) for c in ("css-1x2y3z", "sc-bdVaJa", "Card_title__3xYz1", "huyMjp", "a1b2c3d4"))
    assert all(usable(c) for c in ("most-read", "card-title", "story", "c-teaser__link"))
