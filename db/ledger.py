"""The crawl ledger: one `crawls` row per run of a source, and the `sources` mirror."""
from __future__ import annotations

import os
from typing import Iterable

from sqlite_utils import Database

from aggregator.timewindow import to_iso, utcnow
from db.connection import write_transaction

STATUSES = ("ok", "empty", "not_modified", "degraded", "failed")
# Reasons of runs we ended ourselves, recorded as failed: a scheduler stopping ("abandoned: ...")
# and a user's Ctrl-C ("interrupted (Ctrl-C)"). They say nothing about the source.
ENDED_BY_US = ("abandoned", "interrupted")


def ended_by_us(status: str | None, error: str | None) -> bool:
    """Whether a recorded run was ended by us, not by its source: such a run counts neither as a
    failure nor as a success (back-off, failures in a row, alerts, the usual item count).
    The one definition; `ended_by_us_sql` is the same test for SQL.

    >>> ended_by_us("failed", "interrupted (Ctrl-C)"), ended_by_us("failed", "HTTP 503 from x")
    (True, False)
    """
    return status == "failed" and (error or "").startswith(ENDED_BY_US)


def ended_by_us_sql(alias: str) -> str:
    """`ended_by_us` as an SQL condition on the `crawls` row named `alias`."""
    prefixes = " OR ".join(f"substr(coalesce({alias}.error, ''), 1, {len(p)}) = '{p}'" for p in ENDED_BY_US)
    return f"({alias}.status = 'failed' AND ({prefixes}))"


def sync_sources(db: Database, sources: Iterable) -> None:
    """Mirror sources.toml into the `sources` table (rows for removed sources stay, disabled)."""
    rows = [(s.name, s.url, s.kind, s.every_seconds, int(s.enabled)) for s in sources]
    with write_transaction(db):
        # One executemany: 100 k sources sync in well under a second (upsert_all took ~7 s).
        db.execute("CREATE TEMP TABLE IF NOT EXISTS synced (name TEXT PRIMARY KEY)")
        db.execute("DELETE FROM synced")
        db.conn.executemany("INSERT OR IGNORE INTO synced (name) VALUES (?)", [(r[0],) for r in rows])
        db.execute("UPDATE sources SET enabled = 0 WHERE name NOT IN (SELECT name FROM synced)")
        db.conn.executemany(
            "INSERT INTO sources (name, url, kind, every_seconds, enabled) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET url = excluded.url, kind = excluded.kind, "
            "every_seconds = excluded.every_seconds, enabled = excluded.enabled", rows)


def start_crawl(db: Database, source: str, pid: int | None = None, started_at: str | None = None) -> int:
    with write_transaction(db):
        cursor = db.execute("INSERT INTO crawls (source, started_at, status, items, new_headlines, pid) "
                            "VALUES (?, ?, 'running', 0, 0, ?)", (source, started_at or to_iso(utcnow()), pid))
    return cursor.lastrowid


def finish_crawl(db: Database, crawl_id: int, status: str, items: int = 0, new_headlines: int = 0,
                 error: str | None = None) -> None:
    if status not in STATUSES:
        raise ValueError(f"unknown crawl status {status!r}")
    with write_transaction(db):
        db.execute("UPDATE crawls SET finished_at = ?, status = ?, items = ?, new_headlines = ?, "
                   "error = ? WHERE id = ?",
                   (to_iso(utcnow()), status, items, new_headlines, error, crawl_id))


def abandon_running(db: Database, reason: str, *, pid: int | None = None,
                    sources: Iterable[str] | None = None) -> int:
    """Mark runs still 'running' (of one process, some sources, or all) as failed with `reason`."""
    where, params = "status = 'running'", []
    if pid is not None:
        where += " AND pid = ?"
        params.append(pid)
    if sources is not None:
        names = list(sources)
        where += f" AND source IN ({','.join('?' * len(names))})"
        params.extend(names)
    with write_transaction(db):
        cursor = db.execute(f"UPDATE crawls SET status = 'failed', finished_at = ?, error = ? WHERE {where}",
                            [to_iso(utcnow()), reason, *params])
    return cursor.rowcount


def last_started(db: Database) -> dict[str, str]:
    """Each source's latest run start, for restart-safe scheduling."""
    return {row["source"]: row["started_at"] for row in
            db.query("SELECT source, max(started_at) AS started_at FROM crawls GROUP BY source")}


