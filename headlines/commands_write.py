"""Commands that fetch or load data: crawl, ingest, extract, rebuild, prune (demo is in demo.py)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.progress import BarColumn, Progress, TextColumn

from aggregator.timewindow import check_seen_at, parse_iso, to_iso, utcnow
from db.ledger import sync_sources
from db.row_ledger import RowLedger
from headlines.cli_context import Context, InputError, aggregate, sources_option
from headlines.config import ConfigError, load_sources
from headlines.fetch import read_target, web_address
from headlines.output import print_table
from headlines.runner import run_crawl

CRAWL_COLUMNS = ("source", "status", "items", "new_headlines", "error")


def load_or_fail(path: str):
    try:
        config = load_sources(path)
    except ConfigError as exc:
        raise InputError(str(exc)) from None
    for problem in config.errors:
        click.echo(f"warning: {problem} (entry skipped)", err=True)
    return config


def check_crawl_environment() -> None:
    """A bad HEADLINES_DOWNLOAD_DELAY & co. stops the command before any run is recorded as failed."""
    from spiders import environment
    problem = environment.problem()
    if problem:
        raise InputError(problem)


def crawl_sources(obj: Context, sources_path: str, names: list[str], *, show_progress: bool = True) -> list[dict]:
    """Crawl `names` in one process with a progress bar; returns their `crawls` rows."""
    check_crawl_environment()
    config = load_or_fail(sources_path)
    sync_sources(obj.db, config.sources)
    timeout = sum(config.get(n).timeout_seconds for n in names)
    with Progress(TextColumn("crawling"), BarColumn(), TextColumn("{task.completed}/{task.total} sources"),
                  TextColumn("{task.description}"), transient=True, disable=not show_progress) as bar:
        task = bar.add_task("", total=len(names))

        def poll(rows: list[dict]) -> None:
            done = [r for r in rows if r["status"] != "running"]
            bar.update(task, completed=len(done), description=", ".join(r["source"] for r in done[-3:]))

        run = run_crawl(names, db_path=obj.db_path, sources_path=sources_path, timeout=timeout,
                        log_file=str(Path(obj.db_path).parent / "crawl.log"), poll=poll)
    return run.rows


@click.command()
@sources_option
@click.option("--source", "names", multiple=True, help="Crawl only this source (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the runs as JSON.")
@click.pass_obj
def crawl(obj: Context, sources_path, names, as_json):
    """Crawl every enabled source once now and report each run.

    Example: headlines crawl --source et-video
    """
    obj.topic_settings()   # a bad topics.toml stops the crawl before it starts
    config = load_or_fail(sources_path)
    unknown = [n for n in names if config.get(n) is None]
    if unknown:
        raise click.UsageError(f"{sources_path}: no valid source named {unknown[0]!r}")
    chosen = list(names) or [s.name for s in config.enabled()]
    if not chosen:
        raise click.UsageError(f"{sources_path}: no enabled sources to crawl")
    rows = crawl_sources(obj, sources_path, chosen, show_progress=not as_json and sys.stderr.isatty())
    aggregate(obj)
    if as_json:
        click.echo(json.dumps({"crawls": rows}, indent=2))
    else:
        print_table(rows, CRAWL_COLUMNS, title="Crawl results")
    if rows and all(r["status"] == "failed" for r in rows):
        sys.exit(1)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--source", default="ingest", show_default=True, help="Source name for rows without one.")
@click.option("--url", default=None, help="The page's original URL: saved HTML's and feeds' links, and "
              "relative url cells of .jsonl/.csv rows, resolve against it.")
@click.option("--seen-at", default=None, help="When these headlines were seen, ISO 8601 (default now).")
@click.pass_obj
def ingest(obj: Context, files, source, url, seen_at):
    """Load saved pages, feeds, .txt, .jsonl or .csv through the crawl's clean/dedupe/store path.

    .csv columns and .jsonl keys: text, url, source, seen_at (any case); others are ignored with
    a warning naming them.

    Example: headlines ingest saved/home.html --source cnn --url https://edition.cnn.com/ --seen-at 2026-11-01T08:00Z
    """
    from headlines.ingest import IngestError, ingest_file, source_problem
    from headlines.reports import unicode_problem
    obj.topic_settings()   # a bad topics.toml stops the ingest before any row is stored
    for option, value in (("--source", source), ("--seen-at", seen_at)):   # --url: web_address below
        why = unicode_problem(value) if value is not None else None   # as read commands refuse it
        if why:
            raise click.UsageError(f"{option}: {why}")
    why = source_problem(source)   # the rule a row's own source cell follows
    if why:
        raise click.UsageError(f"--source: {why}; give a name for rows without one")
    source = source.strip()
    if url is not None:
        web_address(url, "--url")
    now = utcnow()
    try:
        moment = parse_iso(seen_at) if seen_at else now
        check_seen_at(moment, now)
        when = to_iso(moment)
    except ValueError as exc:
        raise click.UsageError(f"--seen-at: {exc}") from None
    done, problems = [], 0
    ledger = RowLedger()   # what the moments hold, read once for all the files (pages at one --seen-at)
    with Progress(TextColumn("ingesting {task.description}"), TextColumn("{task.completed:,} rows"),
                  transient=True, disable=not sys.stderr.isatty()) as bar:
        for path in files:
            task = bar.add_task(Path(path).name, total=None)
            try:
                result = ingest_file(obj.db, path, source=source, seen_at=when, url=url, now=now, ledger=ledger,
                                     progress=lambda rows, task=task: bar.update(task, completed=rows))
            except IngestError as exc:
                click.echo(f"error: {exc}", err=True)
                problems += 1
                continue
            done.append(result)
    for result in done:
        for note in result.notes:   # good input worth a word (nothing in a file, controls dropped): no failure
            click.echo(f"warning: {note}", err=True)
        for problem in result.problems.summary():
            click.echo(f"warning: {problem}", err=True)
        problems += bool(result.problems)
    aggregate(obj)
    print_table([{"file": r.path, "items": r.items, "new_headlines": r.new_headlines, "problems": len(r.problems) + r.problems.more}
                 for r in done], ("file", "items", "new_headlines", "problems"), title="Ingested")
    if problems:
        sys.exit(2)


@click.command()
@click.argument("target")
@click.option("--url", default=None, help="The page's original URL (to resolve its links).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the default for this command).")
def extract(target, url, as_json):
    """Lists of headlines found on one saved page or URL; touches no database.

    Example: headlines extract saved/home.html --url https://example.com/ --json
    """
    from aggregator.extract import extract_page, page_to_json
    from headlines.ingest import is_empty
    body, content_type, url = read_target(target, url)
    if is_empty(body):   # as ingest says of an empty file: a warning naming it, no failure
        click.echo(f"warning: {target}: empty {'file' if Path(target).exists() else 'body'}, nothing to extract",
                   err=True)
    page = extract_page(body, url, content_type=content_type)
    payload = page_to_json(page)
    if page.reason:
        payload["reason"] = page.reason
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


@click.command()
@click.pass_obj
def rebuild(obj: Context):
    """Recompute headlines, stories, topics and rollups from raw captures with the current rules.

    Example: headlines rebuild
    """
    from db.rebuild import rebuild as replay
    obj.topic_settings()   # a bad topics.toml stops the rebuild before the derived tables are cleared
    replayed = replay(obj.read_db)
    done = aggregate(obj, retag_all=True)
    click.echo(f"replayed {replayed} captures; {done['grouped']} headlines grouped into stories, "
               f"{done['retagged']} tagged, {done['hours']} hours rolled up")


@click.command()
@click.option("--older-than", default="90d", show_default=True,
              help="Drop raw captures not seen for this long before the newest sighting.")
@click.pass_obj
def prune(obj: Context, older_than):
    """Drop old raw captures; headlines, appearances, hourly counts and topics stay.

    Example: headlines prune --older-than 90d
    """
    from aggregator.timewindow import parse_duration
    from db.operations import prune_older_than
    try:
        seconds = parse_duration(older_than)
    except ValueError as exc:
        raise click.UsageError(f"--older-than: {exc}") from None
    removed, cutoff = prune_older_than(obj.read_db, seconds)
    click.echo(f"pruned {removed} raw captures last seen before {cutoff or 'the newest sighting'}")


COMMANDS = (crawl, ingest, extract, rebuild, prune)
