"""The aggregate step, run after crawls and ingests and by the scheduler: stories, topics,
hourly rollups and ranking snapshots, each touching only what changed since the last run."""
from __future__ import annotations

import ctypes
import gc
import json
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Callable, Iterable, Mapping

from sqlite_utils import Database

from aggregator.collector import collector_paused
from aggregator.timewindow import parse_iso, to_iso
from aggregator.topics import TopicModel, brand_names
from db.clock import reference_time
from db.connection import write_transaction
from db.ledger import site_names
from db.queries import SNAPSHOT_BASELINE, SNAPSHOT_SIZE, top_topics, trending_topics
from db.rollups import mark_headlines_dirty, refresh_rollups
from db.stories import refresh_stories

EPOCH_DAYS = 30               # topic models are fitted per period of first sightings this long
FIT_SAMPLE = 50_000           # each model learns from at most this many headlines
CHUNK = 20_000                # headlines read and written per transaction
SNAPSHOT_WINDOWS = {"top": 86400.0, "trending": 6 * 3600.0}  # the CLI's and dashboard's default windows
_EPOCH_ZERO = datetime(1970, 1, 1, tzinfo=timezone.utc)


def aggregate(db: Database, *, aliases: Mapping[str, str] | None = None, ignore: Iterable[str] = (),
              snapshot: bool = True, retag_all: bool = False) -> dict[str, int]:
    """Run every aggregate stage; returns counts of what each did."""
    done = group_and_tag(db, aliases=aliases, ignore=ignore, retag_all=retag_all)
    done["hours"] = refresh_rollups(db)
    if snapshot:
        take_snapshots(db)
    return done


def group_and_tag(db: Database, *, aliases: Mapping[str, str] | None = None, ignore: Iterable[str] = (),
                  retag_all: bool = False, chunk: int = CHUNK) -> dict[str, int]:
    """refresh_stories then refresh_topics, with the same tables as a result, in one pass: each
    chunk grouping stores is tagged at once (if its epoch is to be re-tagged), while
    names.normalise still remembers its texts. Grouped first and tagged after, a million
    headlines were normalised twice (the memo had turned over in between). Epochs that grouping
    alone makes dirty (a story changed there) are re-tagged after, from the table.

    The two make millions of small objects and no cycles beside a large window and memos: the
    collector paused throughout runs once after, not after each chunk's grouping and tagging
    (each time over every object the chunk left, ~3 us a headline).
    """
    with collector_paused():
        tagger = EpochTagger(db, _all_epochs(db) if retag_all else _dirty_epochs(db), aliases=aliases, ignore=ignore)
        grouped = refresh_stories(db, chunk=chunk, then=tagger.feed)
        # what refresh_topics would now find dirty: adds the epochs grouping alone dirtied (a story changed there)
        done = {"grouped": grouped, "retagged": tagger.finish(_dirty_epochs(db))}
    hand_back_memory()
    return done


def hand_back_memory() -> None:
    """Free what grouping and tagging leave, and give the freed pages back to the system, at the
    stage's end. Why: the story window's members and their stories hold each other (cycles the
    paused collector left), and freed memory scattered through the heap stays the process's: the
    rollups stage after it took new memory on top of it (200 k rows of one time: peak 412 MB
    instead of grouping's 387; with the pages given back, 387)."""
    gc.collect()
    if _TRIM is not None:
        _TRIM(0)


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim (returns free heap pages to the system), or None where there is none."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):   # not glibc (macOS, musl): freed memory stays the process's
        return None


_TRIM = _malloc_trim()


def refresh_topics(db: Database, *, aliases: Mapping[str, str] | None = None, ignore: Iterable[str] = (),
                   retag_all: bool = False) -> int:
    """Re-fit the topic model of every epoch whose headlines changed and re-tag that epoch;
    returns how many headlines' topic sets changed.

    A headline's topics come from the model of its epoch (EPOCH_DAYS of first sightings, fixed
    on the calendar), fitted on the newest FIT_SAMPLE headlines first seen in that epoch and the
    one before. Both are facts of the data, not of when the step runs, so topics are the same
    whatever the date, the arrival order or the batch sizes, and `rebuild` (retag_all) gives
    exactly what the incremental runs gave. New sightings dirty their epoch and the next one
    (whose fit sample reaches back into it); live crawling touches only the current epoch.
    """
    epochs = _all_epochs(db) if retag_all else _dirty_epochs(db)
    return EpochTagger(db, epochs, aliases=aliases, ignore=ignore).finish()


