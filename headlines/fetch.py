"""Read one page for `extract` and `sources suggest`: a saved file, or a single polite GET."""
from __future__ import annotations

from pathlib import Path

import click


def read_target(target: str, url: str | None) -> tuple[bytes, str | None, str]:
    """(body, content type, page URL) of a file path or an http(s) URL; errors name it."""
    if target.startswith(("http://", "https://")):
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
