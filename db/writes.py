"""Store pages' sightings: resolve each to a distinct headline, update appearances in place.

Resolution follows the dedupe rules: same key -> same headline; a cut headline resolves to the
full headline with the same link, else to the one full headline whose key starts with its key;
when a full text arrives later, cut rows it completes are merged into it (their text kept as
evidence in headline_texts).

Why batches: a crawl or an ingest writes thousands of sightings a second, and statements per
sighting were the cost. `record_pages` resolves a batch of pages in memory (the headlines its
keys name and the cut rows near them are read with a few statements up front) and writes each
table with one `executemany`. The sightings that need the database's full view (a cut text, or
a full text that may complete a cut row) flush what is pending and take the per-sighting path,
so every rule gives exactly what one page at a time would. Everything is one transaction.

Why row captures and a ledger by moment: an ingested sighting (source, list, headline key, seen_at)
is stored once however often it arrives (a re-run of an interrupted ingest, the same rows in two
files). A batch of row-file pages keeps ONE capture (form 'rows') holding the rows it counted, each
with its source and moment, and `row_moments` one entry per moment of the batch naming it: a batch
reads the captures of its moments, and sightings they hold are left out. A capture, hour counts
and a ledger entry per row were a third of what a row cost.

Why a page shown again costs a few statements: a 304, or a page whose lists match its latest
capture, is counted set-based by db/unchanged.py (its rows resolved and counted in SQL) whenever
that gives exactly what the per-sighting rules give; otherwise it takes the path above.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Iterable, Iterator

from sqlite_utils import Database

from aggregator.model import HeadlineList, Page, Sighting
from aggregator.prepare import CleanSighting, Lists, digest_lists, prepare_lists, prepare_rows
from aggregator.timewindow import hour_of
from db import unchanged
from db.connection import write_transaction
from db.ledger import note_site_name, register_ingested
from db.row_ledger import RowLedger, mark, marks

# A cut headline must keep this much text before it may resolve by prefix alone.
MIN_PREFIX_CHARS = 20
MIN_PREFIX_WORDS = 3
_TOP = "\U0010ffff"
_CHUNK = 400  # bound parameters per lookup statement
_STATE = "first_seen, truncated, text, url"  # what the rules for a known key read

_string = json.encoder.encode_basestring  # a str as JSON with ensure_ascii=False (the C encoder's)


@dataclass
class PageWrite:
    items: int = 0
    new_headlines: int = 0
    repeated: int = 0   # sightings of this moment stored before: not counted again


@dataclass(slots=True)
class PageInput:
    """One page to store. `lists` None means "what its latest capture showed" (a 304)."""

    source: str
    page_url: str
    seen_at: str
    lists: Lists | None
    times: int = 1


def record_page(db: Database, source: str, page_url: str, seen_at: str, lists: Lists, *,
                times: int = 1) -> PageWrite:
    """Write one page's lists seen at `seen_at` (ISO UTC); returns items and new headlines.

    `times` > 1 records that many sightings at once (rebuild replays "seen N times" captures).
    """
    return record_pages(db, [PageInput(source, page_url, seen_at, lists, times)])[0]


def record_pages(db: Database, pages: list[PageInput], *, replay: bool = False) -> list[PageWrite]:
    """Write a batch of pages in order, in one transaction; one PageWrite per page.

    `replay=True` (rebuild only) leaves captures and the ledger as they are: they are what is replayed.
    """
    results = [PageWrite() for _ in pages]
    if not any(p.lists is None or p.lists for p in pages):
        return results
    with write_transaction(db):
        _Batch(db.conn, pages, False, replay).run(results)
    return results


def record_rows(db: Database, page_url: str, pages: list[tuple[str, str, Lists]],
                ledger: RowLedger | None = None) -> PageWrite:
    """Write a batch of a row file's pages, (source, seen_at, cleaned lists) in row order, in one
    transaction; returns the batch's totals. The batch's sources are registered as ingested
    (db.ledger.register_ingested) in that transaction: they are stored, or rolled back, with its rows.

    Sightings of a moment already stored (`row_moments`) are not stored again, and the rows counted
    are kept as one row capture of `page_url`; `ledger` carries what the moments hold from batch to
    batch of one ingest (db/row_ledger.py). A page here is a tuple, not a PageInput with a PageWrite:
    a row file's usual page is one row, and those two objects were a tenth of its bookkeeping.
    """
    total = PageWrite()
    with write_transaction(db):
        register_ingested(db, dict.fromkeys(source for source, _, _ in pages))
        if any(lists for _, _, lists in pages):
            _Batch(db.conn, [], True, False, ledger).run_rows(page_url, pages, total)
    return total


def record_ingested_page(db: Database, source: str, file_url: str, seen_at: str, lists: Lists,
                         site_name: str | None = None, ledger: RowLedger | None = None) -> PageWrite:
    """An ingested page or feed in ONE write transaction: its source registered, the site name it
    gives noted, its sightings stored; a failure leaves none of them. Its sightings go through the
    row ledger as a row file's do (a row capture of `file_url`, the file's own address: never a
    crawled page's), so the same page at the same moment again (a re-run, the file given twice)
    counts nothing. `ledger` as for record_rows: one per ingest, so pages sharing a moment read
    each other's captures once."""
    with write_transaction(db):
        if site_name:
            note_site_name(db, source, site_name)
        return record_rows(db, file_url, [(source, seen_at, lists)], ledger)


