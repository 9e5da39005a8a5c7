"""The JSON API: query-string parameters in, the CLI's --json payloads out (shapes in docs/contract.md).

Each endpoint takes the same parameters as its CLI command and answers with the same payload,
so `curl '/api/top?window=24h'` and `headlines top --window 24h --json` agree. Bad parameters
raise ApiError with a one-line message naming the parameter, which the app sends as 400.

Example:
    >>> endpoint = ENDPOINTS["top"]
    >>> endpoint.rows_key, endpoint.columns[:2]
    ('topics', ('topic', 'headlines'))
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Callable, Mapping

from sqlite_utils import Database

from aggregator.timewindow import parse_duration, parse_iso, to_iso, window
from db import queries
from db.clock import reference_time
from headlines.output import HEADLINE_COLUMNS, SOURCE_COLUMNS, TOP_COLUMNS, TRENDING_COLUMNS, is_ascii_count

WINDOW_PARAMS = frozenset({"window", "since", "until", "at"})
MAX_LIMIT = 10000


class ApiError(ValueError):
    """A request the API cannot answer; `status` is the HTTP status to send."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Endpoint:
    run: Callable[[Database, Mapping[str, str]], dict[str, Any]]
    params: frozenset[str]
    rows_key: str
    columns: tuple[str, ...]


def _span(db: Database, params: Mapping[str, str], default: str) -> tuple[str, str]:
    try:
        return window(duration=params.get("window") or None, since=params.get("since") or None,
                      until=params.get("until") or None, at=params.get("at") or None, default=default,
                      now=lambda: reference_time(db))
    except ValueError as exc:
        raise ApiError(f"window: {exc}") from None


def _limit(params: Mapping[str, str], default: int) -> int:
    text = params.get("limit", "")
    if not text:
        return default
    if not is_ascii_count(text, 6) or not 1 <= int(text) <= MAX_LIMIT:
        raise ApiError(f"limit: {text[:20]!r} is not a whole number from 1 to {MAX_LIMIT}")
    return int(text)


def _top(db: Database, params: Mapping[str, str]) -> dict[str, Any]:
    since, until = _span(db, params, "24h")
    rows = queries.top_topics(db, since, until, source=params.get("source") or None,
                              limit=_limit(params, 20))
    return {"since": since, "until": until, "topics": rows}


def _trending(db: Database, params: Mapping[str, str]) -> dict[str, Any]:
    since, until = _span(db, params, "6h")
    try:
        base_since = to_iso(parse_iso(since) - timedelta(seconds=parse_duration(params.get("baseline") or "7d")))
    except ValueError as exc:
        raise ApiError(f"baseline: {exc}") from None
    rows = queries.trending_topics(db, since, until, base_since, source=params.get("source") or None,
                                   limit=_limit(params, 20))
    return {"since": since, "until": until, "baseline_since": base_since, "topics": rows}


def _topic(db: Database, params: Mapping[str, str]) -> dict[str, Any]:
    name = (params.get("name") or "").strip()
    if not name:
        raise ApiError("name: give a topic, e.g. /api/topic?name=Golden%20Globes (see /api/top)")
    since, until = _span(db, params, "7d")
    detail = queries.topic_series(db, name, since, until)
    if detail is None:
        raise ApiError(f"name: no topic named {name!r} (see /api/top)", status=404)
    return {"since": since, "until": until, **detail}


def _search(params: Mapping[str, str]) -> str | None:
    search = params.get("search") or None
    if search:
        try:
            queries.like_pattern(search)
        except ValueError as exc:
            raise ApiError(str(exc)) from None
    return search


def _headlines(db: Database, params: Mapping[str, str]) -> dict[str, Any]:
    since, until = _span(db, params, "24h")
    rows = queries.list_headlines(db, since, until, topic=params.get("topic") or None,
                                  search=_search(params), source=params.get("source") or None,
                                  limit=_limit(params, 50))
    return {"since": since, "until": until, "headlines": rows}


def _stories(db: Database, params: Mapping[str, str]) -> dict[str, Any]:
    since, until = _span(db, params, "24h")
    return {"since": since, "until": until, "stories": queries.list_stories(db, since, until,
                                                                            limit=_limit(params, 50))}


def _sources(db: Database, params: Mapping[str, str]) -> dict[str, Any]:
    return {"sources": queries.source_status(db)}


ENDPOINTS: dict[str, Endpoint] = {
    "top": Endpoint(_top, WINDOW_PARAMS | {"source", "limit"}, "topics", TOP_COLUMNS),
    "trending": Endpoint(_trending, WINDOW_PARAMS | {"source", "limit", "baseline"}, "topics",
                         TRENDING_COLUMNS),
    "topic": Endpoint(_topic, WINDOW_PARAMS | {"name"}, "headlines", HEADLINE_COLUMNS),
    "headlines": Endpoint(_headlines, WINDOW_PARAMS | {"topic", "search", "source", "limit"}, "headlines",
                          HEADLINE_COLUMNS),
    "stories": Endpoint(_stories, WINDOW_PARAMS | {"limit"}, "stories", ("id", "size", "headline")),
    "sources": Endpoint(_sources, frozenset(), "sources", SOURCE_COLUMNS),
}


def check_params(endpoint: Endpoint, params: Mapping[str, str]) -> None:
    """Refuse unknown parameters, so a typo (`?windw=1h`) is an error rather than a silent default."""
    unknown = sorted(set(params) - endpoint.params - {"format"})
    if unknown:
        allowed = ", ".join(sorted(endpoint.params | {"format"}))
        raise ApiError(f"unknown parameter {unknown[0]!r} (this endpoint takes: {allowed})")
