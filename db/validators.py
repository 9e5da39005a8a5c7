"""Conditional GET: the ETag / Last-Modified of the last stored response per URL."""
from __future__ import annotations

from sqlite_utils import Database

from aggregator.timewindow import to_iso, utcnow
from db.connection import write_transaction


def validators_for(db: Database, url: str) -> dict[str, str]:
    """Request headers that make the server answer 304 when the page did not change."""
    row = db.execute("SELECT etag, last_modified FROM http_validators WHERE url = ?", [url]).fetchone()
    headers = {}
    if row and row[0]:
        headers["If-None-Match"] = row[0]
    if row and row[1]:
        headers["If-Modified-Since"] = row[1]
    return headers


def save_validators(db: Database, url: str, etag: str | None, last_modified: str | None) -> None:
    """Remember a response's validators; call only once the page it came with is stored."""
    if not etag and not last_modified:
        return
    with write_transaction(db):
        db.execute("INSERT INTO http_validators (url, etag, last_modified, updated_at) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, "
                   "updated_at = excluded.updated_at", [url, etag, last_modified, to_iso(utcnow())])