class EpochTagger:
    """Re-tags the headlines of a set of epochs in canonical order (first_seen, key), each epoch
    with its own model, fitted when its first headline comes; a chunk at a time (memory flat).

    Headlines come from `feed` (chunks in canonical order, as grouping stores them) and from the
    table for the rest: the epochs' headlines before the first chunk, and all of them when nothing
    is fed. Each headline is tagged once, in the order refresh_topics always tagged them, so the
    tables are the same whichever way the headlines came.
    """

    def __init__(self, db: Database, epochs: set[int], *, aliases: Mapping[str, str] | None = None,
                 ignore: Iterable[str] = ()) -> None:
        self.db = db
        self.epochs = set(epochs)
        self.todo = sorted(epochs)          # epochs not yet named, ascending
        self.aliases = aliases
        brands = {name for site in site_names(db) for name in brand_names(site)}
        self.ignore = [*ignore, *brands]
        self.changed = 0
        self.after: tuple[str, str] | None = None   # canonical position of the last headline handled
        self._epoch: int | None = None      # epoch being tagged, its model and topic surfaces
        self._model: TopicModel | None = None
        self._surfaces: Counter[tuple[str, str, str]] = Counter()

    def feed(self, rows: list[tuple[int, str, int, str, str]]) -> None:
        """Tag a chunk of (id, text, truncated, first_seen, key) in canonical order, after the
        epochs' headlines before it (read from the table)."""
        if not rows:
            return
        self._read_until((rows[0][3], rows[0][4]))
        lo = 0
        while lo < len(rows):   # a run of rows of one epoch (a chunk spans one or two)
            epoch = epoch_of(rows[lo][3])
            end = epoch_start(epoch + 1)
            hi = lo + 1
            while hi < len(rows) and rows[hi][3] < end:
                hi += 1
            self._tag(epoch, rows[lo:hi])
            lo = hi
        self.after = (rows[-1][3], rows[-1][4])

    def finish(self, more: Iterable[int] = ()) -> int:
        """Tag what was not fed, then the epochs `more` not tagged yet (whole, from the table);
        name every epoch's topics and drop unused topics. Returns how many headlines' topic sets
        changed."""
        self._read_until(None)
        self._close_before(None)
        rest = sorted(set(more) - self.epochs)
        if rest:   # epochs dirtied by grouping alone (a story changed there)
            self.epochs.update(rest)
            self.todo, self.after = rest, None
            self._read_until(None)
            self._close_before(None)
        with write_transaction(self.db):
            self.db.execute("DELETE FROM topics WHERE id NOT IN (SELECT topic_id FROM headline_topics)")
            self.db.execute("DELETE FROM topic_names WHERE key NOT IN (SELECT key FROM topics)")
        return self.changed

    def _read_until(self, until: tuple[str, str] | None) -> None:
        """Tag the epochs' headlines after `self.after` and before `until` (None: to the end), from the table."""
        for epoch in list(self.todo):
            since = epoch_start(epoch)
            if until is not None and (since, "") >= until:
                break
            before, limit = ("", []) if until is None else (" AND (first_seen, key) < (?, ?)", list(until))
            after = max(self.after or ("", ""), (since, ""))
            while True:
                rows = self.db.execute("SELECT id, text, truncated, first_seen, key FROM headlines WHERE first_seen >= ? "
                                       f"AND first_seen < ? AND (first_seen, key) > (?, ?){before} "
                                       "ORDER BY first_seen, key LIMIT ?",
                                       [since, epoch_start(epoch + 1), *after, *limit, CHUNK]).fetchall()
                if not rows:
                    break
                self._tag(epoch, rows)
                after = (rows[-1][3], rows[-1][4])

    def _tag(self, epoch: int, rows: list[tuple[int, str, int, str, str]]) -> None:
        """Tag rows of one epoch with its model (nothing if the epoch is not re-tagged)."""
        if epoch != self._epoch:
            if epoch not in self.todo:
                return
            self._close_before(epoch)
            with collector_paused():   # fitting holds millions of objects, makes no cycles
                self._model = TopicModel.fit(_fit_sample(self.db, epoch), aliases=self.aliases, ignore=self.ignore)
            self._epoch = epoch
        assert self._model is not None
        self.changed += _retag(self.db, self._model, rows, self._surfaces)

    def _close_before(self, epoch: int | None) -> None:
        """Name the topics of every epoch before `epoch` (all: None): their headlines are tagged."""
        while self.todo and (epoch is None or self.todo[0] < epoch):
            done = self.todo.pop(0)
            _name_topics(self.db, done, self._surfaces if done == self._epoch else Counter())
            if done == self._epoch:
                self._epoch, self._model, self._surfaces = None, None, Counter()


def epoch_of(iso: str) -> int:
    """The topic epoch a time falls in: whole EPOCH_DAYS periods since 1970-01-01.

    >>> epoch_of("1970-01-30T23:59:59Z"), epoch_of("1970-01-31T00:00:00Z")
    (0, 1)
    """
    return (parse_iso(iso) - _EPOCH_ZERO).days // EPOCH_DAYS


def epoch_start(epoch: int) -> str:
    return to_iso(_EPOCH_ZERO + timedelta(days=epoch * EPOCH_DAYS))


def _all_epochs(db: Database) -> set[int]:
    first, last = db.execute("SELECT min(first_seen), max(first_seen) FROM headlines").fetchone()
    return set(range(epoch_of(first), epoch_of(last) + 1)) if first else set()


def _dirty_epochs(db: Database) -> set[int]:
    """Epochs holding new, changed or untagged headlines, and the epoch after each (its fit
    sample includes them), as far as the data goes."""
    days = {row[0] for row in db.execute("SELECT DISTINCT substr(hour, 1, 10) FROM dirty_hours")}
    days |= {row[0] for row in db.execute("SELECT DISTINCT substr(first_seen, 1, 10) FROM headlines "
                                          "WHERE tagged = 0")}
    last = db.execute("SELECT max(first_seen) FROM headlines").fetchone()[0]
    if last is None:
        return set()
    newest = epoch_of(last)
    touched = {epoch_of(day) for day in days}
    return {e for epoch in touched for e in (epoch, epoch + 1) if e <= newest}


def _fit_sample(db: Database, epoch: int) -> list[tuple[str, bool]]:
    """The newest FIT_SAMPLE headlines first seen in this epoch or the one before, oldest first."""
    rows = db.execute("SELECT text, truncated FROM headlines WHERE first_seen >= ? AND first_seen < ? "
                      "ORDER BY first_seen DESC, key DESC LIMIT ?",
                      [epoch_start(epoch - 1), epoch_start(epoch + 1), FIT_SAMPLE]).fetchall()
    return [(text, bool(cut)) for text, cut in reversed(rows)]


