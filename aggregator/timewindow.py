"""Durations ("30s", "15m", "2h", "1d", "1w") and ISO 8601 UTC timestamps, as stored in SQLite.

Every time in the database is text like "2026-11-27T14:05:09Z", so string order is time order.
"""
from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone
from typing import Callable

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$", re.I)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
# Bounds that keep date arithmetic far from datetime's limits (years 1 and 9999): no window,
# baseline or retention period is longer than a century, no time lies outside 1900..2199.
MAX_DURATION_SECONDS = 100 * 365.25 * 86400
EARLIEST = datetime(1900, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2200, 1, 1, tzinfo=timezone.utc)
# A sighting time this far from "now" is a mistake (a typo'd year, a 0 or 9999 placeholder).
# The future bound is generous: answers depend on the data's own times, not the wall clock,
# so replaying a prepared data set on a machine whose clock is off must still work.
SEEN_AT_MAX_PAST = timedelta(days=50 * 365)
SEEN_AT_MAX_FUTURE = timedelta(days=366)


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
    if math.isnan(seconds) or seconds <= 0:
        raise ValueError(f"{text!r} must be longer than zero")
    if seconds > MAX_DURATION_SECONDS:
        raise ValueError(f"{text!r} is longer than 100 years")
    return seconds


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def to_iso(moment: datetime) -> str:
    """UTC ISO 8601 with a Z, to the second (four-digit year on every platform)."""
    moment = moment.astimezone(timezone.utc)
    return f"{moment.year:04d}-" + moment.strftime("%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    """Parse ISO 8601 ("2026-11-27", "2026-11-27T14:00", "...Z", "+01:00"); naive means UTC.

    Times before 1900 or from 2200 on are refused (ValueError), so arithmetic on them cannot
    overflow.
    """
    shown = text if len(text) <= 40 else text[:40] + "..."
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        moment = moment.astimezone(timezone.utc)
    except ValueError:
        raise ValueError(f"{shown!r} is not an ISO 8601 time like 2026-11-27T14:00:00Z") from None
    except OverflowError:  # year 1 or 9999 moved past datetime's range by its offset
        raise ValueError(f"{shown!r} is outside the years 1900 to 2199") from None
    if not EARLIEST <= moment < LATEST:
        raise ValueError(f"{shown!r} is outside the years 1900 to 2199")
    return moment


def check_seen_at(moment: datetime, now: datetime) -> None:
    """Refuse a sighting time more than 50 years before `now` or more than a year after it."""
    if moment < now - SEEN_AT_MAX_PAST:
        raise ValueError(f"{to_iso(moment)} is more than 50 years before now")
    if moment > now + SEEN_AT_MAX_FUTURE:
        raise ValueError(f"{to_iso(moment)} is more than a year after now")


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
