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


def open_db(path: str | Path, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the SQLite file at `path`, WAL on, schema up to date.

    Readers never block the writer in WAL mode; busy_timeout makes a second writer wait
    instead of failing at once.
    """
    path = Path(path)
    if str(path) != ":memory:":
        if path.is_dir():
            raise DatabaseError(f"{path}: is a directory, not a database file")
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        db = Database(conn)
        conn.execute("PRAGMA busy_timeout = 30000")
        if str(path) != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        if migrate:
            migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: cannot use this database file ({exc})") from None
    return db


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
