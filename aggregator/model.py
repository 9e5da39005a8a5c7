"""Plain data passed between the extractors, the spiders and the database layer."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Sighting:
    """One headline as one list showed it: raw text, its link and its 1-based position."""

    text: str
    url: str | None = None
    position: int = 0


@dataclass(slots=True)
class HeadlineList:
    """A named list of headlines on a page ("trending", "most-read", "feed", ...)."""

    name: str
    headlines: list[Sighting] = field(default_factory=list)


@dataclass(slots=True)
class Page:
    """What one fetched page or feed yielded.

    `title` is the page's own headline (og:title / h1 / <title> minus the site name), or None.
    `reason` explains an empty result ("empty body", "binary content", ...), so callers can
    record why a page gave nothing instead of failing.
    `feeds` lists feed URLs the page announces (<link rel="alternate">).
    """

    url: str
    title: str | None = None
    lists: list[HeadlineList] = field(default_factory=list)
    reason: str | None = None
    # Names of pinned (CSS) lists that matched nothing, so detection stood in: a layout change.
    layout_changed: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    site_name: str | None = None   # og:site_name or the name in <title>: the publisher, not a topic

    @property
    def count(self) -> int:
        return sum(len(lst.headlines) for lst in self.lists)


@dataclass(slots=True)
class ListSpec:
    """A user-pinned list from sources.toml: CSS for the items and, optionally, the text in them."""

    name: str
    items: str
    text: str | None = None