def page_from_payload(page_url: str, payload: str) -> Page:
    """The Page a capture's payload ({list: [[raw text, url, position]...]}) was stored from."""
    return Page(url=page_url, lists=[HeadlineList(name, [Sighting(text, url, pos) for text, url, pos in rows])
                                     for name, rows in json.loads(payload).items()])


def row_capture_payload(pages: list[tuple[str, str, Lists]]) -> str:
    """A row capture's payload: one [source, seen_at, list, raw text, url, position] per row counted,
    in the order they were counted (flat, one json.dumps a batch: the C encoder does the work)."""
    return json.dumps([(source, seen_at, name, r.raw or r.text, r.url, r.position)
                       for source, seen_at, lists in pages for name, rows in lists.items() for r in rows],
                      ensure_ascii=False)


def row_capture_pages(payload: str, times: set[str] | None = None) -> Iterator[tuple[str, str, Lists]]:
    """(source, seen_at, cleaned lists) of a row capture's runs of rows, in order; only those seen
    at `times` if given.

    Rows are cleaned again with today's rules, each keeping the position its page gave it. A run
    is one page, or adjacent pages of one moment: what the ledger let through holds no key twice
    per moment and positions are the stored ones, so replaying them together counts the same.
    """
    rows = json.loads(payload)
    start = 0
    while start < len(rows):
        source, seen_at, name = rows[start][:3]
        end = start + 1
        while end < len(rows) and rows[end][0] == source and rows[end][1] == seen_at and rows[end][2] == name:
            end += 1
        if times is None or seen_at in times:
            run = rows[start:end]
            lists = prepare_rows(name, [(r[3], r[4]) for r in run], [r[5] for r in run])
            if lists:
                yield source, seen_at, lists
        start = end


def capture_payload(lists: Lists) -> str:
    """The lists as JSON ({list: [[raw text, url, position]...]}), written out by hand: what
    json.dumps(..., ensure_ascii=False) writes, at half its cost (one payload per page stored)."""
    return "{" + ", ".join(
        _string(name) + ": [" + ", ".join(
            f"[{_string(r.raw or r.text)}, {'null' if r.url is None else _string(r.url)}, {r.position:d}]"
            for r in rows) + "]"
        for name, rows in lists.items()) + "}"


