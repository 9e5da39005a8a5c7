"""Turn a Page's raw sightings into cleaned, keyed rows ready to store (pure)."""
from __future__ import annotations

import hashlib
import logging
from typing import NamedTuple

from aggregator.clean import clean_text, headline_key
from aggregator.model import HeadlineList, Page, Sighting
from aggregator.urls import url_shape

logger = logging.getLogger(__name__)

MIN_KEY_CHARS = 3
# What one crawled page may bring: a real list page has a few hundred headlines; a page
# claiming tens of thousands would fill one transaction for seconds (ingest of row files, one
# line a headline, is bounded per line instead and passes max_items=None).
MAX_PAGE_HEADLINES = 2000
MAX_URL_CHARS = 4096   # a longer link is kept as no link (the headline itself still counts)
TITLE_LIST = "page-title"


class CleanSighting(NamedTuple):
    """A cleaned, keyed sighting (a tuple: one is built per sighting stored, and a frozen
    dataclass cost three times as much to build)."""

    text: str
    key: str
    truncated: bool
    url: str | None
    position: int
    raw: str = ""   # the text as extracted, kept in raw captures so `rebuild` can re-clean it


Lists = dict[str, list[CleanSighting]]   # a page's cleaned lists: list name -> its sightings in order


def prepare_lists(page: Page, max_items: int | None = MAX_PAGE_HEADLINES) -> Lists:
    """Clean every sighting, drop empty ones and repeats (same key) within a list.

    Lists with the same name are merged in page order; positions are renumbered 1..n so a
    dropped repeat leaves no gap. A story page's own headline (its title) is a sighting too,
    in a list named "page-title"; a section page's title is the site's name, so it is not.
    At most `max_items` sightings are kept per page, in page order.
    """
    prepared: Lists = {}
    seen: dict[str, set[str]] = {}
    lists = list(page.lists)
    if page.title and url_shape(page.url) == "story":
        lists.append(HeadlineList(TITLE_LIST, [Sighting(page.title, page.url, 1)]))
    budget = max_items if max_items is not None else -1
    for lst in lists:
        rows = prepared.setdefault(lst.name, [])
        keys = seen.setdefault(lst.name, set())
        for sighting in lst.headlines:
            if budget == 0:
                logger.warning("%s: more than %d headlines on one page; the rest are skipped", page.url, max_items)
                return {name: rows for name, rows in prepared.items() if rows}
            if _keep(rows, keys, sighting.text, sighting.url):
                budget -= 1
    return {name: rows for name, rows in prepared.items() if rows}


def prepare_rows(name: str, items: list[tuple[str, str | None]],
                 positions: list[int] | None = None, keys: set[str] | None = None) -> Lists:
    """One list of (raw text, link) cleaned as prepare_lists cleans a page holding only it (no
    cap): what a row file's source and moment bring, without a Page and Sightings per row.

    `positions`: each item's position as stored (a row capture holds the rows counted, which
    keep the positions their page gave them), instead of 1..n.
    `keys`: the keys of the list's earlier rows, updated (a long list cleaned in parts): rows of
    those keys are dropped and positions number on after them, as one call over all rows would.
    """
    rows: list[CleanSighting] = []
    keys = set() if keys is None else keys
    if positions is None:
        start = len(keys)
        for raw, url in items:
            _keep(rows, keys, raw, url)
        if start:
            rows = [row._replace(position=row.position + start) for row in rows]
    else:
        for (raw, url), position in zip(items, positions):
            if _keep(rows, keys, raw, url):
                rows[-1] = rows[-1]._replace(position=position)
    return {name: rows} if rows else {}


def _keep(rows: list[CleanSighting], keys: set[str], raw: str, url: str | None) -> bool:
    """Clean one sighting onto its list's rows unless empty or a repeat there; whether it was kept."""
    text, truncated = clean_text(raw)
    key = headline_key(text)
    if len(key) < MIN_KEY_CHARS or key in keys:
        return False
    keys.add(key)
    rows.append(CleanSighting(text, key, truncated, url if url and len(url) <= MAX_URL_CHARS else None,
                              len(rows) + 1, raw))
    return True


def digest_lists(lists: Lists) -> str:
    """A stable fingerprint of a page's extracted lists, to store raw captures only on change."""
    h = hashlib.blake2b(digest_size=16)
    for name in sorted(lists):
        h.update(name.encode() + b"\x1e")
        for row in lists[name]:
            h.update(f"{row.key}\x1f{row.url or ''}\x1f{row.truncated:d}\x1e".encode())
    return h.hexdigest()