def _retag(db: Database, model: TopicModel, rows: list[tuple], surfaces: Counter) -> int:
    """Tag one chunk of headlines; only those whose topic set changed are rewritten.

    Topic rows are looked up and created inside the write transaction, so two processes
    aggregating one database at once never race on a topic's key.
    """
    ids = [row[0] for row in rows]
    tagged = dict(zip(ids, model.tag_many((row[1], bool(row[2])) for row in rows)))
    for topics in tagged.values():
        surfaces.update((t.key, t.name, t.kind) for t in topics)
    conn = db.conn
    with write_transaction(db):
        current: dict[int, set[str]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for hid, key in conn.execute("SELECT ht.headline_id, t.key FROM headline_topics ht JOIN topics t ON "
                                         f"t.id = ht.topic_id WHERE ht.headline_id IN ({','.join('?' * len(chunk))})",
                                         chunk):
                current.setdefault(hid, set()).add(key)
        changed = [hid for hid, topics in tagged.items() if {t.key for t in topics} != current.get(hid, set())]
        _write_topics(conn, [(hid, tagged[hid], hid in current) for hid in changed])
        conn.executemany("UPDATE headlines SET tagged = 1 WHERE id = ? AND tagged = 0", [(hid,) for hid in ids])
        mark_headlines_dirty(db, changed)
    return len(changed)


def _write_topics(conn, rows: list[tuple[int, list, bool]]) -> None:
    """Replace the topic rows of headlines (id, topics, whether it had rows) with a few executemany
    statements, in the order one statement per row would write them: a topic new to the table is
    created from its first use (its name, kind and id), a headline's old rows go just before its new."""
    first_use = {}
    for _hid, topics, _had in rows:
        for topic in topics:
            first_use.setdefault(topic.key, topic)
    conn.executemany("INSERT INTO topics (name, key, kind) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING",
                     [(t.name, t.key, t.kind) for t in first_use.values()])
    keys = list(first_use)
    topic_ids: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        topic_ids.update(conn.execute(f"SELECT key, id FROM topics WHERE key IN ({','.join('?' * len(chunk))})",
                                      chunk))
    pending: list[tuple[int, int]] = []
    for hid, topics, had in rows:
        if had:   # rewritten in order: rowids come out as one statement per row gave them
            conn.executemany("INSERT OR IGNORE INTO headline_topics (headline_id, topic_id) VALUES (?, ?)", pending)
            pending = []
            conn.execute("DELETE FROM headline_topics WHERE headline_id = ?", (hid,))
        pending += [(hid, topic_ids[t.key]) for t in topics]
    conn.executemany("INSERT OR IGNORE INTO headline_topics (headline_id, topic_id) VALUES (?, ?)", pending)


def _name_topics(db: Database, epoch: int, surfaces: Counter) -> None:
    """Each topic is shown under its most used form in the newest epoch that mentions it."""
    best: dict[str, tuple[int, str, str]] = {}
    for (key, name, kind), count in surfaces.items():
        rank = (-count, name, kind)   # most used first, then alphabetical: no order dependence
        if key not in best or rank < best[key]:
            best[key] = rank
    with write_transaction(db):
        stale = [row[0] for row in db.execute("SELECT key FROM topic_names WHERE epoch = ?", [epoch])]
        db.execute("DELETE FROM topic_names WHERE epoch = ?", [epoch])
        db.conn.executemany("INSERT INTO topic_names (key, epoch, name, kind) VALUES (?, ?, ?, ?)",
                            [(key, epoch, name, kind) for key, (_count, name, kind) in best.items()])
        keys = sorted(set(stale) | set(best))
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            db.execute("UPDATE topics SET (name, kind) = (SELECT n.name, n.kind FROM topic_names n "
                       "WHERE n.key = topics.key ORDER BY n.epoch DESC LIMIT 1) "
                       f"WHERE key IN ({','.join('?' * len(chunk))}) AND EXISTS "
                       "(SELECT 1 FROM topic_names n WHERE n.key = topics.key)", chunk)


def take_snapshots(db: Database, *, limit: int = SNAPSHOT_SIZE) -> None:
    """Store the top and trending rankings of the default windows ending at the data's reference
    time (the end of the newest sighting's hour): a cache `top` and `trending` answer from."""
    until = reference_time(db)
    if until is None:
        return
    end = parse_iso(until)
    rankings = {
        "top": top_topics(db, to_iso(end - timedelta(seconds=SNAPSHOT_WINDOWS["top"])), until,
                          limit=limit, use_snapshots=False),
        "trending": trending_topics(db, to_iso(end - timedelta(seconds=SNAPSHOT_WINDOWS["trending"])), until,
                                    to_iso(end - timedelta(seconds=SNAPSHOT_WINDOWS["trending"] + SNAPSHOT_BASELINE)),
                                    limit=limit, use_snapshots=False),
    }
    with write_transaction(db):
        for kind, rows in rankings.items():
            db.execute("INSERT OR REPLACE INTO snapshots (taken_at, kind, window_seconds, payload) "
                       "VALUES (?, ?, ?, ?)", [until, kind, SNAPSHOT_WINDOWS[kind],
                                               json.dumps(rows, ensure_ascii=False)])
