"""Open the database file: WAL, a busy timeout, migrations applied, clear errors."""
from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Iterator

from sqlite_utils import Database

from db.migrations import migrations


class DatabaseError(RuntimeError):
    """The database file cannot be used; the message names the file and says why."""


LOCK_WAIT_SECONDS = 30


def open_db(path: str | Path, *, migrate: bool = True, create: bool = True, cache_mb: int = 64) -> Database:
    """Open (creating if needed) the SQLite file at `path`, WAL on, schema up to date.

    Readers never block the writer in WAL mode; busy_timeout makes a second writer wait
    instead of failing at once. Another application's database is refused before anything in
    it changes (no WAL switch, no tables added). `create=False` (read commands) refuses a
    missing file instead of creating an empty one. `cache_mb` is the page cache: bookkeeping
    connections that only touch a few rows at a time (the scheduler's) keep it small.
    """
    path = Path(path)
    if str(path) != ":memory:":
        if path.is_dir():
            raise DatabaseError(f"{path}: is a directory, not a database file")
        if not create and not path.exists():
            raise DatabaseError(f"{path}: database does not exist (check --db, or run `headlines crawl` "
                                "or `headlines ingest` first)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"{path}: cannot create its folder ({exc.strerror or exc})") from None
    try:
        conn = sqlite3.connect(str(path), timeout=LOCK_WAIT_SECONDS, check_same_thread=False)
        db = Database(conn)
        conn.execute(f"PRAGMA busy_timeout = {int(LOCK_WAIT_SECONDS * 1000)}")
        _refuse_foreign(path, conn)
        if str(path) != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        # 64 MB of page cache by default (SQLite's is 2 MB): a batch of writes touches pages all
        # over the key, link and text indexes; with 2 MB an ingest of 200 k rows re-read 12 GB.
        conn.execute(f"PRAGMA cache_size = {-1024 * int(cache_mb)}")
        if migrate:
            migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(describe(path, exc)) from None
    return db


def _refuse_foreign(path: Path, conn: sqlite3.Connection) -> None:
    """Raise DatabaseError for a database with tables but no record of our migrations.

    An empty file is ours to set up; one with our migration record is ours to upgrade;
    anything else belongs to another application and must stay exactly as it is.
    """
    tables = {row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'")}
    if not tables:
        return
    record = migrations.migrations_table
    ours = record in tables and conn.execute(
        f"SELECT 1 FROM [{record}] WHERE migration_set = ? LIMIT 1", [migrations.name]).fetchone()
    if not ours:
        shown = ", ".join(sorted(tables)[:3]) + (", ..." if len(tables) > 3 else "")
        raise DatabaseError(f"{path}: not a headlines database (it has other tables: {shown}); "
                            "left unchanged - pass another --db")
    # A migration this code does not know was applied by a newer release: its schema may mean
    # things this one would misread or undo, so the file is left as it is.
    known = {m.name for m in migrations._migrations}
    newer = [row[0] for row in conn.execute(f"SELECT name FROM [{record}] WHERE migration_set = ? ORDER BY rowid",
                                            [migrations.name]) if row[0] not in known]
    if newer:
        raise DatabaseError(f"{path}: made by a newer version of headlines (schema change {newer[0]!r} is "
                            "unknown to this one); left unchanged - upgrade headlines or pass another --db")


def describe(path: str | Path, exc: sqlite3.Error) -> str:
    """One line for an SQLite failure, naming the file and what the user can do about it."""
    message = str(exc)
    lowered = message.lower()
    if "readonly" in lowered or "read-only" in lowered:
        return f"{path}: the database is read-only (check the file's and its folder's permissions); nothing was lost"
    if "disk is full" in lowered or "disk full" in lowered:
        return f"{path}: the disk is full; free space and run the command again (stored data is intact)"
    if "locked" in lowered or "busy" in lowered:
        return (f"{path}: the database stayed locked by another process for over {LOCK_WAIT_SECONDS} s; "
                "try again when it finishes")
    return f"{path}: cannot use this database file ({message})"


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A write transaction that takes the write lock up front (BEGIN IMMEDIATE).

    sqlite-utils' atomic() begins DEFERRED: a transaction that reads before it writes then
    fails at once with "database is locked" when another process committed meanwhile, since
    SQLite cannot wait to upgrade a read snapshot in WAL mode. IMMEDIATE waits (busy_timeout)
    instead. Nested use joins the outer transaction (it commits or rolls back as a whole), so
    batching many pages in one transaction costs no savepoint per page.
    """
    conn = db.conn
    if conn.in_transaction:
        yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
