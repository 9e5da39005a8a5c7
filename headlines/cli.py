"""The `headlines` command line: the group, its global --db option, and the commands registered on it.

The commands live in commands_*.py and share headlines/cli_context.py; this module imports
them, never the other way round.
"""
from __future__ import annotations

import sqlite3
import sys

import click

from db import DatabaseError
from db.connection import describe
from headlines import (
    __version__,
    commands_read,
    commands_serve,
    commands_sources,
    commands_worker,
    commands_write,
    demo,
)
from headlines.cli_context import Context


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


for module in (commands_read, commands_serve, commands_sources, commands_worker, commands_write, demo):
    for command in module.COMMANDS:
        cli.add_command(command)


def main() -> None:
    try:
        cli(prog_name="headlines")
    except KeyboardInterrupt:
        sys.exit(130)
