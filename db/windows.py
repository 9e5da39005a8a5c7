"""Which rollup rows hold a window, and which topics can rank in it, without summing every topic.

A window [since, until) counts each hour starting inside [floor_hour(since), until) once: whole
weeks from `topic_weekly`, whole days beside them from `topic_daily`, the hours of its two
partial days from `topic_hourly` (`window_parts`).

Ranking the top N of a 90-day window by summing those rows touches every topic (~20 k at 10 M
appearances) and hundreds of thousands of rows. `top_candidates` finds a small superset of the
top N instead (Fagin's threshold algorithm): it reads each span of the window (one hour, day or
week) in descending order of headlines from an index, sums the exact window count of each
topic met, and stops once the N-th best exact count is above the sum of the counts each span is
down to: no topic not met yet can reach it. Only the candidates are then ranked exactly, so the
answer is the one summing every topic gives. (A span read may also be a whole day standing for
most of its hours: its count bounds theirs, which is all the stopping rule needs.)
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
from datetime import datetime, timedelta
from typing import Iterator

from aggregator.timewindow import hour_of, parse_iso, to_iso

ROLLUP_COLUMNS = {"topic_hourly": "hour", "topic_daily": "day", "topic_weekly": "week"}
ROLLUP_SPANS = {"topic_hourly": "hour AS first_hour, hour AS last_hour",
                "topic_daily": "first_hour, last_hour", "topic_weekly": "first_hour, last_hour"}
SPAN_LENGTH = {"topic_hourly": timedelta(hours=1), "topic_daily": timedelta(days=1),
               "topic_weekly": timedelta(days=7)}
# Above this many topics asked for (trending asks for all), or met while pruning, summing every
# topic of the window is cheaper than pruning.
MAX_PRUNED_LIMIT = 1000
MAX_CANDIDATES = 5000
COVER_HOURS = 12  # a run of this many hours of one day is read ranked as the whole day
FIRST_DEPTH = 16  # rows first read per span; each further read doubles what it has given


def hour_bounds(since: str, until: str) -> tuple[datetime, datetime]:
    """The first hour of the window and the hour after its last: an hour counts when it starts
    inside [floor_hour(since), until)."""
    first = parse_iso(hour_of(since))
    last = parse_iso(hour_of(until))
    return first, last if last == parse_iso(until) else last + timedelta(hours=1)


def window_parts(since: str, until: str) -> list[tuple[str, str, str]]:
    """(rollup table, lower, upper) spans that together hold each hour of the window once.

    An hour counts when it starts inside [floor_hour(since), until). Whole weeks (from Monday)
    come from topic_weekly, whole days beside them from topic_daily, and the hours of the two
    partial days from topic_hourly: at most 2 x 23 hour rows, 2 x 6 days and the weeks.
    """
    first, stop = hour_bounds(since, until)
    day0 = first.replace(hour=0) + (timedelta(days=1) if first.hour else timedelta(0))
    day1 = stop.replace(hour=0)
    if day1 <= day0:
        return [("topic_hourly", to_iso(first), to_iso(stop))]
    week0 = day0 + timedelta(days=(7 - day0.weekday()) % 7)
    week1 = day1 - timedelta(days=day1.weekday())
    spans = [("topic_hourly", first, day0)]
    if week0 < week1:
        spans += [("topic_daily", day0, week0), ("topic_weekly", week0, week1), ("topic_daily", week1, day1)]
    else:
        spans.append(("topic_daily", day0, day1))
    spans.append(("topic_hourly", day1, stop))
    return [(table, to_iso(lower), to_iso(upper)) for table, lower, upper in spans if lower < upper]


def window_rows_sql(parts: list[tuple[str, str, str]], *, only_topics: bool = False) -> tuple[str, list]:
    """A UNION ALL of the parts' rows (topic_id, headlines, stories, sightings, sources, first_hour,
    last_hour) and its parameters; `only_topics` adds a `topic_id IN json_each(?)` filter whose
    parameter `part_params` puts before each part's bounds."""
    selects, params = [], []
    for table, lower, upper in parts:
        column = ROLLUP_COLUMNS[table]
        where = f"{column} >= ? AND {column} < ?"
        if only_topics:
            where = f"topic_id IN (SELECT value FROM json_each(?)) AND {where}"
        selects.append(f"SELECT topic_id, headlines, stories, sightings, sources, {ROLLUP_SPANS[table]} "
                       f"FROM {table} WHERE {where}")
        params.append((lower, upper))
    return " UNION ALL ".join(selects), params


def part_params(params: list, topics: list[int] | None = None) -> list:
    """The flat parameters of `window_rows_sql`, with the topic filter before each part's bounds."""
    flat: list = []
    ids = json.dumps(topics) if topics is not None else None
    for lower, upper in params:
        flat += ([ids] if ids is not None else []) + [lower, upper]
    return flat


