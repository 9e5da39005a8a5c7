"""A cut headline's full form, where the page spells it out beside the cut.

Sites shorten a card's visible headline to fit ("Beijing warns US diplomat over Hong Kong
rights…") but often keep the whole of it in the same card: the link's title or aria-label, the
alt or title text of the card's picture, or a twin link to the same story (the picture's link)
named only by its title. Storing the full form there, instead of the cut, is what truncation
repair would do later across sightings, done at once from the page itself.

>>> from lxml import html
>>> a = html.fragment_fromstring('<a href="/s" title="Oil prices steady after two-day drop">Oil prices steady after…</a>')
>>> spelled_out(a, "Oil prices steady after\u2026")
'Oil prices steady after two-day drop'
"""
from __future__ import annotations

from lxml import etree

from aggregator.clean import clean_text, complete_part, headline_key

_LABELS = ("title", "aria-label")


def is_cut(text: str) -> bool:
    """A cleaned headline the site cut (clean_text leaves one ellipsis at the end of a cut)."""
    return text.endswith("\u2026")


def completes(cut: str, full: str) -> bool:
    """`full` begins with the whole words of the cut headline `cut` and goes on."""
    head = headline_key(complete_part(cut))
    return bool(head) and headline_key(full).startswith(head + " ")


def spelled_out(a: etree._Element, cut: str) -> str | None:
    """The full form of the cut headline `cut` in link `a`'s own labels or its pictures' alt
    and title texts, cleaned; None when none of them completes it."""
    texts = [a.get(name) for name in _LABELS]
    for img in a.iter("img"):
        texts.extend(img.get(name) for name in ("alt", "title"))
    for raw in texts:
        if not raw:
            continue
        full, truncated = clean_text(raw)
        if full and not truncated and completes(cut, full):
            return full
    return None
