"""Site-specific extractors written by users: `extractor = "package.module:function"`.

The escape hatch for pages where list detection is wrong. The function is called as
`function(soup, url)` with a BeautifulSoup document (lxml parser) of the decoded page and the
page URL, and returns lists in the shape of `extract --json`:

    [{"name": "trending", "headlines": [{"text": "...", "url": "/a/b" or None}, ...]}, ...]

Relative URLs are resolved against the page (or its <base href>). The lists then go through
the same cleaning, truncation repair and storage as detected ones. Anything wrong with the
extractor (import error, exception, wrong return shape) raises ExtractorError, whose one-line
message names the extractor; the spider records it as the run's failure.

BeautifulSoup is used here only: it is 20x slower than lxml, too slow for detection on every
page, but it is the API people who write scrapers by hand know.

Example (shape checking alone, no import):
    >>> lists = to_lists("m:f", [{"name": "top", "headlines": [{"text": "A big story", "url": "/a"}]}],
    ...                  "https://news.example/home")
    >>> lists[0].name, lists[0].headlines[0].url, lists[0].headlines[0].position
    ('top', 'https://news.example/a', 1)
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from aggregator.encoding import decode_html
from aggregator.extract import prepare
from aggregator.model import HeadlineList, Page, Sighting
from aggregator.urls import resolve

SHAPE = 'a list of {"name": str, "headlines": [{"text": str, "url": str | None}, ...]}'


class ExtractorError(Exception):
    """A user extractor that could not give lists; the message is one line naming it."""


def load(spec: str) -> Callable[..., Any]:
    """The function named by "package.module:function" (importable from the working directory)."""
    module_name, _, func_name = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:  # noqa: BLE001 - a broken user module must not crash the crawl
        raise ExtractorError(f"extractor {spec!r}: cannot import {module_name!r} ({_one_line(exc)})") from None
    func = getattr(module, func_name, None)
    if not callable(func):
        raise ExtractorError(f"extractor {spec!r}: module {module_name!r} has no function {func_name!r}")
    return func


def extractor_page(spec: str, body: bytes, url: str, content_type: str | None = None) -> Page:
    """A Page with the extractor's lists, and the title and site name detection would give."""
    page = Page(url=url)
    try:
        _root, base, _deep = prepare(page, body, content_type)   # title, site name, feeds, <base>
    except Exception:  # noqa: BLE001 - metadata is a bonus; the extractor still runs
        base = ""
    text, _encoding = decode_html(body, content_type)
    page.lists = run_extractor(spec, text, url, base or None)
    page.reason = None if page.count else f"extractor {spec!r} found no headlines"
    return page


def run_extractor(spec: str, text: str, url: str, base: str | None = None) -> list[HeadlineList]:
    """Parse `text` with BeautifulSoup (lxml), call the extractor, check and convert its lists."""
    from bs4 import BeautifulSoup

    func = load(spec)
    soup = BeautifulSoup(text, "lxml")
    try:
        result = func(soup, url)
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - user code: record it, never crash
        raise ExtractorError(f"extractor {spec!r} raised {_one_line(exc)}") from None
    return to_lists(spec, result, base or url)


def to_lists(spec: str, result: object, base: str) -> list[HeadlineList]:
    """HeadlineLists from an extractor's return value; ExtractorError says what is wrong with it."""
    def wrong(where: str, problem: str) -> ExtractorError:
        return ExtractorError(f"extractor {spec!r} returned {where}{problem}; expected {SHAPE}")

    if not isinstance(result, list):
        raise wrong("", type(result).__name__)
    lists = []
    for i, entry in enumerate(result, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise wrong(f"list #{i}: ", "no 'name' text")
        headlines = entry.get("headlines")
        if not isinstance(headlines, list):
            raise wrong(f"list {entry['name']!r}: ", "'headlines' that is not a list")
        sightings = []
        for j, item in enumerate(headlines, start=1):
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise wrong(f"list {entry['name']!r} headline #{j}: ", "no 'text' string")
            link = item.get("url")
            if link is not None and not isinstance(link, str):
                raise wrong(f"list {entry['name']!r} headline #{j}: ", f"a 'url' of type {type(link).__name__}")
            sightings.append(Sighting(item["text"], resolve(base, link), len(sightings) + 1))
        lists.append(HeadlineList(entry["name"].strip(), sightings))
    return lists


def _one_line(exc: BaseException) -> str:
    message = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