def _chunks(items: list, size: int = _CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _values(width: int, count: int) -> str:
    row = "(" + ",".join("?" * width) + ")"
    return ",".join([row] * count)


def insert_headlines(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """New headlines (id, text, key, url, first_seen, last_seen) into `headlines` with one statement.

    Rows are staged in a temporary table (no triggers) and moved with one INSERT ... SELECT:
    the full-text trigger's index then flushes once per batch, where executemany flushed it per
    row (three quarters of the insert's time). Fixed statements, so the statement cache holds
    no batch-sized programs or bound values.
    """
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS new_headlines (id INTEGER PRIMARY KEY, text TEXT, key TEXT, "
                 "url TEXT, first_seen TEXT, last_seen TEXT)")
    conn.executemany("INSERT INTO temp.new_headlines VALUES (?, ?, ?, ?, ?, ?)", rows)
    conn.execute("INSERT INTO headlines (id, text, key, truncated, url, first_seen, last_seen, tagged, story_id) "
                 "SELECT id, text, key, 0, url, first_seen, last_seen, 0, id FROM temp.new_headlines ORDER BY id")
    conn.execute("DELETE FROM temp.new_headlines")


class _Batch:
    """The pending state of one batch: what it knows of the database and what it will write."""

    set_based = True   # count repeats with db/unchanged.py (False: per sighting, for bench/bench_unchanged.py)

    def __init__(self, conn: sqlite3.Connection, pages: list[PageInput], once: bool, replay: bool,
                 ledger: RowLedger | None = None) -> None:
        self.conn, self.pages, self.once, self.replay = conn, pages, once, replay
        self.ledger = ledger if ledger is not None else RowLedger()
        self.next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM headlines").fetchone()[0]
        self.next_capture = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM captures").fetchone()[0]
        self.known: dict[str, list] = {}        # key -> [id, first_seen, truncated, text, url] as they stand
        self.cut_keys: list[str] = []           # cut rows' keys near the batch's full keys (sorted)
        # What _flush writes, each value a row of its statement as it stands (no tuple built per row)
        self.inserts: dict[int, list] = {}      # id -> [id, text, key, url, first_seen, last_seen]
        self.updates: dict[int, list] = {}      # id -> [last_seen, first_seen, new text or None, new url or None]
        self.appearances: dict[tuple, list] = {}  # (id, source, list) -> [id, source, list, first, last, times, best]
        self.hourly: dict[tuple, list] = {}     # (hour, id, source) -> [hour, id, source, sightings]
        self.dirty: set[str] = set()
        self.latest: dict[tuple, list] = {}     # (source, url) -> [capture id, digest, last_seen, payload]
        self.capture_rows: dict[int, list] = {}  # new captures: id -> row
        self.capture_bumps: dict[int, list] = {}  # id -> [first_seen, last_seen, times]
        self.capture_hours: dict[tuple, int] = {}  # (capture id, hour) -> sightings, so rebuild is exact
        # (source, seen_at) -> what that moment holds already: the one page of it so far (its
        # marks not made yet), or the marks of its sightings (db/row_ledger.py; the ledger's own set)
        self.moments: dict[tuple, Lists | set[bytes]] = {}
        self.row_pages: dict[str, list[tuple]] = {}  # page URL -> [(source, seen_at, lists counted)]

    # ---- reading up front -------------------------------------------------------------
    def _prefetch(self, lists: list[Lists], more: bool = False) -> None:
        """The state of the lists' keys and the cut keys near them; `more`: keys not read yet only
        (what the batch knows of its other keys, pending writes included, stays)."""
        keys = sorted({row.key for page in lists for rows in page.values() for row in rows
                       if not (more and row.key in self.known)})
        for chunk in _chunks(keys):
            for hid, key, *state in self.conn.execute(
                    f"SELECT id, key, {_STATE} FROM headlines WHERE key IN ({','.join('?' * len(chunk))})", chunk):
                self.known[key] = [hid, *state]
        found: set[str] = set()
        full: list[str] = []
        if self.conn.execute("SELECT EXISTS (SELECT 1 FROM headlines INDEXED BY idx_headlines_cut_key "
                             "WHERE truncated = 1)").fetchone()[0]:   # else (row files of whole texts) none to look for
            full = sorted({row.key for page in lists for rows in page.values() for row in rows
                           if not row.truncated and not (more and row.key in self.known)})
        for chunk in _chunks(full):
            # INDEXED BY: for a few hundred keys the planner otherwise builds an automatic index
            # over all of `headlines` per statement, and batches slowed as the table grew.
            found.update(k for (k,) in self.conn.execute(
                f"WITH b(k) AS (VALUES {_values(1, len(chunk))}) SELECT DISTINCT h.key FROM b "
                "JOIN headlines h INDEXED BY idx_headlines_cut_key "
                "ON h.truncated = 1 AND h.key >= substr(b.k, 1, ?) AND h.key < b.k",
                [*chunk, MIN_PREFIX_CHARS]))
        self.cut_keys = sorted(found.union(self.cut_keys)) if more else sorted(found)

    def _prefetch_pages(self) -> None:
        pairs = sorted({(p.source, p.page_url) for p in self.pages})
        ids = []
        for chunk in _chunks(pairs, _CHUNK // 2):
            ids += [r[0] for r in self.conn.execute(
                f"WITH v(s, u) AS (VALUES {_values(2, len(chunk))}) SELECT (SELECT id FROM captures c "
                "WHERE c.source = v.s AND c.page_url = v.u ORDER BY c.last_seen DESC LIMIT 1) FROM v",
                [x for pair in chunk for x in pair]) if r[0] is not None]   # (a row capture's URL is a row file's)
        for chunk in _chunks(ids):
            for cid, source, url, digest, last in self.conn.execute(
                    f"SELECT id, source, page_url, digest, last_seen FROM captures WHERE id IN "
                    f"({','.join('?' * len(chunk))})", chunk):
                self.latest[(source, url)] = [cid, digest, last, None]

    def _prefetch_moments(self, moments: set[tuple[str, str]]) -> None:
        """What the batch's moments, (source, seen_at), hold already: the sightings of the captures
        `row_moments` names for their times, read once per ingest (the ledger keeps them; a fresh
        ingest finds none)."""
        times = sorted({seen_at for _, seen_at in moments})
        named: dict[str, set[int]] = {}
        for chunk in _chunks(times):
            for seen, capture_id in self.conn.execute(
                    f"SELECT seen_at, capture_id FROM row_moments WHERE seen_at IN ({','.join('?' * len(chunk))})",
                    chunk):
                named.setdefault(seen, set()).add(capture_id)
        if not named:
            return
        ledger = self.ledger
        for capture_id, seen in sorted(ledger.unread(named).items()):
            found = self.conn.execute("SELECT form, source, page_url, payload FROM captures WHERE id = ?",
                                      (capture_id,)).fetchone()
            if found is not None:   # (else pruned)
                form, source, page_url, payload = found
                if form == "rows":
                    pages = row_capture_pages(payload, seen)
                else:   # a page stored by an ingest before row captures: its lists, at each moment named
                    lists = prepare_lists(page_from_payload(page_url, payload), None)
                    pages = ((source, at, lists) for at in sorted(seen))
                for page_source, at, lists in pages:
                    ledger.hold(page_source, at, lists)
            ledger.note_read(capture_id, seen)
        for source, seen_at in moments:
            held = ledger.moment(source, seen_at)
            if held is not None:
                self.moments[(source, seen_at)] = held

    # ---- the batch ----------------------------------------------------------------------
    def run(self, results: list[PageWrite]) -> None:
        self._prefetch_pages()
        self._prefetch([p.lists for p in self.pages if p.lists])
        for page, result in zip(self.pages, results):
            if page.lists is None:
                self._not_modified(page, result)
            elif page.lists:
                self._page(page, result)
        self._flush()
        self._flush_captures()

    def run_rows(self, page_url: str, pages: list[tuple[str, str, Lists]], total: PageWrite) -> None:
        """A row file's pages: the sightings their moments do not hold yet, kept for the batch's row
        capture and resolved one by one (no page capture to compare with: the usual row is new)."""
        self._prefetch_moments({(source, seen_at) for source, seen_at, _ in pages})
        self._prefetch([lists for _, _, lists in pages if lists])
        counted: list[tuple[str, str, Lists]] = []
        hours: dict[str, str] = {}   # seen_at -> its hour: rows share few moments
        resolve, appear, recorded = self._resolve, self._appear, self._not_yet_recorded
        items = new = 0
        for source, seen_at, lists in pages:
            if not lists:
                continue
            lists = recorded(source, seen_at, lists, total)
            if not lists:
                continue
            counted.append((source, seen_at, lists))
            hour = hours.get(seen_at)
            if hour is None:
                hour = hours[seen_at] = hour_of(seen_at)
                self.dirty.add(hour)
            for list_name, rows in lists.items():
                for row in rows:
                    headline_id, created = resolve(row, seen_at)
                    new += created
                    appear(headline_id, source, list_name, row.position, seen_at, hour, 1)
                items += len(rows)
        total.items += items
        total.new_headlines += new
        if counted:
            self.row_pages[page_url] = counted
        self._flush()
        self._flush_captures()

    def _not_modified(self, page: PageInput, result: PageWrite) -> None:
        """A 304: its latest capture's sightings again, set-based when that is exact."""
        latest = self.latest.get((page.source, page.page_url))
        if latest is None:
            return
        lists = None
        if self.set_based and not self.once and not self.replay:
            self._flush()   # the statements below read the database: it holds every page before this one
            hour = hour_of(page.seen_at)
            pending = latest[0] in self.capture_rows   # captured in this batch: not written yet
            cached = not pending and unchanged.is_cached(self.conn, latest[0])
            if not cached:
                lists = self._last_lists(page.source, page.page_url)
                # Empty, or cleaned otherwise today (a new capture): the per-sighting rules decide.
                if not lists or digest_lists(lists) != latest[1]:
                    return self._by_sighting(page, result, lists)
                if not pending:
                    unchanged.cache(self.conn, latest[0], cleaned_rows(lists))
            counted = (unchanged.repeat_rows(self.conn, cleaned_rows(lists), page.source, page.seen_at, hour,
                                             page.times) if pending else
                       unchanged.repeat_capture(self.conn, latest[0], page.source, page.seen_at, hour, page.times))
            if counted is not None:
                self._bump_capture(latest, page, hour)
                self.dirty.add(hour)
                result.items = counted
                return
        self._by_sighting(page, result, lists)

    def _by_sighting(self, page: PageInput, result: PageWrite, lists: Lists | None) -> None:
        """A 304 replayed by the per-sighting rules."""
        page.lists = lists if lists is not None else self._last_lists(page.source, page.page_url)
        if page.lists:
            self._prefetch([page.lists], more=True)
            self._page(page, result, set_based=False)

    def _last_lists(self, source: str, page_url: str) -> Lists:
        latest = self.latest.get((source, page_url))
        if latest is None:
            return {}
        payload = latest[3]
        if payload is None:
            payload = self.conn.execute("SELECT payload FROM captures WHERE id = ?", (latest[0],)).fetchone()[0]
        return prepare_lists(page_from_payload(page_url, payload), None)

    def _page(self, page: PageInput, result: PageWrite, set_based: bool = True) -> None:
        lists = page.lists
        hour = hour_of(page.seen_at)
        repeated = False
        if not self.replay:
            repeated = self._capture(page, page.lists, hour)[1]
        self.dirty.add(hour)
        if repeated and set_based and self.set_based and lists is page.lists:   # the lists of its latest capture, shown again
            self._flush()
            counted = unchanged.repeat_rows(self.conn, cleaned_rows(lists), page.source, page.seen_at, hour,
                                            page.times)
            if counted is not None:
                result.items = counted
                return
        for list_name, rows in lists.items():
            for row in rows:
                headline_id, created = self._resolve(row, page.seen_at)
                result.items += 1
                result.new_headlines += created
                self._appear(headline_id, page.source, list_name, row.position, page.seen_at, hour, page.times)

    def _not_yet_recorded(self, source: str, seen_at: str, lists: Lists, total: PageWrite) -> Lists:
        """The page's sightings its moment does not hold yet; the moment notes them (in place: a
        moment of many pages costs each page its own rows only). Repeats left out add to `total`."""
        moment = (source, seen_at)
        held = self.moments.get(moment)
        if held is None:   # the usual page: its moment holds nothing yet (its marks are made only if needed)
            self.moments[moment] = lists
            return lists
        if not isinstance(held, set):
            held = self.moments[moment] = marks(held)
        kept: Lists = {}
        repeated = 0
        for name, rows in lists.items():
            fresh = []
            for row in rows:   # a list holds a key once (prepare_rows): noting as we go is exact
                sighting = mark(name, row.key)
                if sighting not in held:
                    held.add(sighting)
                    fresh.append(row)
            if fresh:
                kept[name] = fresh
            repeated += len(rows) - len(fresh)
        total.repeated += repeated
        return kept

    def _capture(self, page: PageInput, lists: Lists, hour: str) -> tuple[int, bool]:
        """Keep the raw extraction only when it differs from the page's previous capture; its id,
        and whether it is the previous one (the page came back unchanged)."""
        digest = digest_lists(lists)
        pair = (page.source, page.page_url)
        latest = self.latest.get(pair)
        if latest and latest[1] == digest:
            self._bump_capture(latest, page, hour)
            return latest[0], True
        cid = self.next_capture
        self.next_capture += 1
        payload = capture_payload(lists)  # only a changed page pays for it
        self.capture_rows[cid] = [page.source, page.page_url, digest, page.seen_at, page.seen_at, 1, payload]
        if latest is None or (page.seen_at, cid) > (latest[2], latest[0]):
            self.latest[pair] = [cid, digest, page.seen_at, payload]
        self._count_capture_hour(cid, page, hour)
        return cid, False

    def _bump_capture(self, latest: list, page: PageInput, hour: str) -> None:
        """The page's latest capture seen again at the page's moment."""
        row = self.capture_rows.get(latest[0])
        if row is not None:
            row[3], row[4] = min(row[3], page.seen_at), max(row[4], page.seen_at)
            row[5] += page.times
        else:
            bump = self.capture_bumps.setdefault(latest[0], [page.seen_at, page.seen_at, 0])
            bump[0], bump[1] = min(bump[0], page.seen_at), max(bump[1], page.seen_at)
            bump[2] += page.times
        latest[2] = max(latest[2], page.seen_at)
        self._count_capture_hour(latest[0], page, hour)

    def _count_capture_hour(self, capture_id: int, page: PageInput, hour: str) -> None:
        key = (capture_id, hour)
        self.capture_hours[key] = self.capture_hours.get(key, 0) + page.times

    def _resolve(self, row: CleanSighting, seen_at: str) -> tuple[int, bool]:
        if not row.truncated:
            known = self.known.get(row.key)
            if known is not None:
                self._seen_again(known, row, seen_at)
                return known[0], False
            if not self.cut_keys or not self._may_complete_cut(row.key):
                hid = self.next_id
                self.next_id += 1
                self.inserts[hid] = [hid, row.text, row.key, row.url, seen_at, seen_at]
                self.known[row.key] = [hid, seen_at, 0, row.text, row.url]
                return hid, True
        # The database's full view decides: write what is pending, then one sighting at a time.
        self._flush()
        headline_id, created, merged = _resolve(self.conn, row, seen_at)
        for cut_id in merged:
            for key, known in list(self.known.items()):
                if known[0] == cut_id:
                    del self.known[key]
        fresh = self.conn.execute(f"SELECT id, {_STATE} FROM headlines WHERE key = ?", (row.key,)).fetchone()
        if fresh:
            self.known[row.key] = list(fresh)
            if fresh[2] and created:
                bisect.insort(self.cut_keys, row.key)
        if row.truncated and (fresh is None or fresh[0] != headline_id):   # its full form's span widened
            hid, key, *state = self.conn.execute(f"SELECT id, key, {_STATE} FROM headlines WHERE id = ?",
                                                 (headline_id,)).fetchone()
            if key in self.known:
                self.known[key] = [hid, *state]
        self.next_id = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM headlines").fetchone()[0]
        return headline_id, created

    def _seen_again(self, known: list, row: CleanSighting, seen_at: str) -> None:
        """A known key seen again: the rules of the per-sighting path, applied to the row's state."""
        hid, first, truncated, text, url = known
        if seen_at < first:  # seen earlier than known (historical ingest): its first hour moves
            self.dirty.add(hour_of(first))
        new_text = new_url = None
        if not row.truncated and (truncated or (seen_at, row.text) < (first, text)):
            # Shown whole once seen uncut, else as first seen (ties: code-point order).
            new_text = known[3] = row.text
            known[2] = 0
        if row.url and (url is None or (seen_at, row.url) < (first, url)):
            new_url = known[4] = row.url
        known[1] = min(first, seen_at)
        insert = self.inserts.get(hid)
        if insert is not None:  # not written yet: the insert carries the final state
            insert[1] = known[3]
            insert[3] = known[4]
            insert[4], insert[5] = min(insert[4], seen_at), max(insert[5], seen_at)
            return
        update = self.updates.get(hid)
        if update is None:
            self.updates[hid] = [seen_at, seen_at, new_text, new_url]
            return
        update[0], update[1] = max(update[0], seen_at), min(update[1], seen_at)
        update[2] = new_text if new_text is not None else update[2]
        update[3] = new_url if new_url is not None else update[3]

    def _may_complete_cut(self, key: str) -> bool:
        """Whether a cut row this full key starts with may exist (then the database decides)."""
        if not self.cut_keys:
            return False
        start = bisect.bisect_left(self.cut_keys, key[:MIN_PREFIX_CHARS])
        end = bisect.bisect_left(self.cut_keys, key)
        return any(key.startswith(cut) for cut in self.cut_keys[start:end])

    def _appear(self, hid: int, source: str, list_name: str, position: int, seen_at: str, hour: str,
                times: int) -> None:
        key = (hid, source, list_name)
        found = self.appearances.get(key)
        if found is None:
            self.appearances[key] = [hid, source, list_name, seen_at, seen_at, times, position]
        else:
            if seen_at < found[3]:
                found[3] = seen_at
            if seen_at > found[4]:
                found[4] = seen_at
            found[5] += times
            if position < found[6]:
                found[6] = position
        key = (hour, hid, source)
        count = self.hourly.get(key)
        if count is None:
            self.hourly[key] = [hour, hid, source, times]
        else:
            count[3] += times

    # ---- writing ------------------------------------------------------------------------
    def _flush(self) -> None:
        conn = self.conn
        if self.inserts:
            insert_headlines(conn, list(self.inserts.values()))
        if self.updates:
            conn.executemany("UPDATE headlines SET last_seen = max(last_seen, ?), first_seen = min(first_seen, ?) "
                             "WHERE id = ?", [(u[0], u[1], hid) for hid, u in self.updates.items()])
            conn.executemany("UPDATE headlines SET text = ?, truncated = 0, tagged = 0, grouped = 0 WHERE id = ?",
                             [(u[2], hid) for hid, u in self.updates.items() if u[2] is not None])
            conn.executemany("UPDATE headlines SET url = ? WHERE id = ?",
                             [(u[3], hid) for hid, u in self.updates.items() if u[3] is not None])
        if self.appearances:
            conn.executemany(
                "INSERT INTO appearances (headline_id, source, list_name, first_seen, last_seen, times_seen, "
                "best_position) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (headline_id, source, list_name) "
                "DO UPDATE SET first_seen = min(first_seen, excluded.first_seen), "
                "last_seen = max(last_seen, excluded.last_seen), times_seen = times_seen + excluded.times_seen, "
                "best_position = min(best_position, excluded.best_position)",
                list(self.appearances.values()))
        if self.hourly:
            conn.executemany(
                "INSERT INTO sightings_hourly (hour, headline_id, source, sightings) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (hour, headline_id, source) DO UPDATE SET sightings = sightings + excluded.sightings",
                list(self.hourly.values()))
        if self.dirty:
            conn.executemany("INSERT OR IGNORE INTO dirty_hours (hour) VALUES (?)", [(h,) for h in self.dirty])
        self.inserts, self.updates, self.appearances, self.hourly, self.dirty = {}, {}, {}, {}, set()

    def _flush_captures(self) -> None:
        conn = self.conn
        if self.capture_bumps:
            conn.executemany("UPDATE captures SET first_seen = min(first_seen, ?), last_seen = max(last_seen, ?), "
                             "times_seen = times_seen + ? WHERE id = ?",
                             [(*bump, cid) for cid, bump in self.capture_bumps.items()])
        if self.capture_rows:
            conn.executemany("INSERT INTO captures (id, source, page_url, digest, first_seen, last_seen, times_seen, "
                             "payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             [(cid, *row) for cid, row in self.capture_rows.items()])
        if self.capture_hours:
            conn.executemany("INSERT INTO capture_hours (capture_id, hour, times) VALUES (?, ?, ?) "
                             "ON CONFLICT (capture_id, hour) DO UPDATE SET times = times + excluded.times",
                             [(*key, times) for key, times in self.capture_hours.items()])
        for page_url, pages in self.row_pages.items():
            cid = self.next_capture
            self.next_capture += 1
            payload = row_capture_payload(pages)
            sources = {source for source, _, _ in pages}
            times = sorted({seen_at for _, seen_at, _ in pages})
            conn.execute("INSERT INTO captures (id, source, page_url, digest, first_seen, last_seen, times_seen, "
                         "payload, form) VALUES (?, ?, ?, ?, ?, ?, 1, ?, 'rows')",
                         (cid, sources.pop() if len(sources) == 1 else None, page_url,
                          hashlib.blake2b(payload.encode(), digest_size=16).hexdigest(), times[0], times[-1],
                          payload))
            conn.executemany("INSERT OR IGNORE INTO row_moments (seen_at, capture_id) VALUES (?, ?)",
                             [(seen_at, cid) for seen_at in times])
            self.ledger.note_read(cid, {seen_at for seen_at in times if self.ledger.tracks(seen_at)})
        if self.row_pages:   # the ledger's times: what this batch added to them, for the next batch
            for (source, seen_at), held in self.moments.items():
                if self.ledger.tracks(seen_at):
                    self.ledger.keep(source, seen_at, held if isinstance(held, set) else marks(held))


# ---- one sighting at a time, against the database (cut texts and what they touch) ---------------
def _resolve(conn: sqlite3.Connection, row: CleanSighting, seen_at: str) -> tuple[int, bool, list[int]]:
    """The distinct headline this sighting is, creating or upgrading rows as needed; also the ids of
    cut rows merged into it.

    A cut text looks for its full form first, so a link can settle what a prefix cannot.
    """
    if row.truncated:
        full_id = _full_form_of(conn, row)
        if full_id is not None:
            _keep_text(conn, full_id, row.text, seen_at)
            _widen(conn, full_id, seen_at)
            return full_id, False, []
    found = conn.execute("SELECT id, first_seen, text, truncated, url FROM headlines WHERE key = ?",
                         (row.key,)).fetchone()
    if found:
        headline_id, first_seen, text, cut, url = found
        _widen(conn, headline_id, seen_at, first_seen)
        if not row.truncated and (cut or (seen_at, row.text) < (first_seen, text)):
            # Shown whole once seen uncut, else as first seen (ties: code-point order), so the text
            # does not depend on which copy happened to arrive first.
            conn.execute("UPDATE headlines SET text = ?, truncated = 0, tagged = 0, grouped = 0 WHERE id = ?",
                         (row.text, headline_id))
        if row.url and (url is None or (seen_at, row.url) < (first_seen, url)):
            conn.execute("UPDATE headlines SET url = ? WHERE id = ?", (row.url, headline_id))
        return headline_id, False, []
    # story_id starts as the headline's own id (the rowid SQLite assigns: max + 1), in one statement.
    cursor = conn.execute(
        "INSERT INTO headlines (text, key, truncated, url, first_seen, last_seen, tagged, story_id) "
        "VALUES (?, ?, ?, ?, ?, ?, 0, (SELECT coalesce(max(id), 0) + 1 FROM headlines))",
        (row.text, row.key, int(row.truncated), row.url, seen_at, seen_at))
    headline_id = cursor.lastrowid
    merged = [] if row.truncated else _cut_forms_of(conn, row)
    for cut_id in merged:
        merge_headline(conn, cut_id, headline_id)
    return headline_id, True, merged


def _widen(conn: sqlite3.Connection, headline_id: int, seen_at: str, first_seen: str | None = None) -> None:
    """A sighting of the headline at `seen_at`, cut or full: its span widens either way.

    Seen earlier than known (historical ingest, out of order): its first hour moves."""
    if first_seen is None:
        first_seen = conn.execute("SELECT first_seen FROM headlines WHERE id = ?", (headline_id,)).fetchone()[0]
    if seen_at < first_seen:
        conn.execute("INSERT OR IGNORE INTO dirty_hours (hour) VALUES (?)", (hour_of(first_seen),))
    conn.execute("UPDATE headlines SET last_seen = max(last_seen, ?), first_seen = min(first_seen, ?) "
                 "WHERE id = ?", (seen_at, seen_at, headline_id))


def _prefix_ok(key: str) -> bool:
    return len(key) >= MIN_PREFIX_CHARS and key.count(" ") + 1 >= MIN_PREFIX_WORDS


def cleaned_rows(lists: Lists) -> list[tuple]:
    """A page's rows as db/unchanged.py reads them (its COLUMNS), in the page's order."""
    rows: list[tuple] = []
    for name, items in lists.items():
        for row in items:
            rows.append((len(rows), name, row.position, row.key, row.text, row.url, int(row.truncated),
                         int(row.truncated and _prefix_ok(row.key))))
    return rows


def _full_form_of(conn: sqlite3.Connection, row: CleanSighting) -> int | None:
    """A full headline this cut one is the start of: same link first, else the unique prefix match."""
    if row.url:
        for hid, key in conn.execute("SELECT id, key FROM headlines WHERE url = ? AND truncated = 0",
                                     (row.url,)):
            if key.startswith(row.key):
                return hid
    if not _prefix_ok(row.key):
        return None
    matches = conn.execute(
        "SELECT id FROM headlines WHERE key > ? AND key < ? AND truncated = 0 LIMIT 2",
        (row.key, row.key + _TOP)).fetchall()
    return matches[0][0] if len(matches) == 1 else None


def _cut_forms_of(conn: sqlite3.Connection, row: CleanSighting) -> list[int]:
    """Cut headlines stored earlier that this full headline completes."""
    lower = row.key[:MIN_PREFIX_CHARS]
    candidates = conn.execute(
        "SELECT id, key, url FROM headlines WHERE key >= ? AND key < ? AND truncated = 1",
        (lower, row.key)).fetchall()
    result = []
    for cut_id, cut_key, cut_url in candidates:
        if not row.key.startswith(cut_key):
            continue
        same_link = bool(row.url) and cut_url == row.url
        if same_link or (_prefix_ok(cut_key) and _unique_full_form(conn, cut_key)):
            result.append(cut_id)
    return result


def _unique_full_form(conn: sqlite3.Connection, cut_key: str) -> bool:
    count = conn.execute("SELECT count(*) FROM (SELECT 1 FROM headlines WHERE key > ? AND key < ? "
                         "AND truncated = 0 LIMIT 2)", (cut_key, cut_key + _TOP)).fetchone()
    return count[0] == 1


def _keep_text(conn: sqlite3.Connection, headline_id: int, text: str, seen_at: str) -> None:
    conn.execute("INSERT OR IGNORE INTO headline_texts (headline_id, text, first_seen) VALUES (?, ?, ?)",
                 (headline_id, text, seen_at))


def merge_headline(conn: sqlite3.Connection, old_id: int, into_id: int) -> None:
    """Fold headline `old_id` into `into_id`: appearances, hourly sightings, texts; then delete it."""
    conn.execute("INSERT OR IGNORE INTO dirty_hours (hour) SELECT hour FROM sightings_hourly "
                 "WHERE headline_id IN (?, ?)", (old_id, into_id))
    conn.execute(
        "INSERT INTO appearances (headline_id, source, list_name, first_seen, last_seen, times_seen, "
        "best_position) SELECT ?, source, list_name, first_seen, last_seen, times_seen, best_position "
        "FROM appearances WHERE headline_id = ? ON CONFLICT (headline_id, source, list_name) DO UPDATE "
        "SET first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen), "
        "times_seen = times_seen + excluded.times_seen, "
        "best_position = min(best_position, excluded.best_position)", (into_id, old_id))
    conn.execute(
        "INSERT INTO sightings_hourly (hour, headline_id, source, sightings) "
        "SELECT hour, ?, source, sightings FROM sightings_hourly WHERE headline_id = ? "
        "ON CONFLICT (hour, headline_id, source) DO UPDATE SET sightings = sightings + excluded.sightings",
        (into_id, old_id))
    conn.execute("INSERT OR IGNORE INTO headline_texts (headline_id, text, first_seen) "
                 "SELECT ?, text, first_seen FROM headlines WHERE id = ?", (into_id, old_id))
    conn.execute("INSERT OR IGNORE INTO headline_texts (headline_id, text, first_seen) "
                 "SELECT ?, text, first_seen FROM headline_texts WHERE headline_id = ?", (into_id, old_id))
    conn.execute("UPDATE headlines SET first_seen = min(first_seen, (SELECT first_seen FROM headlines "
                 "WHERE id = ?)), tagged = 0 WHERE id = ?", (old_id, into_id))
    conn.execute("UPDATE headlines SET story_id = ? WHERE story_id = ?", (into_id, old_id))
    for table in ("appearances", "sightings_hourly", "headline_topics", "headline_texts"):
        conn.execute(f"DELETE FROM {table} WHERE headline_id = ?", (old_id,))
    conn.execute("DELETE FROM headlines WHERE id = ?", (old_id,))


def batches(pages: Iterable[PageInput], size: int) -> Iterator[list[PageInput]]:
    """Pages in groups of about `size` sightings (a batch is one transaction)."""
    batch, count = [], 0
    for page in pages:
        batch.append(page)
        count += sum(len(rows) for rows in (page.lists or {}).values()) or 1
        if count >= size:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch
