"""Group headlines into stories (near-duplicates), the same way whatever order they arrived in.

Grouping visits headlines in canonical order (first_seen, key) with aggregator.story_groups;
each headline's links to the earlier ones it matched are stored in story_links, and story_id
is the component's canonical-first member. An incremental run starts at the canonical position
P of the earliest headline that is new or changed (grouped = 0, or a position recorded in
story_restarts when dedupe removed a headline): it drops the links of headlines at or after P,
relabels the stories they held, seeds the grouper with the window before P and recomputes from
P on. So a run gives exactly what one pass over all headlines (`rebuild`) gives, and in live
crawling, where P is near the newest data, its cost follows the new headlines.
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

from sqlite_utils import Database

from aggregator.story_groups import StoryGrouper, window_start
from aggregator.timewindow import hour_of
from db.connection import write_transaction

# A rewrite or a syndicated copy shows up within days; older headlines need not be candidates.
STORY_WINDOW_DAYS = 3.0
AT_OR_AFTER = "(first_seen, key) >= (?, ?)"


# A grouped chunk handed on, each headline as (id, text, truncated, first_seen, key), canonical order.
ChunkHandler = Callable[[list[tuple[int, str, int, str, str]]], None]


def refresh_stories(db: Database, *, window_days: float = STORY_WINDOW_DAYS, chunk: int = 20_000,
                    then: ChunkHandler | None = None) -> int:
    """Regroup from the earliest new or changed headline on; returns how many headlines were grouped.

    `then` receives each chunk once it is stored: the aggregate step tags it while its texts are
    still in names.normalise's memo.
    """
    start = _restart_point(db)
    if start is None:
        return 0
    with write_transaction(db):
        _detach(db, start)
        db.execute("DELETE FROM story_restarts")
    # Frozen window members (all but the newest; story_window.HOT) are read again from the table
    # when compared, and their links when one may be the same: the window holds neither.
    grouper = StoryGrouper(window_days * 86400.0, texts=lambda hid: db.execute(
        "SELECT text FROM headlines WHERE id = ?", [hid]).fetchone()[0], links=lambda hid: db.execute(
        "SELECT url FROM headlines WHERE id = ?", [hid]).fetchone()[0])
    _seed(db, grouper, start)
    grouped, after, inclusive = 0, start, True
    while True:
        rows = db.execute(
            f"SELECT id, first_seen, key, url, text, story_id, truncated FROM headlines WHERE (first_seen, key) "
            f"{'>=' if inclusive else '>'} (?, ?) ORDER BY first_seen, key LIMIT ?", [*after, chunk]).fetchall()
        if not rows:
            return grouped
        found = grouper.add_many(_one_time_string(row[:5] for row in rows))   # a chunk's candidates in one pass
        links = [(row[0], linked) for row, linked_ids in zip(rows, found) for linked in linked_ids]
        _write_chunk(db, grouper, rows, links)
        if then is not None:
            then([(hid, text, truncated, first_seen, key)
                  for hid, first_seen, key, _url, text, _story, truncated in rows])
        grouped += len(rows)
        after, inclusive = (rows[-1][1], rows[-1][2]), False


def _restart_point(db: Database) -> tuple[str, str] | None:
    """Canonical position of the earliest headline to (re)group, if any."""
    points = [tuple(row) for row in db.execute(
        "SELECT first_seen, key FROM (SELECT first_seen, key FROM headlines WHERE grouped = 0 "
        "ORDER BY first_seen, key LIMIT 1) UNION ALL SELECT min(first_seen), key FROM ("
        "SELECT first_seen, key FROM story_restarts ORDER BY first_seen, key LIMIT 1)").fetchall() if row[0]]
    return min(points) if points else None


def _detach(db: Database, start: tuple[str, str]) -> None:
    """Drop the links of headlines at or after `start`; stories that held them are relabelled
    from the links left (each component named by its canonical-first member)."""
    if db.execute(f"SELECT 1 FROM headlines WHERE NOT {AT_OR_AFTER} LIMIT 1", start).fetchone() is None:
        db.execute("DELETE FROM story_links")   # everything regroups: nothing to relabel
        return
    db.execute("DROP TABLE IF EXISTS temp.touched")
    db.execute(f"CREATE TEMP TABLE touched AS SELECT story_id AS label FROM headlines WHERE {AT_OR_AFTER} "
               f"UNION SELECT id FROM headlines WHERE {AT_OR_AFTER}", [*start, *start])
    db.execute(f"DELETE FROM story_links WHERE headline_id IN (SELECT id FROM headlines WHERE {AT_OR_AFTER})",
               start)
    members = db.execute(f"SELECT id, first_seen, key, story_id FROM headlines WHERE story_id IN "
                         f"(SELECT label FROM temp.touched) AND NOT {AT_OR_AFTER}", start).fetchall()
    if members:
        _relabel(db, members)
    db.execute("DROP TABLE temp.touched")


def _relabel(db: Database, members: list[tuple]) -> None:
    """Components of these headlines under their stored links; story_id = canonical-first member."""
    parent = {hid: hid for hid, *_ in members}
    order = {hid: (first_seen, key) for hid, first_seen, key, _ in members}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    ids = list(parent)
    for n in range(0, len(ids), 500):
        part = ids[n:n + 500]
        for a, b in db.execute(f"SELECT headline_id, linked_id FROM story_links WHERE headline_id IN "
                               f"({','.join('?' * len(part))})", part):
            if b in parent:
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[max(ra, rb, key=order.__getitem__)] = min(ra, rb, key=order.__getitem__)
    changes = [(find(hid), hid) for hid, _f, _k, label in members if find(hid) != label]
    _mark_hours(db, [(hid, first_seen) for hid, first_seen, _k, label in members if find(hid) != label])
    db.conn.executemany("UPDATE headlines SET story_id = ? WHERE id = ?", changes)


def _seed(db: Database, grouper: StoryGrouper, start: tuple[str, str]) -> None:
    """Load the headlines in the window before `start` under their stories."""
    since = window_start(start[0], grouper.window_seconds)
    rows = db.execute(f"SELECT id, first_seen, key, url, text, story_id FROM headlines WHERE first_seen >= ? "
                      f"AND NOT {AT_OR_AFTER} ORDER BY first_seen, key", [since, *start]).fetchall()
    roots: dict[int, tuple] = {}
    labels = sorted({row[5] for row in rows})
    for n in range(0, len(labels), 500):
        part = labels[n:n + 500]
        for hid, first_seen, key, text in db.execute(f"SELECT id, first_seen, key, text FROM headlines WHERE id IN "
                                                     f"({','.join('?' * len(part))})", part):
            roots[hid] = ((first_seen, key), text)
    grouper.seed_many((hid, first_seen, key, url, text, story, *(roots.get(story) or ((first_seen, key), text)))
                      for hid, first_seen, key, url, text, story in _one_time_string(rows))


def _one_time_string(rows: Iterable[tuple]) -> Iterator[tuple]:
    """Rows in canonical order, a run of one first_seen sharing one string: the window keeps each
    member's first_seen, and a file of one time would otherwise hold a copy per headline."""
    last = ""
    for row in rows:
        if row[1] == last:
            row = (row[0], last, *row[2:])
        else:
            last = row[1]
        yield row


