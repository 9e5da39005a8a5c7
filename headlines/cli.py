"""The `headlines` command line. Every read command takes --json / --csv and window options."""
from __future__ import annotations

import functools
import os
import sqlite3
import sys

import click

from aggregator.timewindow import window
from db import DatabaseError, open_db
from db.clock import reference_time
from db.connection import describe
from headlines import __version__
from headlines.config import ConfigError, load_topic_settings


class Context:
    """The database a command works on, opened on first use (so --help needs no file)."""

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self._db = None

    @property
    def db(self):
        return self._open(create=True)

    @property
    def read_db(self):
        """The database for a read command: a mistyped --db is an error, not a new empty file."""
        return self._open(create=False)

    def reference_time(self) -> str | None:
        """The data's reference time for windows; None without a database yet (the command then
        says the file does not exist, after its options were checked)."""
        if self._db is None and self.db_path != ":memory:" and not os.path.exists(self.db_path):
            return None
        return reference_time(self.read_db)

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
    """--json / --csv, shared by every read command."""
    @click.option("--json", "fmt", flag_value="json", help="Print JSON (shapes in docs/contract.md).")
    @click.option("--csv", "fmt", flag_value="csv", help="Print CSV rows.")
    @functools.wraps(func)
    def wrapper(*args, fmt=None, **kwargs):
        return func(*args, fmt=fmt or "table", **kwargs)
    return wrapper


def window_options(default: str):
    def decorate(func):
        @click.option("--window", "duration", default=None,
                      help=f"How far back from the newest sighting (or --at): 30m, 24h, 7d. Default {default}.")
        @click.option("--since", default=None, help="Window start, ISO 8601 (UTC if no zone).")
        @click.option("--until", default=None, help="Window end, ISO 8601.")
        @click.option("--at", default=None, help="Answer as of this past moment, ISO 8601.")
        @functools.wraps(func)
        def wrapper(*args, duration=None, since=None, until=None, at=None, **kwargs):
            try:
                span = window(duration=duration, since=since, until=until, at=at, default=default,
                              now=lambda: click.get_current_context().obj.reference_time())
            except ValueError as exc:
                raise click.UsageError(str(exc)) from None
            return func(*args, span=span, **kwargs)
        return wrapper
    return decorate


class HeadlinesGroup(click.Group):
    """Turns SQLite failures (read-only file, disk full, a lock held too long) into one line."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except sqlite3.Error as exc:
            path = ctx.obj.db_path if isinstance(ctx.obj, Context) else "database"
            raise click.ClickException(describe(path, exc)) from None
        except DatabaseError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=HeadlinesGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="headlines")
@click.option("--db", "db_path", envvar="HEADLINES_DB", default="data/headlines.db", show_default=True,
              help="SQLite database file (env HEADLINES_DB).")
@click.pass_context
def cli(ctx: click.Context, db_path: str) -> None:
    """Crawl headline lists, dedupe them in SQLite, rank the topics they mention.

    Example: headlines crawl && headlines top --window 24h
    """
    ctx.obj = Context(db_path)


sources_option = click.option("--sources", "sources_path", envvar="HEADLINES_SOURCES", default="sources.toml",
                              show_default=True, type=click.Path(dir_okay=False),
                              help="Sources file (env HEADLINES_SOURCES).")


def topic_settings():
    try:
        return load_topic_settings(os.environ.get("HEADLINES_TOPICS", "topics.toml"))
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None


def aggregate(obj: Context, **options) -> dict[str, int]:
    """Stories, topics, rollups and snapshots after new data (or on `rebuild`)."""
    from db.aggregate import aggregate as run_aggregate
    settings = topic_settings()
    return run_aggregate(obj.db, aliases=settings.aliases, ignore=settings.ignore, **options)


from headlines import (  # noqa: E402,F401  (register commands on `cli`)
    commands_read,
    commands_serve,
    commands_sources,
    commands_worker,
    commands_write,
)


def main() -> None:
    try:
        cli(prog_name="headlines")
    except KeyboardInterrupt:
        sys.exit(130)
