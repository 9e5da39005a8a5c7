"""Read commands: top, trending, topic, headlines, stories, status.

Each parses its options, asks headlines/reports.py for the payload (the one the API sends) and
prints it as a table, JSON or CSV. A ReportError becomes a usage error naming the option.
"""
from __future__ import annotations

import contextlib
from typing import Any, Iterator

import click

from db.ledger import sync_sources
from headlines.cli_context import Context, output_options, window_options
from headlines.commands_write import load_or_fail
from headlines.output import emit, sparkline
from headlines.reports import REPORTS, ReportError, check, run

source_option = click.option("--source", default=None, metavar="NAME", help="Only this source.")


def limit_option(report: str):
    bounds = REPORTS[report].limit_bounds
    return click.option("--limit", default=None, metavar="N", help=f"At most this many rows, 1 to {bounds[1]}. Default {bounds[0]}.")


@contextlib.contextmanager
def as_usage_errors() -> Iterator[None]:
    """A report's ReportError as click's errors naming the option or argument as typed (`--topic`,
    `NAME`), as the API names its parameter: a bad one is a usage error (exit 2); a well-formed
    one that names nothing (an unknown topic) is a plain error (exit 1)."""
    try:
        yield
    except ReportError as exc:
        option = "NAME" if exc.param == "name" else f"--{exc.param}"
        message = f"{option}: {exc.spelled(lambda param: f'--{param}')}"   # other options named as typed too
        if exc.status == 404:
            raise click.ClickException(message) from None
        raise click.UsageError(message) from None


def answer(obj: Context, report: str, fmt: str, title: str | None = None, **params: Any) -> dict[str, Any]:
    """Run `report` on the database and print its payload in `fmt`."""
    with as_usage_errors():
        check(report, params)  # before the database is opened: bad options first, then a missing file
        payload = run(obj.read_db, report, params)
    if fmt == "table" and title:
        title = title.format(**payload)
    if not (fmt == "table" and report == "topic"):
        emit(payload, REPORTS[report].rows_key, REPORTS[report].columns, fmt, title=title)
    return payload


@click.command()
@window_options("top")
@source_option
@limit_option("top")
@output_options
@click.pass_obj
def top(obj: Context, fmt, **params):
    """Topics ranked by distinct headlines in a window.

    Example: headlines top --window 24h --limit 10 --json
    """
    answer(obj, "top", fmt, "Top topics {since} .. {until}", **params)


@click.command()
@window_options("trending")
@click.option("--baseline", default=None, metavar="DURATION",
              help=f"Baseline length before the window. Default {REPORTS['trending'].defaults['baseline']}.")
@source_option
@limit_option("trending")
@output_options
@click.pass_obj
def trending(obj: Context, fmt, **params):
    """Topics growing fastest in the window against their own baseline, with why.

    Example: headlines trending --window 6h --baseline 7d
    """
    answer(obj, "trending", fmt, "Trending {since} .. {until}", **params)


@click.command()
@click.argument("name")
@window_options("topic")
@output_options
@click.pass_obj
def topic(obj: Context, fmt, **params):
    """One topic: headlines and sightings per hour, and its headlines.

    NAME is matched as topics are keyed: case, accents, curly quotes and spacing do not matter.

    Example: headlines topic "Golden Globes" --window 7d
    """
    detail = answer(obj, "topic", fmt, **params)
    if fmt == "table":
        counts = [point["headlines"] for point in detail["series"]]
        click.echo(f"{detail['topic']} ({detail['kind']}): {sum(counts)} headline-hours  {sparkline(counts)}")
        emit(detail, "headlines", ("text", "sources", "sightings", "first_seen", "last_seen"), fmt)


@click.command("headlines")
@click.option("--topic", default=None, help="Only headlines tagged with this topic.")
@click.option("--search", default=None, help="Only headlines containing this text.")
@window_options("headlines")
@source_option
@limit_option("headlines")
@output_options
@click.pass_obj
def headlines_cmd(obj: Context, fmt, **params):
    """Distinct headlines seen in a window, most sighted first.

    Example: headlines headlines --topic "Jennifer Lopez" --window 7d
    """
    answer(obj, "headlines", fmt, **params)


@click.command()
@window_options("stories")
@limit_option("stories")
@output_options
@click.pass_obj
def stories(obj: Context, fmt, **params):
    """Stories: groups of near-duplicate headlines, biggest first.

    Example: headlines stories --window 24h --json
    """
    answer(obj, "stories", fmt, **params)


@click.command()
@click.option("--sources", "sources_path", envvar="HEADLINES_SOURCES", default=None, metavar="FILE",
              help="Mirror this sources file into the database first, as a crawl does (env HEADLINES_SOURCES). "
                   "Without it the database's sources are shown as they are.")
@output_options
@click.pass_obj
def status(obj: Context, sources_path, fmt):
    """Sources: last run, status, items against their usual count, failures in a row, next run.

    Shows the sources the database knows (as the last crawl or scheduler mirrored them, and
    those only ingest named). A read command does not rewrite them: only an explicit --sources
    FILE (or HEADLINES_SOURCES) mirrors FILE first, so an edited file's sources show their next runs.
    The API's /api/sources answers the same payload.

    Example: headlines status --sources sources.toml
    """
    if sources_path is not None:   # the file is checked before the database is opened, as everywhere
        config = load_or_fail(sources_path)
        sync_sources(obj.read_db, config.sources)
    answer(obj, "sources", fmt)


COMMANDS = (top, trending, topic, headlines_cmd, stories, status)
