"""Each topic's headlines over any hours as two lookups, kept in memory by a long-lived process.

Trending sums every topic's headlines over the window and its baseline: read from the rollups
that is tens of thousands of rows per request (~150-350 ms at 10 M appearances). The API server
instead keeps, for every hour boundary since the data's first hour, the running total of each
topic's new headlines before it (`HourlyTotals`): a topic's count over [first, stop) is
totals[stop][topic] - totals[first][topic], for all topics in one pass over two arrays.

Memory is 4 bytes x topic slots x hours of data (69 MB for 20 k topics over 30 days); above
MAX_BYTES the process keeps nothing and trending reads the rollups. Only processes that call
`keep_in_memory` (the server) build it: a one-shot command would spend seconds building it to
answer once.

It follows the rollups through `rollup_changes` (db/rollups.py adds a row, with the first hour
it refreshed, in the refresh's own transaction): a reader in a newer generation recomputes the
totals from that hour on. A snapshot is never changed in place, so a thread reading one is safe
while another replaces it.
"""
from __future__ import annotations

import sqlite3
import threading
from array import array
from datetime import datetime, timedelta, timezone
from operator import sub

from aggregator.timewindow import parse_iso, to_iso

HOUR = timedelta(hours=1)
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
MAX_BYTES = 512 * 2**20  # the most memory the totals may take
HEADROOM = 1.25          # topic slots allocated beyond the largest id, so new topics rarely force a rebuild

_kept: set[str] = set()
_current: dict[str, HourlyTotals] = {}
_matchable: dict[str, tuple[int, frozenset[int], frozenset[int]]] = {}
_lock = threading.Lock()      # guards the dicts above
_building = threading.Lock()  # held while totals are built or brought up to date


class HourlyTotals:
    """Running totals of new headlines per topic id at each hour boundary from `start`."""

    def __init__(self, generation: int, start: datetime, totals: list[array]) -> None:
        self.generation = generation
        self.start = start
        self.totals = totals  # totals[k][topic]: headlines in hours [start, start + k h)

    def counts(self, first: datetime, stop: datetime) -> list[int]:
        """Headlines of each topic id (list index) in the hours [first, stop); [] when empty."""
        if stop <= first:
            return []
        low, high = self._at(first), self._at(stop)
        if low is None:
            return list(high) if high is not None else []
        if high is None:
            return []
        counts = list(map(sub, high, low))
        counts.extend(high[len(low):])
        return counts

    def _at(self, moment: datetime) -> array | None:
        index = (moment - self.start) // HOUR
        if index <= 0 or not self.totals:
            return None  # nothing before the first hour
        return self.totals[min(index, len(self.totals) - 1)]


def keep_in_memory(db_path: str, *, warm: bool = False) -> None:
    """Keep the totals of this database file in this process from now on (the API server);
    `warm` builds them at once in a background thread, not at the first trending request."""
    path = str(db_path)
    if not path:  # an in-memory database ('') is another one on each connection
        return
    with _lock:
        _kept.add(path)
    if warm:
        threading.Thread(target=_warm, args=(path,), name="trend-index-warm", daemon=True).start()


def _warm(path: str) -> None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return  # the first trending request builds them instead
    try:
        conn.execute("BEGIN")
        current(conn)
    except sqlite3.Error:
        pass
    finally:
        conn.close()


def forget(db_path: str) -> None:
    with _lock:
        _kept.discard(str(db_path))
        _current.pop(str(db_path), None)
        _matchable.pop(str(db_path), None)


