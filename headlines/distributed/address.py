"""The `--redis` address of the leader and the workers: checked before anything starts, and shown
without its password.

One rule for `schedule.py --redis` and `headlines worker --redis` (and HEADLINES_REDIS): a URL
redis-py reads (redis://, rediss://, unix://, a port in range, known options) whose database,
when given, is a number. redis-py itself ignores a database it cannot read (`redis://h/x` is
database 0), which would send jobs where no worker listens.

Example:
    >>> redis_address_problem("redis://10.0.0.5:6379/0") is None, shown("redis://:s3cret@10.0.0.5:6379/0")
    (True, 'redis://:***@10.0.0.5:6379/0')
    >>> redis_address_problem("10.0.0.5")
    "'10.0.0.5' is not a Redis URL like redis://HOST:6379/0 (Redis URL must specify one of the following schemes (redis://, rediss://, unix://))"
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from redis.connection import parse_url

_DATABASE = re.compile(r"/?[0-9]*")


def shown(url: str) -> str:
    """`url` as messages and logs may show it: a password replaced by ***."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        user = parts.username or ""
        host = parts.netloc.rpartition("@")[2]
        return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))
    except ValueError:
        return url


def redis_address_problem(url: str) -> str | None:
    """Why `url` cannot name a Redis server (one line, the URL shown without its password), or None."""
    problem = None
    try:
        parse_url(url)
        parts = urlsplit(url)
        if parts.scheme in ("redis", "rediss") and not _DATABASE.fullmatch(parts.path):
            problem = f"the database after the host must be a number, not {parts.path[1:][:40]!r}"
    except ValueError as exc:
        problem = str(exc)
    return None if problem is None else f"{shown(url)[:200]!r} is not a Redis URL like redis://HOST:6379/0 ({problem})"
