"""Read one page for `extract` and `sources suggest`: a saved file, or a single polite GET."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import click

from headlines.reports import unicode_problem


def web_address(text: str, option: str) -> str:
    """`text` if it is an http(s) URL with a host; a usage error naming `option` otherwise.

    >>> web_address("https://example.com/news", "--url")
    'https://example.com/news'
    """
    why = unicode_problem(text)   # else a lone surrogate reaches a stored capture or a printed entry
    if why:
        raise click.UsageError(f"{option}: {why}")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
        usable = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:   # "http://[::1" (an unclosed IPv6 bracket), a port out of range
        usable = False
    if not usable:
        raise click.UsageError(f"{option}: {text[:100]!r} is not an http(s) URL like https://example.com/page")
    return text


def read_target(target: str, url: str | None) -> tuple[bytes, str | None, str]:
    """(body, content type, page URL) of a file path or an http(s) URL; errors name it."""
    if url is not None:
        web_address(url, "--url")
    if "://" in target and not Path(target).exists():
        web_address(target, "TARGET")
        from headlines.http_client import FetchError, get_page  # requests: only when a URL is fetched

        try:
            page = get_page(target)
        except FetchError as exc:
            raise click.ClickException(str(exc)) from None
        return page.body, page.content_type, page.url
    try:
        body = Path(target).read_bytes()
    except OSError as exc:
        raise click.UsageError(f"{target}: cannot read ({exc.strerror or exc})") from None
    return body, None, url or Path(target).resolve().as_uri()