def _write_chunk(db: Database, grouper: StoryGrouper, rows: list[tuple], links: list[tuple[int, int]]) -> None:
    """Store a chunk's links and stories; stories merged meanwhile are relabelled everywhere."""
    stories = grouper.take_stories()
    changes = [(stories[hid], hid) for hid, *_ in rows]
    moved = [(row[0], row[1]) for row, (story, _hid) in zip(rows, changes) if story != row[5]]
    with write_transaction(db):
        db.conn.executemany("INSERT OR IGNORE INTO story_links (headline_id, linked_id) VALUES (?, ?)", links)
        db.conn.executemany("UPDATE headlines SET story_id = ?, grouped = 1 WHERE id = ?", changes)
        _mark_hours(db, moved)
        for old, new in grouper.merges:
            db.execute("INSERT OR IGNORE INTO dirty_hours (hour) SELECT substr(first_seen, 1, 13) || ':00:00Z' "
                       "FROM headlines WHERE id = ?", [old])
            db.execute("UPDATE headlines SET story_id = ? WHERE story_id = ?", [new, old])
        grouper.merges.clear()


def _mark_hours(db: Database, moved: list[tuple[int, str]]) -> None:
    """A headline whose story changed may start or stop being a story's first: its hour's rollup changes."""
    db.conn.executemany("INSERT OR IGNORE INTO dirty_hours (hour) VALUES (?)",
                        [(hour,) for hour in {hour_of(first_seen) for _hid, first_seen in moved}])