def current(conn: sqlite3.Connection) -> HourlyTotals | None:
    """The totals for what `conn` sees now (call inside its read transaction), or None when this
    process does not keep them for its file, they would exceed MAX_BYTES, or the schema predates
    rollup_changes. A first build takes seconds at 10 M appearances."""
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    if path not in _kept:
        return None
    try:
        generation = conn.execute("SELECT coalesce(max(generation), 0) FROM rollup_changes").fetchone()[0]
    except sqlite3.OperationalError:
        return None
    with _lock:
        found = _current.get(path)
    if found is not None and found.generation >= generation:
        return found if found.generation == generation else None  # older transaction: read the rollups
    with _building:  # one thread builds or updates; the others wait for it (started at once by `warm`)
        with _lock:
            found = _current.get(path)
        if found is not None and found.generation >= generation:
            return found if found.generation == generation else None
        made = _refreshed(conn, found, generation)
        with _lock:
            if made is None:
                _current.pop(path, None)
            else:
                _current[path] = made
        return made


def matchable_by_id(conn: sqlite3.Connection, topics: list[int]) -> bool:
    """Whether each of `topics` exists with a name no other topic has (trending matches the
    window and baseline by name; then matching by id is the same). Cached until topics change."""
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    generation = conn.execute("SELECT generation FROM topic_changes").fetchone()[0]
    with _lock:
        found = _matchable.get(path)
    if found is None or found[0] != generation:
        known = frozenset(row[0] for row in conn.execute("SELECT id FROM topics"))
        shared = frozenset(row[0] for row in conn.execute(
            "SELECT id FROM topics WHERE name IS NULL OR name IN "
            "(SELECT name FROM topics GROUP BY name HAVING count(*) > 1)"))
        found = (generation, known, shared)
        with _lock:
            _matchable[path] = found
    return found[1].issuperset(topics) and found[2].isdisjoint(topics)


def _refreshed(conn: sqlite3.Connection, old: HourlyTotals | None, generation: int) -> HourlyTotals | None:
    """`old` brought to `generation`: recomputed from the first hour changed since, or all built."""
    since = _first_changed(conn, old.generation) if old is not None else ""
    first_hour, last_hour, top_id = conn.execute(
        "SELECT (SELECT min(hour) FROM topic_hourly), (SELECT max(hour) FROM topic_hourly), "
        "(SELECT max(topic_id) FROM topic_hourly)").fetchone()
    if first_hour is None:
        return HourlyTotals(generation, EPOCH, [])
    start, end = parse_iso(first_hour), parse_iso(last_hour) + HOUR
    width = int((top_id or 0) * HEADROOM) + 64
    keep = 0
    if old is not None and since and old.start == start and old.totals and top_id < len(old.totals[-1]):
        keep = min(len(old.totals), max(0, (parse_iso(since) - start) // HOUR) + 1)
        width = len(old.totals[-1])
    hours = (end - start) // HOUR
    if (hours + 1) * width * 4 > MAX_BYTES:
        return None
    totals = old.totals[:keep] if keep else [array("i", bytes(4 * width))]
    running = array("i", totals[-1])
    running.extend(bytes(4 * (width - len(running))))
    moment = start + (len(totals) - 1) * HOUR
    rows = conn.execute("SELECT hour, topic_id, headlines FROM topic_hourly WHERE hour >= ? AND headlines > 0 "
                        "ORDER BY hour", [to_iso(moment)])
    hour_text = to_iso(moment)
    for hour, topic, headlines in rows:
        if hour != hour_text:
            target = parse_iso(hour)
            while moment < target:  # close every hour before this row's, empty ones too
                totals.append(array("i", running))
                moment += HOUR
            hour_text = hour
        running[topic] += headlines
    while moment < end:
        totals.append(array("i", running))
        moment += HOUR
    return HourlyTotals(generation, start, totals)


def _first_changed(conn: sqlite3.Connection, generation: int) -> str:
    """The first hour refreshed after `generation` ('' = everything, or the record was pruned)."""
    oldest, first = conn.execute(
        "SELECT (SELECT min(generation) FROM rollup_changes), "
        "(SELECT min(first_hour) FROM rollup_changes WHERE generation > ?)", [generation]).fetchone()
    if oldest is None or oldest > generation + 1:
        return ""
    return first or ""
