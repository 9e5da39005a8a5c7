"""Durations ("30s", "15m", "2h", "1d", "1w") and ISO 8601 UTC timestamps, as stored in SQLite.

Every time in the database is text like "2026-11-27T14:05:09Z", so string order is time order.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Callable

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$", re.I)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str | int | float) -> float:
    """Seconds in a duration such as "30s", "15m", "2h", "1d"; bare numbers are seconds.

    >>> parse_duration("15m"), parse_duration(2)
    (900.0, 2.0)
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        seconds = float(text)
    else:
        match = _DURATION.match(str(text))
        if not match:
            raise ValueError(f"{text!r} is not a duration like 30s, 15m, 2h, 1d")
        seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]
    if seconds <= 0:
        raise ValueError(f"{text!r} must be longer than zero")
    return seconds


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def to_iso(moment: datetime) -> str:
    """UTC ISO 8601 with a Z, to the second."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    """Parse ISO 8601 ("2026-11-27", "2026-11-27T14:00", "...Z", "+01:00"); naive means UTC."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO 8601 time like 2026-11-27T14:00:00Z") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def hour_of(iso: str) -> str:
    """The hour bucket an ISO time falls in: "2026-11-27T14:05:09Z" -> "2026-11-27T14:00:00Z"."""
    return iso[:13] + ":00:00Z"


def window(*, duration: str | None = None, since: str | None = None, until: str | None = None,
           at: str | None = None, default: str = "24h",
           now: Callable[[], str | None] | None = None) -> tuple[str, str]:
    """(since, until) as ISO text from the CLI's window options; `at` moves the end to the past.

    Without --until or --at the window ends at `now()`: callers pass the data's reference time
    (`db.clock.reference_time`), so answers do not depend on when the command runs. The wall
    clock is only the fallback for a database with no sightings.
    """
    if until:
        end = parse_iso(until)
    elif at:
        end = parse_iso(at)
    else:
        reference = now() if now else None
        end = parse_iso(reference) if reference else utcnow()
    if since:
        start = parse_iso(since)
    else:
        start = end - timedelta(seconds=parse_duration(duration or default))
    if start >= end:
        raise ValueError("the window is empty: --since must be before --until")
    return to_iso(start), to_iso(end)
