"""A small ASGI app (run by uvicorn): the JSON/CSV API under /api/ and the dashboard at /.

No framework: a dozen routes do not need one, and owning the response path keeps the
security headers (CSP, nosniff), ETag/304 and error shapes in one readable place.
Queries run in a thread pool, each thread with its own SQLite connection (WAL: readers never
wait for the crawler's writes, and a slow query never stalls static files).

Example:
    app = create_app("data/headlines.db")
    uvicorn.run(app, host="127.0.0.1", port=8080)
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import mimetypes
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Awaitable, Callable

from sqlite_utils import Database

from db import DatabaseError, open_db, trend_index
from headlines.output import csv_text
from headlines.reports import REPORTS, ReportError, run
from headlines.web.api import parse_request
from headlines.web.cache import MAX_CACHE_BYTES, AnswerCache

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
# A dashboard polling every minute revalidates after 30 s and gets 304 while nothing changed.
API_CACHE = b"max-age=30, must-revalidate"
# Window bounds are left out of the ETag: rows are counted per hour, so answers whose bounds
# moved without their rows changing should share a validator.
VOLATILE_KEYS = ("since", "until", "baseline_since")

# An answer stays valid while the database files are unchanged, up to this long (a backstop
# for a commit that leaves the WAL's size and mtime tick unchanged).
UNCHANGED_MAX_AGE = 300.0

Send = Callable[[dict], Awaitable[None]]


class Response:
    def __init__(self, status: int, body: bytes, content_type: str, headers: list | None = None) -> None:
        self.status, self.body, self.content_type = status, body, content_type
        self.headers = headers or []


def json_body(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def error(message: str, status: int = 400, param: str | None = None) -> Response:
    """The API's error shape: one line, and the parameter at fault where there is one."""
    body = {"error": message} if param is None else {"error": message, "param": param}
    return Response(status, json_body(body), "application/json")


def etag_for(payload: dict, fmt: str) -> str:
    stable = {k: v for k, v in payload.items() if k not in VOLATILE_KEYS}
    digest = hashlib.sha1(fmt.encode() + json_body(stable)).hexdigest()[:20]
    return f'W/"{digest}"'


def etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags


