"""Placeholder list finder (pinned CSS, else every 4+-word link); replaced by the detector."""
from __future__ import annotations

from typing import Sequence
from urllib.parse import urljoin

import lxml.html
from lxml.cssselect import CSSSelector

from aggregator.clean import is_truncated
from aggregator.model import HeadlineList, ListSpec, Page, Sighting


def extract_page(body: bytes, url: str, *, content_type: str | None = None,
                 lists: Sequence[ListSpec] | None = None) -> Page:
    if not body.strip():
        return Page(url=url, reason="empty body")
    try:
        root = lxml.html.document_fromstring(body)
    except Exception as exc:  # noqa: BLE001 - any parser failure is a reason, not a crash
        return Page(url=url, reason=f"not HTML ({exc})")
    page = Page(url=url, title=_title(root))
    for spec in lists or ():
        items = CSSSelector(spec.items)(root)
        found = [_sighting(el, spec.text, url, i) for i, el in enumerate(items, start=1)]
        if found:
            page.lists.append(HeadlineList(spec.name, found))
        else:
            page.layout_changed.append(spec.name)
    if not lists or page.layout_changed:
        links = [a for a in root.iter("a") if len(a.text_content().split()) >= 4]
        if links:
            page.lists.append(HeadlineList("main", [_sighting(a, None, url, i)
                                                    for i, a in enumerate(links, start=1)]))
    if not page.lists:
        page.reason = "no headline lists found"
    return page


def _sighting(el, text_css: str | None, base: str, position: int) -> Sighting:
    target = CSSSelector(text_css)(el) if text_css else [el]
    text = " ".join((target[0] if target else el).text_content().split())
    link = el if el.tag == "a" else next(iter(el.iter("a")), None)
    href = link.get("href") if link is not None else None
    return Sighting(text=text, url=urljoin(base, href) if href else None, position=position)


def _title(root) -> str | None:
    og = root.xpath("//meta[@property='og:title']/@content")
    if og:
        return og[0].strip()
    h1 = root.xpath("//h1")
    return " ".join(h1[0].text_content().split()) if h1 else None


def page_to_json(page: Page) -> dict:
    return {"url": page.url, "title": page.title, "lists": [
        {"name": lst.name, "headlines": [{"text": s.text, "url": s.url, "truncated": is_truncated(s.text),
                                          "position": s.position} for s in lst.headlines]}
        for lst in page.lists]}
