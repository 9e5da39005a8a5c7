"""The crawl's environment variables, read in one place: a bad value is one line naming it.

spiders/settings.py takes its values from here. `headlines crawl`, `headlines demo`,
`headlines worker` and schedule.py call `problem()` before they start, so a typo stops the
command at once, instead of failing every run in the crawl process (runs that would be
recorded as source failures and back off).
"""
from __future__ import annotations

import math
import os

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def seconds(name: str, default: float, *, positive: bool = False) -> float:
    """Seconds from variable `name` (unset or blank: `default`); ValueError naming it if invalid."""
    return parse_seconds(name, os.environ.get(name), default, positive=positive)


def parse_seconds(name: str, value: str | None, default: float, *, positive: bool = False) -> float:
    """`value` of variable `name` as seconds.

    >>> parse_seconds("HEADLINES_DOWNLOAD_DELAY", " 1.5 ", 0.5), parse_seconds("HEADLINES_DOWNLOAD_DELAY", "", 0.5)
    (1.5, 0.5)
    >>> parse_seconds("HEADLINES_DOWNLOAD_DELAY", "soon", 0.5)
    Traceback (most recent call last):
    ValueError: HEADLINES_DOWNLOAD_DELAY: 'soon' is not a number of seconds >= 0
    """
    raw = (value or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        raise ValueError(f"{name}: {raw[:40]!r} is not a number of seconds {'> 0' if positive else '>= 0'}")
    return value


def download_delay() -> float:
    return seconds("HEADLINES_DOWNLOAD_DELAY", 0.5)


def download_timeout() -> float:
    return seconds("HEADLINES_DOWNLOAD_TIMEOUT", 30.0, positive=True)


def log_level() -> str:
    """Scrapy's log level from HEADLINES_LOG_LEVEL (any case); ValueError naming it if unknown."""
    raw = (os.environ.get("HEADLINES_LOG_LEVEL") or "INFO").strip()
    if raw.upper() not in LOG_LEVELS:
        raise ValueError(f"HEADLINES_LOG_LEVEL: {raw[:40]!r} is not one of {', '.join(LOG_LEVELS)}")
    return raw.upper()


def extract_processes() -> str:
    """HEADLINES_EXTRACT_PROCESSES as given ("auto" when unset); spiders.extract_pool reads it."""
    return os.environ.get("HEADLINES_EXTRACT_PROCESSES", "auto")


def problem() -> str | None:
    """The first crawl environment variable that is set to something unusable, as one line."""
    from spiders.extract_pool import processes_from
    try:
        download_delay()
        download_timeout()
        log_level()
        processes_from(extract_processes())
    except ValueError as exc:
        return str(exc)
    return None
