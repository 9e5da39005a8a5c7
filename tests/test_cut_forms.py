"""A cut card headline is stored in its full form when the same card spells it out."""
from __future__ import annotations

from tests.written_pages import STORIES, texts


def slug(text: str) -> str:
    return text.lower().replace(" ", "-")


def cut(text: str, words: int = 5) -> str:
    """The headline as a site shortens it: its first words, the next word half shown, an ellipsis."""
    parts = text.split()
    return " ".join(parts[:words]) + " " + parts[words][:2] + "..."


def cards(card) -> str:
    return "<div class='rail'>" + "".join(card(s) for s in STORIES) + "</div>"


def test_link_title_completes_its_cut_text() -> None:
    body = cards(lambda s: f'<div class="item"><h3><a href="/2026/05/01/{slug(s)}" title="{s}">{cut(s)}</a></h3></div>')
    assert texts(body) == STORIES


def test_picture_alt_inside_the_link_completes_the_cut_heading() -> None:
    body = cards(lambda s: f'<div class="card"><a href="/2026/05/01/{slug(s)}"><img src="/p.jpg" alt="{s}">'
                           f'<h4 class="card__heading">{cut(s)}</h4><span class="time">2h ago</span></a></div>')
    assert texts(body) == STORIES


def test_picture_link_twin_named_by_title_completes_the_cut_title_link() -> None:
    body = cards(lambda s: f'<article class="post"><figure><a href="/2026/05/01/{slug(s)}" title="{s}">'
                           f'<img src="/p.jpg" alt=""></a></figure>'
                           f'<h4><a class="post-title" href="/2026/05/01/{slug(s)}">{cut(s)}</a></h4></article>')
    assert texts(body) == STORIES


def test_a_label_that_does_not_begin_with_the_cut_words_is_not_taken() -> None:
    # the title says something else (a teaser, a section): the cut text stays, marked cut
    body = cards(lambda s: f'<div class="item"><h3><a href="/2026/05/01/{slug(s)}" title="Read the full story here">'
                           f'{cut(s)}</a></h3></div>')
    kept = texts(body)
    assert len(kept) == len(STORIES) and all(t.endswith("\u2026") for t in kept)


def test_a_whole_headline_keeps_its_own_text_over_a_longer_label() -> None:
    # only a cut is completed: a full visible headline is not swapped for a title that adds words
    body = cards(lambda s: f'<div class="item"><h3><a href="/2026/05/01/{slug(s)}" title="{s} and more to come">'
                           f'{s}</a></h3></div>')
    assert texts(body) == STORIES
