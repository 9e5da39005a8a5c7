"""`headlines sources suggest`: a ready [[source]] entry with selectors that pin the lists found."""
from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import click

from headlines.config import check_entry
from headlines.fetch import read_target

KEY_EVERY = "key 'every': "


@click.group()
def sources():
    """Help writing sources.toml."""


@sources.command()
@click.argument("target")
@click.option("--url", default=None, help="The page's original URL, for a saved file.")
@click.option("--every", default="15m", show_default=True, help="Interval to put in the entry.")
def suggest(target, url, every):
    """Print a [[source]] entry for a page, with CSS that pins each headline list found.

    Example: headlines sources suggest https://www.etonline.com/video >> sources.toml
    """
    from aggregator.extract import extract_page
    from aggregator.suggest import suggest_lists
    try:
        check_entry({"name": "suggested", "url": "https://example.com/", "every": every})
    except ValueError as exc:
        raise click.UsageError(f"--every: {str(exc).removeprefix(KEY_EVERY)}") from None
    if "://" not in target and url is None:
        raise click.UsageError("--url: a saved page needs the http(s) URL it was saved from (the entry's url)")
    body, content_type, page_url = read_target(target, url)
    found = suggest_lists(body, page_url, content_type=content_type)
    if not found:
        reason = extract_page(body, page_url, content_type=content_type).reason or "no headline lists found"
        raise click.ClickException(f"{target}: {reason}")
    click.echo(render_entry(page_url, every, found))
    for feed in extract_page(body, page_url, content_type=content_type).feeds:
        click.echo(f"\n# The page announces a feed; it may be a steadier source:\n"
                   f"# [[source]]\n# name = {toml(slug(page_url) + '-feed')}\n# url = {toml(feed)}\n# kind = \"feed\"")


def render_entry(url: str, every: str, found) -> str:
    lines = ["[[source]]", f"name = {toml(slug(url))}", f"url = {toml(url)}", 'kind = "html"', f"every = {toml(every)}"]
    for lst in found:
        lines += ["", "[[source.lists]]", f"name = {toml(lst.name)}", f"items = {toml(lst.items)}"]
        if lst.text:
            lines.append(f"text = {toml(lst.text)}")
        sample = "; ".join(s[:60] for s in lst.sample[:2])
        lines.append(f"# {lst.count} headlines, e.g. {sample}")
    return "\n".join(lines)


def slug(url: str) -> str:
    """A source name from a URL: host without www, plus the first path part."""
    parts = urlsplit(url)
    host = (parts.hostname or "page").removeprefix("www.")
    first = next((p for p in parts.path.split("/") if p), "")
    return re.sub(r"[^a-z0-9]+", "-", f"{host.rsplit('.', 1)[0]}-{first}".lower()).strip("-") or "page"


def toml(value: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML escapes)."""
    return json.dumps(value, ensure_ascii=False)


COMMANDS = (sources,)