def crawls_since(db: Database, crawl_id: int, sources: Iterable[str] | None = None,
                 pid: int | None = None) -> list[dict]:
    """Runs with id above `crawl_id` (of some sources, of one crawl process), oldest first."""
    sql, params = "SELECT * FROM crawls WHERE id > ?", [crawl_id]
    if pid is not None:
        sql, params = sql + " AND pid = ?", [*params, pid]
    names = set(sources) if sources is not None else None
    return [r for r in db.query(sql + " ORDER BY id", params) if names is None or r["source"] in names]


def max_crawl_id(db: Database) -> int:
    return db.execute("SELECT coalesce(max(id), 0) FROM crawls").fetchone()[0]


USUAL_RUNS = 10       # a source's usual item count looks at its last this many good runs
USUAL_MIN_RUNS = 3    # and needs at least this many


def usual_of(counts: list[int] | str | None) -> float | None:
    """The usual item count of a source's recent good runs (newest first): their median, or
    None with too little history. The one definition behind degraded runs and `status`.

    >>> usual_of([40, 2, 41, 39]), usual_of([40, 41]), usual_of("40,2,41")
    (40.0, None, 40.0)
    """
    if not isinstance(counts, list):  # SQL's group_concat of the items, or NULL without runs
        counts = [int(part) for part in counts.split(",")] if counts else []
    recent = sorted(counts[:USUAL_RUNS])
    if len(recent) < USUAL_MIN_RUNS:
        return None
    return float(recent[len(recent) // 2])


def usual_items(db: Database, source: str, *, before_id: int | None = None) -> float | None:
    """The source's usual item count (usual_of) from its runs before `before_id` (or all)."""
    sql = ("SELECT items FROM crawls WHERE source = ? AND status IN ('ok', 'degraded') "
           + ("AND id < ? " if before_id else "") + "ORDER BY id DESC LIMIT ?")
    params = [source, before_id, USUAL_RUNS] if before_id else [source, USUAL_RUNS]
    return usual_of([row[0] for row in db.execute(sql, params)])


INGESTED = "ingested"   # `sources.kind` of a source only `headlines ingest` brings: never crawled


def register_ingested(db: Database, names: Iterable[str]) -> None:
    """Give each source an ingest named a row in `sources` unless it has one: kind 'ingested',
    no URL, no interval, not enabled, so status, the API and the dashboard list it as they list
    crawled sources, and no scheduler or crawl ever runs it (they run enabled sources.toml entries).
    A name sources.toml also uses keeps that entry's row."""
    with write_transaction(db):
        db.conn.executemany(f"INSERT INTO sources (name, kind, enabled) VALUES (?, '{INGESTED}', 0) "
                            "ON CONFLICT (name) DO NOTHING", [(name,) for name in names])


def note_site_name(db: Database, source: str, site_name: str) -> None:
    """Remember the publisher's name a source's pages give (sources from ingest get a row too)."""
    with write_transaction(db):
        db.execute(f"INSERT INTO sources (name, kind, enabled, site_name) VALUES (?, '{INGESTED}', 0, ?) "
                   "ON CONFLICT (name) DO UPDATE SET site_name = excluded.site_name "
                   "WHERE site_name IS NOT excluded.site_name", [source, site_name])


def site_names(db: Database) -> list[str]:
    return [row[0] for row in db.execute("SELECT DISTINCT site_name FROM sources WHERE site_name IS NOT NULL")]


def process_alive(pid: int | None) -> bool:
    """Whether process `pid` still runs on this machine (signal 0 checks without touching it).

    A zombie (dead, not yet reaped: common when the killed crawl's parent died too) is not alive.
    """
    if not pid or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            state = stat.read().rpartition(b")")[2].split()[0]
    except (OSError, IndexError):
        return True   # no /proc (not Linux): signal 0 is the answer
    return state not in (b"Z", b"X")


def show_abandoned(rows: list[dict]) -> list[dict]:
    """Runs left 'running' by a process that is gone (`headlines crawl` killed with -9) read
    as 'abandoned', before any scheduler gets to record them as failed. The pid is used, then dropped."""
    for row in rows:
        if row.get("status") == "running" and not process_alive(row.pop("pid", None)):
            row["status"] = "abandoned"
            row["error"] = row.get("error") or "the crawl process is no longer running"
        row.pop("pid", None)
    return rows
