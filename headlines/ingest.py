"""Load saved files through the same clean -> dedupe -> store path as a crawl.

Formats by extension (or content for .xml): .html/.htm page (lists detected), RSS/Atom/JSON
feed (.xml .rss .atom .json), .txt (one headline a line), .jsonl and .csv rows with
text,url,source,seen_at (names in any case; others ignored with a warning: field_names). Bad
rows are reported as "FILE:LINE: reason" and skipped; the good rows of the same file are still
stored. Notes are warnings about good input (a file with nothing to ingest, control characters
dropped from a headline, columns no one reads): said once per file, they fail nothing. A file that
is no text (gzip, zip, UTF-16 rows: not_text) is one IngestError.

Limits: a row line is at most MAX_LINE_BYTES (a longer one is skipped unread, so memory stays
flat even for a file with no line breaks); the first MAX_PROBLEMS problems of a file are kept,
the rest only counted; seen_at must lie within 50 years before and a year after now.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

from sqlite_utils import Database

from aggregator.clean import MAX_HEADLINE_CHARS, clean_text, headline_key
from aggregator.collector import collector_paused
from aggregator.extract import extract_page
from aggregator.feeds import NO_ENTRIES, parse_feed
from aggregator.prepare import MAX_PAGE_HEADLINES, prepare_lists, prepare_rows
from aggregator.timewindow import check_seen_at, parse_iso, to_iso, utcnow
from db.row_ledger import RowLedger
from db.writes import Lists, record_ingested_page, record_rows
from headlines.row_links import control_problem, row_link

BATCH_ROWS = 20_000  # rows per transaction: fewer, larger commits rewrite fewer index pages
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".json", ".feed"}
ROW_SUFFIXES = {".jsonl", ".ndjson", ".csv", ".txt"}
MAX_LINE_BYTES = 64 * 1024
MAX_PROBLEMS = 100
_READ_CHUNK = 1024 * 1024
_MOMENTS_KEPT = 4096  # distinct seen_at values whose parse is remembered
_STORED_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")  # what to_iso writes
# Control characters cleaning drops from a headline (NUL, the other C0 codes but tab and line
# ends, DEL, C1): the row is stored without them, and the file's notes say how many there were.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
NOTHING_TO_INGEST = "empty file, nothing to ingest"
FIELDS = ("text", "url", "source", "seen_at")   # what a .csv column or a .jsonl key may name
_FIELD_SET = frozenset(FIELDS)
_IGNORED_NAMED = 10   # ignored column/key names a file's warning lists; more are counted
_SHAPES_KEPT = 256    # distinct key sets of a .jsonl file whose reading is remembered


def source_problem(name: str) -> str | None:
    """Why `name` cannot name an ingested source, or None. A blank name or one holding a control
    character would be listed (status, the dashboard's picker) under a name no one can type or
    filter by. The one rule for `--source` and a row's `source`; a good name is stored trimmed.

    >>> source_problem(" wire "), source_problem("  "), source_problem("wi\\x00re")
    (None, 'blank', 'control character U+0000')
    """
    if not name.strip():
        return "blank"
    return control_problem(name)


def field_names(given: list[str]) -> tuple[list[str], list[str]]:
    """The one reading of a .csv header's columns and a .jsonl object's keys: each name as the
    field it names, whatever its case and surrounding spaces (`URL`, ` Text` from a spreadsheet),
    else as given; and the names that are no field, which ingest ignores (the caller warns).
    ValueError when two names are one field: which value is meant cannot be known.

    >>> field_names(["Text", " URL ", "link"])
    (['text', 'url', 'link'], ['link'])
    >>> field_names(["text", "url", "Text"])
    Traceback (most recent call last):
    ValueError: 'text' given twice (as 'text' and 'Text')
    >>> field_names(["text", "text"])
    Traceback (most recent call last):
    ValueError: 'text' given twice
    """
    names: list[str] = []
    ignored: list[str] = []
    seen: dict[str, str] = {}
    for name in given:
        field = name if name in _FIELD_SET else name.strip().lower()
        if field not in _FIELD_SET:
            names.append(name)
            ignored.append(name)
            continue
        if field in seen:
            first = seen[field]
            raise ValueError(f"{field!r} given twice" + (f" (as {first!r} and {name!r})" if first != name else ""))
        seen[field] = name
        names.append(field)
    return names, ignored


def is_empty(body: bytes) -> bool:
    """Whether a file's bytes hold nothing to read: none, or only whitespace (after a UTF-8 BOM).
    The one test of "empty input", for every format and for `extract` alike.

    >>> is_empty(b""), is_empty(b"\\xef\\xbb\\xbf \\n\\n"), is_empty(b"<html></html>")
    (True, True, False)
    """
    return not body.removeprefix(b"\xef\xbb\xbf").strip()


class IngestError(ValueError):
    """A file that cannot be ingested at all (unreadable, unknown type, not text)."""


# What a file's first bytes say it is when it is no text ingest reads: a compressed file or an
# archive (a spreadsheet saved as .xlsx) under a text file's name. One error instead of a problem
# per line.
_PACKED = ((b"\x1f\x8b", "gzip-compressed: decompress it first (gunzip)"),
           (b"PK\x03\x04", "a zip archive (a spreadsheet saved as .xlsx?): save it as CSV (UTF-8)"))
_UTF16 = ((b"\xff\xfe", "UTF-16 text: save it as UTF-8"), (b"\xfe\xff", "UTF-16 text: save it as UTF-8"))


def not_text(head: bytes, *, rows: bool) -> str | None:
    """Why a file starting with `head` cannot be read as text, or None. Row files are UTF-8 (so
    UTF-16 is refused too); pages and feeds say their own encoding.

    >>> not_text(b"\\x1f\\x8b\\x08\\x00", rows=True)
    'gzip-compressed: decompress it first (gunzip)'
    >>> not_text(b"\\xff\\xfet\\x00", rows=False) is None, not_text(b"text,url", rows=True) is None
    (True, True)
    """
    for magic, why in _PACKED + _UTF16 if rows else _PACKED:
        if head.startswith(magic):
            return why
    return None


class Problems(list):
    """A file's problem lines: the first MAX_PROBLEMS kept, the rest counted in `more`.

    20 MB of bad lines must not become 200 MB of warnings held in memory.
    """

    def __init__(self) -> None:
        super().__init__()
        self.more = 0

    def append(self, problem: str) -> None:
        if len(self) < MAX_PROBLEMS:
            super().append(problem)
        else:
            self.more += 1

    def summary(self) -> list[str]:
        """The kept lines, plus one saying how many more there were."""
        return [*self, f"... and {self.more:,} more problems"] if self.more else list(self)


@dataclass
class IngestResult:
    path: str
    items: int = 0
    new_headlines: int = 0
    problems: Problems = field(default_factory=Problems)
    notes: list[str] = field(default_factory=list)   # warnings about good input: exit status unchanged


@dataclass
class _Scan:
    """What a row file's reading noticed beyond its rows: whether any line held text, how many
    good rows it gave, and the control characters dropped from headlines (how many, in how many
    rows, the first line)."""

    text_seen: bool = False
    good_rows: int = 0
    controls: int = 0
    rows: int = 0
    first_line: int = 0
    first: str = ""
    ignored: dict[str, int] = field(default_factory=dict)   # ignored column/key -> first line with it
    ignored_more: int = 0

    def note_ignored(self, line_no: int, names: list[str]) -> None:
        for name in names:
            if name not in self.ignored:
                if len(self.ignored) < _IGNORED_NAMED:
                    self.ignored[name] = line_no
                else:
                    self.ignored_more += 1

    def note_controls(self, line_no: int, text: str) -> None:
        found = _CONTROLS.findall(text)
        if found:
            if not self.controls:
                self.first_line, self.first = line_no, found[0]
            self.controls += len(found)
            self.rows += 1

    def notes(self, path: Path, problems: list[str]) -> list[str]:
        notes = []
        if not self.text_seen:
            notes.append(f"{path}: {NOTHING_TO_INGEST}")
        elif not self.good_rows and not problems:
            notes.append(f"{path}: no rows under the header, nothing to ingest")
        if self.ignored:   # a `link` column holding every row's link: say so, not lose them quietly
            kind = "column" if path.suffix.lower() == ".csv" else "key"
            several = len(self.ignored) + self.ignored_more > 1
            names = ", ".join(map(repr, self.ignored)) + (f" and {self.ignored_more:,} more" if self.ignored_more else "")
            notes.append(f"{path}:{min(self.ignored.values())}: {kind}{'s' if several else ''} {names} ignored "
                         f"(ingest reads {', '.join(FIELDS)}; names match whatever their case)")
        if self.controls:
            notes.append(f"{path}:{self.first_line}: {self.controls:,} control character"
                         f"{'s' if self.controls > 1 else ''} (e.g. U+{ord(self.first):04X}) dropped from "
                         f"{self.rows:,} headline{'s' if self.rows > 1 else ''}, the first on this line; "
                         "the rest of each row is stored")
        return notes


class Row(NamedTuple):
    """A good row of a row file (a tuple: a million of them are built per million-row file)."""

    text: str
    url: str | None
    source: str
    seen_at: str


def ingest_file(db: Database, path: str | Path, *, source: str, seen_at: str,
                url: str | None = None, progress: Callable[[int], None] | None = None,
                now: datetime | None = None, ledger: RowLedger | None = None) -> IngestResult:
    """Store one file's headlines; `progress` hears the rows stored so far after each batch.

    A row's seen_at is checked against `now` (default: the clock). `ledger`: what the moments
    hold, passed from file to file of one ingest, so that files sharing a moment (saved pages at
    one --seen-at) read each other's captures once, not each file all the earlier ones again.
    """
    ledger = ledger if ledger is not None else RowLedger()
    path = Path(path)
    now = now or utcnow()
    result = IngestResult(str(path))
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES or suffix in FEED_SUFFIXES:
        try:
            body = path.read_bytes()
        except OSError as exc:
            raise IngestError(f"{path}: cannot read ({exc.strerror or exc})") from None
        if is_empty(body):
            result.notes.append(f"{path}: {NOTHING_TO_INGEST}")
            return result
        why = not_text(body[:4], rows=False)
        if why:
            raise IngestError(f"{path}: {why}")
        page_url = url or path.resolve().as_uri()
        page = extract_page(body, page_url) if suffix in HTML_SUFFIXES else parse_feed(body, page_url)
        if page.reason == NO_ENTRIES:   # a valid feed with nothing in it: as empty input, a warning
            result.notes.append(f"{path}: {NO_ENTRIES}, nothing to ingest")
            return result
        if not page.lists:
            result.problems.append(f"{path}: {page.reason or 'no headlines found'}")
        written = record_ingested_page(db, source, path.resolve().as_uri(), seen_at,
                                       prepare_lists(page, MAX_PAGE_HEADLINES), page.site_name, ledger)
        result.items, result.new_headlines = written.items, written.new_headlines
        return result
    if suffix not in ROW_SUFFIXES:
        raise IngestError(f"{path}: unknown file type {suffix or '(none)'}; use .html, .xml/.rss/.atom/.json, "
                          ".txt, .jsonl or .csv")
    page_url = path.resolve().as_uri()
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror or exc})") from None
    why = not_text(handle.peek(4)[:4], rows=True)
    if why:
        handle.close()
        raise IngestError(f"{path}: {why}")
    # Reading, cleaning and the batch writer make millions of small tuples, lists and strings and no
    # cycles, beside the file's dedupe state (a list per headline): with the collector on, its full
    # collections searched that heap again and again (300 k rows: 45 of them, 15% of the write
    # stage's CPU).
    with handle, collector_paused():  # read line by line: memory stays flat for files of millions of rows
        scan = _Scan()
        rows = _rows(path, _lines(path, handle, result.problems, scan), result.problems,
                     _Defaults(source, seen_at, url, now), scan)
        for chunk in _pages(rows):  # one transaction and one batch write per BATCH_ROWS rows
            written = record_rows(db, page_url, chunk, ledger)   # rows are bounded one by one (line size): no page cap
            result.items += written.items
            result.new_headlines += written.new_headlines
            if progress:
                progress(result.items)
    result.notes.extend(scan.notes(path, result.problems))
    headline_key.cache_clear()   # a file's keys recur within it, not after: the aggregate that follows gets the memory
    return result


@dataclass(frozen=True)
class _Defaults:
    """What a row without its own source/seen_at gets, the page its relative links resolve against
    (url), and the "now" seen_at is checked against."""

    source: str
    seen_at: str
    url: str | None
    now: datetime
    # seen_at as written -> stored form or why it is refused. Rows of a file share few moments
    # (a crawl's rows, a minute's rows): parsing each once saves a third of a row's cleaning.
    moments: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # (stored form, why refused)

    def moment(self, seen_at: str) -> str:
        """`seen_at` as stored (UTC ISO); ValueError saying why it is refused."""
        known = self.moments.get(seen_at)
        if known is None:
            try:
                moment = parse_iso(seen_at)
                check_seen_at(moment, self.now)
                # Written as stored already (parsed, so a real time): kept as it is, spared strftime.
                known = (seen_at if _STORED_FORM.fullmatch(seen_at) else to_iso(moment), "")
            except ValueError as exc:
                known = (None, str(exc))
            if len(self.moments) >= _MOMENTS_KEPT:
                self.moments.clear()
            self.moments[seen_at] = known
        stored, why = known
        if stored is None:
            raise ValueError(why)  # a fresh exception: a cached one would grow its traceback on every raise
        return stored


def _lines(path: Path, handle, problems: list[str], scan: _Scan) -> Iterator[tuple[int, str]]:
    """(line number, text) of each UTF-8 line; a line that is not UTF-8 or too long is reported
    and skipped. Binary data (NUL bytes in an over-long line) ends the file."""
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if not scan.text_seen:   # until the first line with text (an empty file says so)
            scan.text_seen = not is_empty(raw)
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            binary = b"\x00" in raw or _skip_line(handle)
            if binary:
                problems.append(f"{path}:{number}: binary data (NUL bytes); the rest of the file is not read")
                return
            problems.append(f"{path}:{number}: line longer than {MAX_LINE_BYTES // 1024} KB, skipped")
            continue
        try:
            yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            problems.append(f"{path}:{number}: not UTF-8 text (byte {exc.start})")


def _skip_line(handle) -> bool:
    """Read past the rest of an over-long line in bounded chunks; True when it held NUL bytes."""
    while True:
        chunk = handle.readline(_READ_CHUNK)
        if b"\x00" in chunk:
            return True
        if not chunk or chunk.endswith(b"\n"):
            return False


def _pages(rows: Iterator[Row]) -> Iterator[list[tuple[str, str, Lists]]]:
    """Rows sharing source and time form one "page" in row order, cleaned (prepare_rows); pages
    come in chunks of ~BATCH_ROWS rows.

    A chunk ends where the moment changes when it can (up to 2 x BATCH_ROWS): a batch whose
    moments an earlier batch holds must read that batch's capture, and a file in time order then
    never does. A longer run of one source and time (a .txt file at one --seen-at) is cleaned in
    parts of BATCH_ROWS rows sharing the run's keys, so each part drops what the earlier parts
    showed and numbers on after them, as one page would: memory holds a batch, not the file.
    """
    chunk: list = []
    size = 0
    source = seen_at = None
    part: list[tuple[str, str | None]] = []   # the run's rows not cleaned yet (at most BATCH_ROWS)
    keys: set[str] = set()                    # the run's keys so far
    # One loop over the rows, no group iterator per run: the usual run (a file over many times and
    # sources) is one row.
    for text, url, row_source, row_seen in rows:
        if row_seen != seen_at or row_source != source or len(part) == BATCH_ROWS:
            if part:
                chunk.append((source, seen_at, prepare_rows("ingest", part, keys=keys)))
                size += len(part)
                part = []
                if size >= 2 * BATCH_ROWS:
                    yield chunk
                    chunk, size = [], 0
            if row_seen != seen_at or row_source != source:   # a new run
                if size >= BATCH_ROWS and row_seen != chunk[-1][1]:
                    yield chunk
                    chunk, size = [], 0
                source, seen_at = row_source, row_seen
                keys = set()
        part.append((text, url))
    if part:
        chunk.append((source, seen_at, prepare_rows("ingest", part, keys=keys)))
    if chunk:
        yield chunk




def _rows(path: Path, lines: Iterator[tuple[int, str]], problems: list[str],
          defaults: _Defaults, scan: _Scan) -> Iterator[Row]:
    suffix = path.suffix.lower()
    if suffix == ".txt":
        records: Iterator[tuple[int, dict]] = ((n, {"text": line}) for n, line in lines if line.strip())
    elif suffix in {".jsonl", ".ndjson"}:
        records = _jsonl(path, lines, problems, scan)
    else:
        records = _csv(path, lines, problems, scan)
    good = 0
    try:
        for line_no, record in records:
            row = _row(record, defaults)
            if row.__class__ is str:
                problems.append(f"{path}:{line_no}: {row}")
            else:
                good += 1
                text = record["text"]   # a .txt line keeps its line end: not a control to count
                if not text.isprintable() and not (text[:-1] if text.endswith("\n") else text).isprintable():
                    scan.note_controls(line_no, text)   # rare: only then look
                yield row
    finally:
        scan.good_rows += good   # counted here: an attribute written per row cost more than the count


_JSON_KINDS = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true or false",
               type(None): "null"}


def _jsonl(path: Path, lines: Iterator[tuple[int, str]], problems: list[str],
           scan: _Scan) -> Iterator[tuple[int, dict]]:
    shapes: dict[tuple[str, ...], list[str] | str] = {}   # a record's keys -> their fields, or why refused
    for line_no, line in lines:
        if not line or line.isspace():   # blank (isspace: no stripped copy of every line)
            continue
        try:
            record = _parse(line)
        except ValueError as exc:
            problems.append(f"{path}:{line_no}: invalid JSON ({exc.args[0].split(':')[0]})")
            continue
        except RecursionError:
            problems.append(f"{path}:{line_no}: invalid JSON (nested too deeply)")
            continue
        if record.__class__ is not dict:
            problems.append(f"{path}:{line_no}: expected an object like {{\"text\": \"...\"}}, got "
                            f"{_JSON_KINDS.get(record.__class__, 'another value')}")
        elif record.keys() <= _FIELD_SET:   # the usual record: its keys are fields as written
            yield line_no, record
        else:   # other keys: read by field_names, once per key set (a file's rows share a few)
            keys = tuple(record)
            shape = shapes.get(keys)
            if shape is None:
                try:
                    shape, ignored = field_names(list(keys))
                    scan.note_ignored(line_no, ignored)
                except ValueError as exc:
                    shape = f"key {exc}"
                if len(shapes) >= _SHAPES_KEPT:
                    shapes.clear()
                shapes[keys] = shape
            if shape.__class__ is str:
                problems.append(f"{path}:{line_no}: {shape}")
            else:
                yield line_no, dict(zip(shape, record.values()))


_scan = json.JSONDecoder().scan_once   # the C scanner json.loads ends in


def _parse(line: str) -> object:
    """json.loads(line): the usual line (a value from its first character, then at most its line
    end) straight through the C scanner, past the three Python calls loads makes around it;
    anything else through loads itself, so each error is the one loads raises."""
    try:
        value, end = _scan(line, 0)
    except (ValueError, StopIteration):
        return json.loads(line)
    if end != len(line) and line[end:] != "\n":
        return json.loads(line)
    return value


def _csv(path: Path, lines: Iterator[tuple[int, str]], problems: list[str],
         scan: _Scan) -> Iterator[tuple[int, dict]]:
    """Rows of a CSV file, one row a line: a headline is one line of text, so a quoted field
    never spans lines, and an unterminated quote costs its own line only, not the rest of the file.
    A header naming a field twice, or no `text`, is the file's one problem: no row is read."""
    header: list[str] | None = None
    for number, line in lines:
        if not line.strip():
            continue
        try:
            cells = next(csv.reader([line], strict=True))
        except csv.Error as exc:
            problems.append(f"{path}:{number}: bad CSV ({exc}), e.g. an unterminated quote")
            continue
        if header is None:
            try:
                header, ignored = field_names(cells)
            except ValueError as exc:
                problems.append(f"{path}:{number}: column {exc}; nothing read from this file")
                return
            if "text" not in header:
                problems.append(f"{path}:{number}: the header needs a 'text' column (text,url,source,seen_at)"
                                f"{_other_separator(line)}")
                return
            scan.note_ignored(number, ignored)
        elif len(cells) != len(header):
            problems.append(f"{path}:{number}: {len(cells)} column{'s' if len(cells) != 1 else ''} where the header has {len(header)}")
        else:
            yield number, dict(zip(header, cells))


def _other_separator(header: str) -> str:
    """A hint when the header names its fields with another separator than commas (a .csv file
    that is really tab- or semicolon-separated), else ""."""
    for separator, name in (("\t", "tabs"), (";", "semicolons")):
        if "text" in (cell.strip().lower() for cell in header.split(separator)):
            return f"; its columns are separated by {name}: save the file comma-separated"
    return ""


def _row(record: dict, defaults: _Defaults) -> Row | str:
    """A Row, or why the record cannot be one (each field checked: one bad row never stops a file)."""
    text = record.get("text")
    if not isinstance(text, str):
        return "missing 'text'" if text is None else f"text: expected text, got {type(text).__name__}"
    stripped = text.strip()
    if not stripped:
        return "missing 'text'"
    if len(text) > MAX_HEADLINE_CHARS and not clean_text(text)[0]:
        return f"text: longer than {MAX_HEADLINE_CHARS} characters (a headline is one line of text)"
    url = record.get("url")   # the headline's own link: defaults.url (--url) is the page, a base
    source = record.get("source") or defaults.source
    seen = record.get("seen_at") or defaults.seen_at
    # The usual row: text fields, all ASCII (no lone surrogate possible); else each field checked.
    if not (isinstance(source, str) and isinstance(seen, str) and (url is None or isinstance(url, str))
            and text.isascii() and source.isascii() and seen.isascii() and (url is None or url.isascii())):
        fields = {"text": text, "url": url, "source": source, "seen_at": seen}
        for name, value in fields.items():
            if value is not None and not isinstance(value, str):
                return f"{name}: expected text, got {type(value).__name__}"
        for name, value in fields.items():
            if value is not None and not _encodable(value):
                return f"{name}: invalid Unicode (a lone surrogate)"
    if source is not defaults.source and not (source.isprintable() and source.strip() == source):  # rare
        why = source_problem(source)
        if why:
            return f"source: {why}"
        source = source.strip()
    if url is not None:
        try:
            url = row_link(url, defaults.url)
        except ValueError as exc:
            return f"url: {exc}"
    known = defaults.moments.get(seen)   # the usual row: a moment parsed before and kept
    if known is not None and known[0] is not None:
        return Row(stripped, url, source, known[0])
    try:
        seen_at = defaults.moment(seen)
    except ValueError as exc:
        return f"seen_at: {exc}"
    return Row(stripped, url, source, seen_at)


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
