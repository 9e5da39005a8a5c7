"""Items: one per fetched page, carrying its lists of sighted headlines (cheaper than one per headline)."""
from __future__ import annotations

from dataclasses import dataclass

from aggregator.model import Page


@dataclass
class PageItem:
    """A fetched page of one source: what it showed (`page`) and when (ISO UTC)."""

    source: str
    page: Page
    fetched_at: str
    etag: str | None = None           # validators to send back next time (conditional GET)
    last_modified: str | None = None


@dataclass
class UnchangedItem:
    """The page answered 304 Not Modified: what it showed last time was seen again."""

    source: str
    page_url: str
    fetched_at: str


@dataclass
class SourceDone:
    """Every request of this source's run was answered: its `crawls` row can be closed."""

    source: str