class HeadlinesApp:
    """The ASGI callable. One per database file."""

    def __init__(self, db_path: str | Path, *, threads: int = 4, cache_seconds: float = 10.0,
                 cache_bytes: int = MAX_CACHE_BYTES) -> None:
        self.db_path = str(db_path)
        # Create the file and apply migrations once, up front. The connection stays open so the
        # WAL file is not removed and recreated between requests (the cache watches its stat).
        self._keeper = open_db(self.db_path)
        trend_index.keep_in_memory(self._keeper.execute("PRAGMA database_list").fetchone()[2], warm=True)
        self._local = threading.local()
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="headlines-api")
        self.cache_seconds = cache_seconds
        self._cache = AnswerCache(cache_bytes)

    def _fingerprint(self) -> tuple:
        """Changes when a write commits: the WAL grows or is rewritten, or a checkpoint lands."""
        marks = []
        for suffix in ("", "-wal"):
            try:
                stat = os.stat(self.db_path + suffix)
                marks.append((stat.st_mtime_ns, stat.st_size))
            except OSError:
                marks.append(None)
        return tuple(marks)

    def _cached(self, key: tuple, fingerprint: tuple) -> dict | None:
        """A recent answer for the same request: younger than cache_seconds, or the data unchanged.

        A dashboard polling each minute then costs one query per change, not one per viewer.
        """
        entry = self._cache.get(key) if self.cache_seconds > 0 else None
        if entry is None:
            return None
        made, marks, payload = entry
        age = time.monotonic() - made
        if age < self.cache_seconds or (marks == fingerprint and age < UNCHANGED_MAX_AGE):
            return payload
        return None

    def _db(self) -> Database:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = open_db(self.db_path, migrate=False)
        return db

    async def __call__(self, scope: dict, receive: Callable, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if scope["method"] not in ("GET", "HEAD"):
            response = error(f"method {scope['method']} not allowed; this server only reads", 405)
            response.headers.append((b"allow", b"GET, HEAD"))
        else:
            try:
                response = await self.route(scope["path"], scope.get("query_string", b"").decode("latin-1"),
                                             headers)
            except Exception:  # a bug must still answer with our headers, not uvicorn's page
                logger.exception("error answering %s", scope["path"][:200])
                response = error("internal error (logged on the server)", 500)
        await self._send(send, response, head=scope["method"] == "HEAD")

    async def _lifespan(self, receive: Callable, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self._pool.shutdown(wait=False, cancel_futures=True)
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def route(self, path: str, query: str, headers: dict[str, str]) -> Response:
        if path.startswith("/api/"):
            return await self.api(path[5:], query, headers)
        if path == "/":
            path = "/index.html"
        return self.static(path.lstrip("/"), headers)

    async def api(self, name: str, query: str, headers: dict[str, str]) -> Response:
        try:
            request = parse_request(name, query)
        except ReportError as exc:
            return error(str(exc), exc.status, exc.param)
        # Answers depend only on the request and the data (windows end at the data's reference
        # time, not the clock), so the request is the key and the fingerprint says when data changed.
        key = (request.report, tuple(sorted(request.params.items())))
        fingerprint = self._fingerprint()
        payload, timing = self._cached(key, fingerprint), b"cache;desc=hit"
        if payload is None:
            began = time.perf_counter()
            try:
                payload = await asyncio.get_running_loop().run_in_executor(
                    self._pool, self._run, request.report, request.params)
            except ReportError as exc:
                return error(str(exc), exc.status, exc.param)
            except DatabaseError as exc:
                logger.error("database: %s", exc)
                return error(str(exc), 503)
            timing = f"db;dur={(time.perf_counter() - began) * 1000:.1f}".encode()
            if self.cache_seconds > 0:
                self._cache.put(key, (time.monotonic(), fingerprint, payload), len(json_body(payload)))
        etag = etag_for(payload, request.fmt)
        cache = [(b"etag", etag.encode()), (b"cache-control", API_CACHE), (b"server-timing", timing)]
        if etag_matches(headers.get("if-none-match"), etag):
            return Response(304, b"", "", cache)
        if request.fmt == "csv":
            report = REPORTS[request.report]
            return Response(200, csv_text(payload.get(report.rows_key, []), report.columns).encode(),
                            "text/csv; charset=utf-8", cache)
        return Response(200, json_body(payload), "application/json", cache)

    def _run(self, report: str, params: dict[str, str]) -> dict:
        return run(self._db(), report, params)

    def static(self, name: str, headers: dict[str, str]) -> Response:
        """Files of static/ only: no directory walk-outs, no listings, no odd names."""
        shown = name[:100]
        if any(ord(ch) < 32 for ch in name) or len(name) > 255:
            return error(f"not found: /{shown!r}", 404)
        target = (STATIC / name).resolve()
        if STATIC.resolve() not in target.parents or not target.is_file():
            return error(f"not found: /{shown}", 404)
        body = target.read_bytes()
        etag = f'"{hashlib.sha1(body).hexdigest()[:20]}"'
        cache = [(b"etag", etag.encode()), (b"cache-control", b"no-cache")]
        if etag_matches(headers.get("if-none-match"), etag):
            return Response(304, b"", "", cache)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
            kind += "; charset=utf-8"
        return Response(200, body, kind, cache)

    @staticmethod
    async def _send(send: Send, response: Response, *, head: bool = False) -> None:
        headers = [*SECURITY_HEADERS, *response.headers]
        if response.content_type:
            headers.append((b"content-type", response.content_type.encode()))
        if response.status != 304:
            headers.append((b"content-length", str(len(response.body)).encode()))
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if head or response.status == 304 else response.body})


def create_app(db_path: str | Path, *, cache_seconds: float = 10.0) -> HeadlinesApp:
    return HeadlinesApp(db_path, cache_seconds=cache_seconds)
