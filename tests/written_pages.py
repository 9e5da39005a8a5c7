"""Small pages we write for extraction tests: one site, five ordinary stories, and what
extraction keeps of a body (shared by the general and the unseen-layout tests)."""
from __future__ import annotations

from aggregator.extract import extract_page

SITE = "https://paper.example/"

STORIES = [
    "Council votes to close the old harbour bridge for repairs",
    "Storm leaves thousands of homes without power overnight",
    "Local bakery wins national award for its sourdough loaf",
    "Police appeal for witnesses after late night collision",
    "New cycle lanes open along the river despite objections",
]


def page(body: str, head: str = "") -> bytes:
    return f"<html><head><title>Paper</title>{head}</head><body>{body}</body></html>".encode()


def texts(body: str, url: str = SITE, head: str = "") -> list[str]:
    """The headline texts extraction keeps from `body`, list after list."""
    return [h.text for lst in extract_page(page(body, head), url).lists for h in lst.headlines]
