"""What the `headlines` commands share: the database they work on, common options, the
aggregate step. Kept apart from cli.py (which registers the commands) so no import cycle forms."""
from __future__ import annotations

import functools
import math

import click

from db import DatabaseError, open_db
from headlines.config import ConfigError, TopicSettings, load_topic_settings
from headlines.reports import REPORTS


class InputError(click.ClickException):
    """A file the user gave cannot be used (sources.toml, topics.toml, an environment variable):
    one line naming it, exit 2 like a usage error, without the usage text (the options were fine)."""
    exit_code = 2


class Seconds(click.FloatRange):
    """A number of seconds within bounds. click's FloatRange lets "nan" through (every comparison
    with it is false), and a NaN interval silently disables what it times: refused here.

    >>> Seconds(0, 60).convert("1.5", None, None)
    1.5
    """

    name = "seconds"

    def convert(self, value, param, ctx) -> float:
        seconds = super().convert(value, param, ctx)
        if math.isnan(seconds):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        return seconds


class Context:
    """The database a command works on, opened on first use (so --help needs no file)."""

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self._db = None
        self._topics: TopicSettings | None = None

    def topic_settings(self) -> TopicSettings:
        """topics.toml, read once. Commands that store data call this before they start, so a bad
        file stops them before any work rather than after the data is in."""
        if self._topics is None:
            try:
                self._topics = load_topic_settings()
            except ConfigError as exc:
                raise InputError(str(exc)) from None
        return self._topics

    @property
    def db(self):
        return self._open(create=True)

    @property
    def read_db(self):
        """The database for a command that needs stored data (read commands, rebuild, prune): a
        mistyped --db is an error, not a new empty file."""
        return self._open(create=False)

    def _open(self, *, create: bool):
        if self._db is None:
            try:
                self._db = open_db(self.db_path, create=create)
            except DatabaseError as exc:
                raise click.ClickException(str(exc)) from None
        return self._db

    def use(self, db_path: str) -> None:
        """Switch to another database file (the demo uses its own)."""
        if self._db is not None:
            self._db.close()
        self.db_path, self._db = db_path, None


def output_options(func):
    """--json / --csv, shared by every read command; both at once is refused, not one dropped."""
    @click.option("--json", "as_json", is_flag=True, help="Print JSON (shapes in docs/contract.md).")
    @click.option("--csv", "as_csv", is_flag=True, help="Print CSV rows.")
    @functools.wraps(func)
    def wrapper(*args, as_json: bool = False, as_csv: bool = False, **kwargs):
        if as_json and as_csv:
            raise click.UsageError("--json: cannot be combined with --csv (each sets the output); give one")
        return func(*args, fmt="json" if as_json else "csv" if as_csv else "table", **kwargs)
    return wrapper


def window_options(report: str):
    """--window/--since/--until/--at, passed on as text to the report (which checks them)."""
    default = REPORTS[report].defaults["window"]
    options = [
        click.option("--window", default=None, metavar="DURATION",
                     help=f"How far back from the newest sighting (or --at): 30m, 24h, 7d. Default {default}."),
        click.option("--since", default=None, metavar="ISO", help="Window start, ISO 8601 (UTC if no zone)."),
        click.option("--until", default=None, metavar="ISO", help="Window end, ISO 8601."),
        click.option("--at", default=None, metavar="ISO", help="Answer as of this past moment, ISO 8601."),
    ]

    def decorate(func):
        for option in reversed(options):
            func = option(func)
        return func
    return decorate


sources_option = click.option("--sources", "sources_path", envvar="HEADLINES_SOURCES", default="sources.toml",
                              show_default=True, type=click.Path(dir_okay=False),
                              help="Sources file (env HEADLINES_SOURCES).")


def aggregate(obj: Context, **options) -> dict[str, int]:
    """Stories, topics, rollups and snapshots after new data (or on `rebuild`)."""
    from db.aggregate import aggregate as run_aggregate
    settings = obj.topic_settings()
    return run_aggregate(obj.db, aliases=settings.aliases, ignore=settings.ignore, **options)
