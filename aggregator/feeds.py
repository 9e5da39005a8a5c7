"""RSS / Atom / JSON Feed entries as a Page with one list named "feed" (feedparser does the work)."""
from __future__ import annotations

import json
from xml.sax import SAXException

import feedparser

from aggregator.model import HeadlineList, Page, Sighting

# The reason of a feed that is one (its format known, read whole) but holds no titled entry: a
# warning to `ingest`, like empty input. Any other reason means the body is not a usable feed.
NO_ENTRIES = "feed has no entries"


def parse_feed(body: bytes, url: str) -> Page:
    """Entries' titles and links in feed order. A malformed feed still yields what it holds."""
    if body.lstrip()[:1] in (b"{", b"["):
        return _parse_json_feed(body, url)
    parsed = feedparser.parse(body, response_headers={"content-location": url})
    entries = [Sighting(text=e.get("title", ""), url=e.get("link"), position=i)
               for i, e in enumerate(parsed.entries, start=1) if e.get("title")]
    title = parsed.feed.get("title") if parsed.get("feed") else None
    if not entries:
        if not parsed.get("version"):   # well-formed XML too (<html>, <foo/>): no feed format known
            reason = "not a feed"
        elif parsed.get("bozo") and isinstance(parsed.get("bozo_exception"), SAXException):
            reason = f"not a feed (malformed XML: {parsed['bozo_exception'].getMessage()})"
        else:
            reason = NO_ENTRIES
        return Page(url=url, title=title, reason=reason)
    return Page(url=url, title=title, lists=[HeadlineList("feed", entries)])


def _parse_json_feed(body: bytes, url: str) -> Page:
    """JSON Feed 1.x (https://jsonfeed.org): items[].title / url."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        return Page(url=url, reason=f"not a feed (invalid JSON: {exc.msg})")
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return Page(url=url, reason="not a feed (JSON without items)")
    entries = [Sighting(text=str(item["title"]), url=item.get("url"), position=i)
               for i, item in enumerate(data["items"], start=1)
               if isinstance(item, dict) and item.get("title")]
    page = Page(url=url, title=data.get("title"))
    if entries:
        page.lists.append(HeadlineList("feed", entries))
    else:
        page.reason = NO_ENTRIES
    return page