def topic_headlines(conn: sqlite3.Connection, parts: list[tuple[str, str, str]], topics: list[int]) -> dict[int, int]:
    """Distinct headlines in the window parts of each of `topics` with a row there.

    Each part is summed per topic in the order of its topic-first index (a few index ranges per
    topic, no sort), and the parts are added here.
    """
    ids = json.dumps(topics)
    counts: dict[int, int] = {}
    for table, lower, upper in parts:
        column = ROLLUP_COLUMNS[table]
        for topic, headlines in conn.execute(
                f"SELECT topic_id, sum(headlines) FROM {table} WHERE topic_id IN (SELECT value FROM json_each(?)) "
                f"AND {column} >= ? AND {column} < ? GROUP BY topic_id", [ids, lower, upper]):
            counts[topic] = counts.get(topic, 0) + headlines
    return counts


def window_totals(conn: sqlite3.Connection, since: str, until: str) -> list[tuple]:
    """(topic_id, headlines, stories, sources, sightings, first_hour, last_hour) of every topic with
    a headline in the window, in no particular order (no names, no sort: what trending filters)."""
    union, bounds = window_rows_sql(window_parts(since, until))
    return conn.execute("SELECT topic_id, sum(headlines), sum(stories), max(sources), sum(sightings), "
                        f"min(first_hour), max(last_hour) FROM ({union}) GROUP BY topic_id HAVING sum(headlines) > 0",
                        part_params(bounds)).fetchall()


RANKED_SPAN_SQL = {table: f"SELECT topic_id, headlines FROM {table} WHERE {column} = ? AND headlines > 0 "
                          "ORDER BY headlines DESC"
                   for table, column in ROLLUP_COLUMNS.items()}


def spans_of(parts: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """The single hours, days and weeks to read ranked, as (table, its first hour): those of the
    parts, except that a run of at least COVER_HOURS hours of one day is read as its whole day
    (a day's count bounds its hours' sum: one list instead of many, a bound at most 2x looser)."""
    spans = []
    for table, lower, upper in parts:
        moment, end = parse_iso(lower), parse_iso(upper)
        while moment < end:
            if table == "topic_hourly":
                day_end = min(end, moment.replace(hour=0) + timedelta(days=1))
                if day_end - moment >= timedelta(hours=COVER_HOURS):
                    spans.append(("topic_daily", to_iso(moment.replace(hour=0))))
                    moment = day_end
                    continue
            spans.append((table, to_iso(moment)))
            moment += SPAN_LENGTH[table]
    return spans


def top_candidates(conn: sqlite3.Connection, since: str, until: str, limit: int) -> list[int] | None:
    """Topic ids among which the window's top `limit` by headlines are (ties at the last place
    included), or None when pruning does not pay (a large limit, or too many topics met)."""
    if limit > MAX_PRUNED_LIMIT:
        return None
    parts = window_parts(since, until)
    spans = spans_of(parts)
    if not spans:
        return []  # an empty window (since at or after until)
    cursors = [conn.execute(RANKED_SPAN_SQL[table], [span]) for table, span in spans]
    try:
        return _threshold(conn, cursors, parts, limit)
    finally:
        for cursor in cursors:
            cursor.close()


def _threshold(conn: sqlite3.Connection, cursors: list[sqlite3.Cursor], parts: list[tuple[str, str, str]],
               limit: int) -> list[int] | None:
    floors: list[float] = [float("inf")] * len(cursors)  # last count read per span; 0 once read to its end
    read = [0] * len(cursors)
    exact: dict[int, int] = {}
    while True:
        # Read on in the spans whose counts weigh most in the bound (days before their hours):
        # each at least a quarter of the largest, a batch as long as what it has given so far.
        top = max(floors)
        met: set[int] = set()
        for index, cursor in enumerate(cursors):
            if floors[index] == 0 or floors[index] * 4 < top:
                continue
            batch = max(FIRST_DEPTH, read[index])
            rows = cursor.fetchmany(batch)
            read[index] += len(rows)
            met.update(topic for topic, _ in rows)
            floors[index] = rows[-1][1] if len(rows) == batch else 0
        new = sorted(met.difference(exact))
        if new:
            exact.update(topic_headlines(conn, parts, new))
        if len(exact) > MAX_CANDIDATES:
            return None
        ranked = sorted(exact.values(), reverse=True)
        bar = ranked[limit - 1] if len(ranked) >= limit else 0
        if bar > sum(floors) or not any(floors):
            return [topic for topic, count in exact.items() if count >= bar]


@contextlib.contextmanager
def read_snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction around several queries, so candidates and their ranking see the same
    data even while a writer commits (joins a transaction already open)."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")
