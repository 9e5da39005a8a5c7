"""Read one page for `extract` and `sources suggest`: a saved file, or a single polite GET."""
from __future__ import annotations

import urllib.request
from pathlib import Path

import click

from spiders.settings import USER_AGENT

MAX_BYTES = 32 * 1024 * 1024


def read_target(target: str, url: str | None) -> tuple[bytes, str | None, str]:
    """(body, content type, page URL) of a file path or an http(s) URL; usage errors name it."""
    if target.startswith(("http://", "https://")):
        request = urllib.request.Request(target, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.read(MAX_BYTES), response.headers.get("Content-Type"), response.geturl()
        except (OSError, ValueError) as exc:
            raise click.ClickException(f"{target}: {exc}") from None
    try:
        body = Path(target).read_bytes()
    except OSError as exc:
        raise click.UsageError(f"{target}: cannot read ({exc.strerror or exc})") from None
    return body, None, url or Path(target).resolve().as_uri()
