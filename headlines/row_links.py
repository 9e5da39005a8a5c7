"""The `url` cell of an ingested row: the headline's link, or why the row cannot be stored.

A headline's link is more than decoration: stories join a headline to an earlier one with the
same link unconditionally (one article, an edited headline), so a placeholder shared by many
rows ("javascript:void(0)", "#", "N/A") would glue unrelated headlines into one story. Links
are therefore taken as a crawl takes them (aggregator.urls.resolve: http(s) only, a relative
link resolved against the page, Wayback captures unwrapped), plus a host and no control
character. A blank cell is no link; anything else that is not a usable link is a bad row, named
by the caller, since dropping a value the user wrote would hide a shifted column or a bad
export.

Example:
    >>> row_link(" https://news.example/a ", None), row_link("", None), row_link("/b", "https://news.example/x/")
    ('https://news.example/a', None, 'https://news.example/b')
    >>> row_link("javascript:void(0)", None)
    Traceback (most recent call last):
    ValueError: 'javascript:void(0)' is not an http(s) link; leave the cell empty to store the headline without one
"""
from __future__ import annotations

import re

from aggregator.urls import host, resolve

# Every C0 code (tab and line ends included: no part of an address or a name), DEL and C1.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def control_problem(cell: str) -> str | None:
    """The first control character of a row's cell that is no headline text (its url, its
    source), named; None when it holds none. The one rule for those cells.

    >>> control_problem("wire"), control_problem("wi\\x00re")
    (None, 'control character U+0000')
    """
    if cell.isprintable():   # the usual cell: no search
        return None
    found = _CONTROLS.search(cell)
    return f"control character U+{ord(found.group()):04X}" if found else None


def row_link(cell: str, base: str | None) -> str | None:
    """The link a row's `url` cell gives (None for a blank cell); ValueError saying why it gives
    none. `base`: the page the rows came from (`ingest --url`), against which a relative link
    resolves."""
    text = cell.strip()
    if not text:
        return None
    why = control_problem(text)
    if why:
        raise ValueError(why)
    link = resolve(base or "", text)
    if link is not None and host(link):
        return link
    if base is None and _SCHEME.match(text) is None:
        raise ValueError(f"{text[:100]!r} is a relative link; give --url, the page the rows came from, "
                         "to resolve it (or leave the cell empty)")
    raise ValueError(f"{text[:100]!r} is not an http(s) link; leave the cell empty to store the headline without one")
