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

INTERRUPTED = 130   # 128 + SIGINT: the exit status shells give a command ended by Ctrl-C


class HeadlinesGroup(click.Group):
    """Turns SQLite failures (read-only file, disk full, a lock held too long) and Ctrl-C into one line."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except sqlite3.Error as exc:
            path = ctx.obj.db_path if isinstance(ctx.obj, Context) else "database"
            raise click.ClickException(describe(path, exc)) from None
        except DatabaseError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            # Writes commit in batches and re-running skips what is stored, so say so (not click's
            # bare "Aborted!") and exit 130 as shells expect of Ctrl-C.
            click.echo("interrupted: what was stored before Ctrl-C is kept; the same command again "
                       "goes on from there without counting anything twice", err=True)
            raise click.exceptions.Exit(INTERRUPTED) from None


@click.group(cls=HeadlinesGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="headlines")
@click.option("--db", "db_path", envvar="HEADLINES_DB", default="data/headlines.db", show_default=True,
              help="SQLite database file (env HEADLINES_DB).")
@click.pass_context
def cli(ctx: click.Context, db_path: str) -> None:
    """Crawl headline lists, dedupe them in SQLite, rank the topics they mention.

    Example: headlines crawl && headlines top --window 24h
    """
    if not db_path.strip():
        raise click.UsageError("--db: give a database file name (it is blank)")
    ctx.obj = Context(db_path)


for module in (commands_read, commands_serve, commands_sources, commands_worker, commands_write, demo):
    for command in module.COMMANDS:
        cli.add_command(command)


def main() -> None:
    try:
        cli(prog_name="headlines")
    except KeyboardInterrupt:   # Ctrl-C outside a command (while click parses the options)
        sys.exit(INTERRUPTED)
