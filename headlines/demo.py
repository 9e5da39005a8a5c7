"""`headlines demo`: the whole pipeline, offline, on pages bundled with the package.

Serves headlines/demo_site/ on 127.0.0.1 (a free port), writes a sources file pointing at it,
crawls twice (the second crawl shows dedupe: no new headlines, sightings go up), aggregates
topics and prints the ranking.
"""
from __future__ import annotations

import contextlib
import functools
import os
import shutil
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import click

from headlines import reports
from headlines.cli_context import Context, aggregate
from headlines.commands_write import CRAWL_COLUMNS, crawl_sources
from headlines.output import print_table

DEMO_SITE = Path(__file__).with_name("demo_site")

DEMO_SOURCES = """\
[[source]]
name = "demo-video"
url = "{base}/video.html"
every = "15m"

[[source]]
name = "demo-home"
url = "{base}/index.html"
every = "15m"

[[source]]
name = "demo-feed"
url = "{base}/feed.xml"
kind = "feed"
every = "30m"
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # stdlib signature
        pass


@contextlib.contextmanager
def serve_directory(root: Path, handler=QuietHandler) -> Iterator[str]:
    """Serve `root` over HTTP on 127.0.0.1, a free port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def run_demo(obj: Context) -> None:
    """Crawl the bundled site twice into DB_DIR/demo.db (recreated) and print the ranking."""
    obj.topic_settings()   # a bad topics.toml stops the demo before it deletes and crawls
    db_path = Path(obj.db_path).with_name("demo.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    obj.use(str(db_path))
    with serve_directory(DEMO_SITE) as base, tempfile.TemporaryDirectory() as tmp:
        sources = Path(tmp, "sources.toml")
        sources.write_text(DEMO_SOURCES.format(base=base), encoding="utf-8")
        click.echo(f"Serving the bundled demo site at {base}; database {db_path}\n")
        names = ["demo-video", "demo-home", "demo-feed"]
        for run in (1, 2):
            rows = crawl_sources(obj, str(sources), names, show_progress=False)
            print_table(rows, CRAWL_COLUMNS, title=f"Crawl {run}")
    aggregate(obj)
    rows = reports.top(obj.db, limit=10)["topics"]
    print_table(rows, ("topic", "headlines", "stories", "sources", "sightings"),
                title=f"Top topics, last {reports.REPORTS['top'].defaults['window']} (distinct headlines)")
    click.echo(f"\nExplore: {own_command()} --db {db_path} headlines --window 24h")


def own_command() -> str:
    """How to run this program again from here: `headlines` when the shell finds it, else the
    path it was started by (`make demo` runs .venv/bin/headlines, which no PATH holds until
    the venv is activated): the line the demo ends with must work when pasted."""
    program = Path(sys.argv[0])
    if shutil.which("headlines") or not program.is_file():
        return "headlines"
    return os.path.relpath(program)


@click.command()
@click.pass_obj
def demo(obj: Context):
    """Serve the bundled pages on 127.0.0.1, crawl them, and print the ranked topics.

    Example: headlines --db data/demo.db demo
    """
    run_demo(obj)


COMMANDS = (demo,)
