"""Load saved files through the same clean -> dedupe -> store path as a crawl.

Formats by extension (or content for .xml): .html/.htm page (lists detected), RSS/Atom/JSON
feed (.xml .rss .atom .json), .txt (one headline a line), .jsonl and .csv rows with
text,url,source,seen_at. Bad rows are reported as "FILE:LINE: reason" and skipped; the good
rows of the same file are still stored.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Callable, Iterator

from sqlite_utils import Database

from aggregator.extract import extract_page
from aggregator.feeds import parse_feed
from aggregator.model import HeadlineList, Page, Sighting
from aggregator.prepare import prepare_lists
from aggregator.timewindow import parse_iso, to_iso
from db import write_transaction
from db.ledger import note_site_name
from db.writes import record_page

BATCH_ROWS = 5000
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".json", ".feed"}
ROW_SUFFIXES = {".jsonl", ".ndjson", ".csv", ".txt"}


class IngestError(ValueError):
    """A file that cannot be ingested at all (unreadable, unknown type)."""


@dataclass
class IngestResult:
    path: str
    items: int = 0
    new_headlines: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    text: str
    url: str | None
    source: str
    seen_at: str


def ingest_file(db: Database, path: str | Path, *, source: str, seen_at: str,
                url: str | None = None, progress: Callable[[int], None] | None = None) -> IngestResult:
    """Store one file's headlines; `progress` hears the rows stored so far after each batch."""
    path = Path(path)
    result = IngestResult(str(path))
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES or suffix in FEED_SUFFIXES:
        try:
            body = path.read_bytes()
        except OSError as exc:
            raise IngestError(f"{path}: cannot read ({exc.strerror or exc})") from None
        page_url = url or path.resolve().as_uri()
        page = extract_page(body, page_url) if suffix in HTML_SUFFIXES else parse_feed(body, page_url)
        if not page.lists:
            result.problems.append(f"{path}: {page.reason or 'no headlines found'}")
        if page.site_name:
            note_site_name(db, source, page.site_name)
        _store(db, result, source, page, seen_at)
        return result
    if suffix not in ROW_SUFFIXES:
        raise IngestError(f"{path}: unknown file type {suffix or '(none)'}; use .html, .xml/.rss/.atom/.json, "
                          ".txt, .jsonl or .csv")
    page_url = path.resolve().as_uri()
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with handle:  # read line by line: memory stays flat for files of millions of rows
        rows = _rows(path, _lines(path, handle, result.problems), result.problems, source, seen_at, url)
        for chunk in _pages(rows):  # one transaction per BATCH_ROWS rows, not per page
            with write_transaction(db):
                for row_source, row_seen, batch in chunk:
                    _store(db, result, row_source, Page(url=page_url, lists=[HeadlineList("ingest", batch)]),
                           row_seen)
            if progress:
                progress(result.items)
    return result


def _lines(path: Path, handle, problems: list[str]) -> Iterator[tuple[int, str]]:
    """(line number, text) of each UTF-8 line; a line that is not UTF-8 is reported and skipped."""
    for number, raw in enumerate(handle, start=1):
        try:
            yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            problems.append(f"{path}:{number}: not UTF-8 text (byte {exc.start})")


def _pages(rows: Iterator[Row]) -> Iterator[list[tuple[str, str, list[Sighting]]]]:
    """Rows sharing source and time form one "page"; pages come in chunks of ~BATCH_ROWS rows."""
    chunk, size = [], 0
    for (source, seen_at), group in groupby(rows, key=lambda r: (r.source, r.seen_at)):
        batch = [Sighting(row.text, row.url, i) for i, row in enumerate(group, start=1)]
        chunk.append((source, seen_at, batch))
        size += len(batch)
        if size >= BATCH_ROWS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _store(db: Database, result: IngestResult, source: str, page: Page, seen_at: str) -> None:
    written = record_page(db, source, page.url, seen_at, prepare_lists(page))
    result.items += written.items
    result.new_headlines += written.new_headlines


def _rows(path: Path, lines: Iterator[tuple[int, str]], problems: list[str], source: str, seen_at: str,
          url: str | None) -> Iterator[Row]:
    suffix = path.suffix.lower()
    if suffix == ".txt":
        for _number, line in lines:
            if line.strip():
                yield Row(line.strip(), url, source, seen_at)
        return
    records = _jsonl(path, lines, problems) if suffix in {".jsonl", ".ndjson"} else _csv(path, lines, problems)
    for line_no, record in records:
        row = _row(record, source, seen_at, url)
        if isinstance(row, str):
            problems.append(f"{path}:{line_no}: {row}")
        else:
            yield row


def _jsonl(path: Path, lines: Iterator[tuple[int, str]], problems: list[str]) -> Iterator[tuple[int, dict]]:
    for line_no, line in lines:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            problems.append(f"{path}:{line_no}: invalid JSON ({exc.args[0].split(':')[0]})")
            continue
        if isinstance(record, dict):
            yield line_no, record
        else:
            problems.append(f"{path}:{line_no}: expected an object with a text field")


def _csv(path: Path, lines: Iterator[tuple[int, str]], problems: list[str]) -> Iterator[tuple[int, dict]]:
    numbers: list[int] = []

    def text_lines() -> Iterator[str]:
        for number, line in lines:
            numbers.append(number)
            yield line

    reader = csv.DictReader(text_lines())
    if not reader.fieldnames or "text" not in reader.fieldnames:
        problems.append(f"{path}:1: the header needs a 'text' column (text,url,source,seen_at)")
        return
    for record in reader:
        yield numbers[-1], record
        numbers.clear()


def _row(record: dict, source: str, seen_at: str, url: str | None) -> Row | str:
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return "missing 'text'"
    when = record.get("seen_at") or seen_at
    try:
        when = to_iso(parse_iso(str(when)))
    except ValueError as exc:
        return f"seen_at: {exc}"
    return Row(text, record.get("url") or url, str(record.get("source") or source), when)
