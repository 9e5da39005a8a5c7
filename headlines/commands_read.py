"""Read commands: top, trending, topic, headlines, stories, status."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click

from aggregator.timewindow import parse_duration, parse_iso, to_iso
from db import queries
from db.ledger import sync_sources
from headlines.cli import Context, cli, output_options, window_options
from headlines.commands_write import load_or_fail
from headlines.output import (
    HEADLINE_COLUMNS,
    SOURCE_COLUMNS,
    TOP_COLUMNS,
    TRENDING_COLUMNS,
    emit,
    is_ascii_count,
    sparkline,
)

source_option = click.option("--source", default=None, help="Only this source.")


class AsciiCount(click.IntRange):
    """A whole number written in ASCII digits, as the API's `limit` accepts."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not is_ascii_count(value.strip(), 7):
            self.fail(f"{value!r} is not a whole number written in digits 0-9", param, ctx)
        return super().convert(value, param, ctx)


limit_option = click.option("--limit", default=20, show_default=True, type=AsciiCount(1, 10000))


@cli.command()
@window_options("24h")
@source_option
@limit_option
@output_options
@click.pass_obj
def top(obj: Context, span, source, limit, fmt):
    """Topics ranked by distinct headlines in a window.

    Example: headlines top --window 24h --limit 10 --json
    """
    rows = queries.top_topics(obj.read_db, *span, source=source, limit=limit)
    emit({"since": span[0], "until": span[1], "topics": rows}, "topics", TOP_COLUMNS, fmt,
         title=f"Top topics {span[0]} .. {span[1]}")


@cli.command()
@window_options("6h")
@click.option("--baseline", default="7d", show_default=True, help="Baseline length before the window.")
@source_option
@limit_option
@output_options
@click.pass_obj
def trending(obj: Context, span, baseline, source, limit, fmt):
    """Topics growing fastest in the window against their own baseline, with why.

    Example: headlines trending --window 6h --baseline 7d
    """
    try:
        base_since = to_iso(parse_iso(span[0]) - timedelta(seconds=parse_duration(baseline)))
    except ValueError as exc:
        raise click.UsageError(f"--baseline: {exc}") from None
    rows = queries.trending_topics(obj.read_db, *span, base_since, source=source, limit=limit)
    emit({"since": span[0], "until": span[1], "baseline_since": base_since, "topics": rows}, "topics",
         TRENDING_COLUMNS, fmt, title=f"Trending {span[0]} .. {span[1]}")


@cli.command()
@click.argument("name")
@window_options("7d")
@output_options
@click.pass_obj
def topic(obj: Context, name, span, fmt):
    """One topic: headlines and sightings per hour, and its headlines.

    Example: headlines topic "Golden Globes" --window 7d
    """
    detail = queries.topic_series(obj.read_db, name, *span)
    if detail is None:
        raise click.ClickException(f"no topic named {name!r} (see `headlines top`)")
    if fmt != "table":
        emit(detail, "headlines", HEADLINE_COLUMNS, fmt)
        return
    counts = [point["headlines"] for point in detail["series"]]
    click.echo(f"{detail['topic']} ({detail['kind']}): {sum(counts)} headline-hours  {sparkline(counts)}")
    emit(detail, "headlines", ("text", "sources", "sightings", "first_seen", "last_seen"), fmt)


@cli.command("headlines")
@click.option("--topic", default=None, help="Only headlines tagged with this topic.")
@click.option("--search", default=None, help="Only headlines containing this text.")
@window_options("24h")
@source_option
@click.option("--limit", default=50, show_default=True, type=AsciiCount(1, 100000))
@output_options
@click.pass_obj
def headlines_cmd(obj: Context, topic, search, span, source, limit, fmt):
    """Distinct headlines seen in a window, most sighted first.

    Example: headlines headlines --topic "Jennifer Lopez" --window 7d
    """
    if search:
        try:
            queries.like_pattern(search)
        except ValueError as exc:
            raise click.UsageError(f"--{exc}") from None
    rows = queries.list_headlines(obj.read_db, *span, topic=topic, search=search, source=source, limit=limit)
    emit({"headlines": rows}, "headlines", HEADLINE_COLUMNS, fmt)


@cli.command()
@window_options("24h")
@click.option("--limit", default=50, show_default=True, type=AsciiCount(1, 100000))
@output_options
@click.pass_obj
def stories(obj: Context, span, limit, fmt):
    """Stories: groups of near-duplicate headlines, biggest first.

    Example: headlines stories --window 24h --json
    """
    rows = queries.list_stories(obj.read_db, *span, limit=limit)
    emit({"stories": rows}, "stories", ("id", "size", "headline"), fmt)


@cli.command()
@click.option("--sources", "sources_path", envvar="HEADLINES_SOURCES", default="sources.toml",
              show_default=True, help="Sources file to mirror first (skipped when missing).")
@output_options
@click.pass_obj
def status(obj: Context, sources_path, fmt):
    """Sources: last run, status, items against their usual count, failures in a row, next run.

    Example: headlines status --sources sources.toml
    """
    if Path(sources_path).exists():
        config = load_or_fail(sources_path)
        sync_sources(obj.read_db, config.sources)
    rows = queries.source_status(obj.read_db)
    emit({"sources": rows}, "sources", SOURCE_COLUMNS, fmt)
