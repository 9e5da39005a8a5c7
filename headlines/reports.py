"""The read reports behind the CLI, the API and the scheduler: one function each, one payload each.

`headlines top --json` and `GET /api/top` both call `top()` here with the same parameters and
print or send what it returns, so the two cannot drift. Defaults (windows, baseline, limits)
and the limits' bounds are defined here and nowhere else. Parameters arrive as text (a query
string, a command-line option); a bad one raises ReportError naming it, which the CLI turns
into a usage error and the API into a 400.

Example:
    >>> REPORTS["trending"].defaults["window"], DEFAULT_BASELINE, sorted(REPORTS)
    ('6h', '7d', ['headlines', 'sources', 'stories', 'top', 'topic', 'trending'])
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Callable

from sqlite_utils import Database

from aggregator.timewindow import parse_duration, parse_iso, to_iso, window
from db import queries
from db.clock import reference_time
from headlines.output import HEADLINE_COLUMNS, SOURCE_COLUMNS, STORY_COLUMNS, TOP_COLUMNS, TRENDING_COLUMNS

DEFAULT_BASELINE = "7d"
WINDOW_PARAMS = ("window", "since", "until", "at")
Text = str | int | float | None


class ReportError(ValueError):
    """A parameter a report cannot answer for. `param` is its name; `status` 404 means the
    parameter is well formed but names nothing (an unknown topic).

    A message naming other parameters too writes each as `{0}`, `{1}`... and lists them in
    `others`, so each caller spells them as its user types them (`spelled`): `until` in the
    API, `--until` on the command line. `message` and str() are the API's spelling.
    """

    def __init__(self, param: str, message: str, status: int = 400, *, named: bool = True,
                 others: tuple[str, ...] = ()) -> None:
        self._template, self.others = message, others
        self.param, self.status = param, status
        self.message = self.spelled(str)
        super().__init__(f"{param}: {self.message}" if named else self.message)

    def spelled(self, spell: Callable[[str], str]) -> str:
        """The message with the other parameters it names written as `spell` writes a name."""
        return self._template.format(*map(spell, self.others)) if self.others else self._template


def _text(value: Text) -> str | None:
    """A parameter as text, None when absent or blank (`?source=` means no source)."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _duration(value: Text) -> str | float | None:
    """A duration parameter: text ("6h") from people, seconds from configuration."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return _text(value)


def span_checks(default: str, window_: Text = None, since: Text = None, until: Text = None,
                at: Text = None) -> dict[str, str | None]:
    """The window's parameters checked one by one, so an error names the one at fault."""
    given = {"since": _text(since), "until": _text(until), "at": _text(at)}
    # Each combination below would silently drop one of the values given: refuse it instead.
    if given["at"] and given["until"]:
        raise ReportError("at", "cannot be combined with {0} (both set the window's end); give one",
                          others=("until",))
    if given["since"] and _duration(window_) is not None:
        raise ReportError("window", "cannot be combined with {0} ({0} and {1}, or the newest "
                          "sighting, bound the window); give one", others=("since", "until"))
    for param, value in given.items():
        if value is not None:
            try:
                parse_iso(value)
            except ValueError as exc:
                raise ReportError(param, str(exc)) from None
    try:
        parse_duration(_duration(window_) or default)
    except ValueError as exc:
        raise ReportError("window", str(exc)) from None
    return given


def span(db: Database | None, default: str, *, window_: Text = None, since: Text = None, until: Text = None,
         at: Text = None) -> tuple[str, str]:
    """[since, until) of a report: ends at `until`, `at`, or the data's reference time."""
    given = span_checks(default, window_, since, until, at)
    try:
        start, end = window(duration=_duration(window_), default=default,
                            now=lambda: reference_time(db) if db is not None else None, **given)
    except ValueError:   # every value parsed in span_checks: what is left is a start at or after the end
        if given["until"] or given["at"]:
            before = "{1}" if given["until"] else "{2}"
        else:   # the user gave no end: say which one the window has
            reference = reference_time(db) if db is not None else None
            before = (f"{reference}, where the window ends without {{1}} (the end of the newest sighting's hour)"
                      if reference else "now, where the window ends without {1} (no sightings stored)")
        raise ReportError("since", "the window is empty: {0} must be before " + before,
                          others=("since", "until", "at")) from None
    return _reaches_back(start, "window"), end


def baseline_start(since: str, baseline: Text = None) -> str:
    """Where the trending baseline [baseline_start, since) begins: the one place it is computed.

    >>> baseline_start("2026-11-20T12:00:00Z", "1d"), baseline_start("2026-11-20T12:00:00Z", 3600)
    ('2026-11-19T12:00:00Z', '2026-11-20T11:00:00Z')
    """
    try:
        start = to_iso(parse_iso(since) - timedelta(seconds=parse_duration(_duration(baseline) or DEFAULT_BASELINE)))
    except ValueError as exc:
        raise ReportError("baseline", str(exc)) from None
    return _reaches_back(start, "baseline")


def _reaches_back(start: str, param: str) -> str:
    """`start`, computed back from an end by `param`'s duration, if it lies within the years every
    time is read in (--at 1900-01-02 --window 2d would start in 1899: each query would fail on it)."""
    try:
        parse_iso(start)
    except ValueError as exc:
        raise ReportError(param, f"reaches back too far: {exc}") from None
    return start


def count(value: Text, default: int, maximum: int, param: str = "limit") -> int:
    """A whole number of rows from 1 to `maximum`, written in ASCII digits.

    "１" is a digit to str.isdigit and int() of 5,000 digits fails: both are refused here.

    >>> count(None, 20, 100), count("7", 20, 100)
    (20, 7)
    >>> count("\\uff11", 20, 100)
    Traceback (most recent call last):
    headlines.reports.ReportError: limit: '１' is not a whole number from 1 to 100 written in digits 0-9
    """
    text = _text(value)
    if text is None:
        return default
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(maximum))) or not 1 <= int(text) <= maximum:
        raise ReportError(param, f"{text[:20]!r} is not a whole number from 1 to {maximum} written in digits 0-9")
    return int(text)


def known_source(db: Database, value: Text) -> str | None:
    """The `source` parameter, refused (404) when no configured source or sighting has that name."""
    source = _text(value)
    if source is not None and not queries.source_known(db, source):
        raise ReportError("source", f"no source named {source[:100]!r} in this database "
                          "(see the status report, or the source given at ingest)", status=404)
    return source


def known_topic(db: Database, value: Text) -> str | None:
    """The `topic` filter, refused (404) when no topic has that key, as the topic report does."""
    wanted = _text(value)
    if wanted is not None and not queries.topic_known(db, wanted):
        raise ReportError("topic", f"no topic named {wanted[:100]!r} (see the top report)", status=404)
    return wanted


def search_text(value: Text) -> str | None:
    search = _text(value)
    if search:
        try:
            queries.like_pattern(search)
        except ValueError as exc:
            raise ReportError("search", str(exc).removeprefix("search: ")) from None
    return search


def top(db: Database, *, window: Text = None, since: Text = None, until: Text = None, at: Text = None,
        source: Text = None, limit: Text = None) -> dict[str, Any]:
    """Topics ranked by distinct headlines in the window."""
    start, end = span(db, REPORTS["top"].defaults["window"], window_=window, since=since, until=until, at=at)
    rows = queries.top_topics(db, start, end, source=known_source(db, source),
                              limit=count(limit, *REPORTS["top"].limit_bounds))
    return {"since": start, "until": end, "topics": rows}


def trending(db: Database, *, window: Text = None, since: Text = None, until: Text = None, at: Text = None,
             baseline: Text = None, source: Text = None, limit: Text = None) -> dict[str, Any]:
    """Topics growing fastest in the window against their own baseline before it."""
    start, end = span(db, REPORTS["trending"].defaults["window"], window_=window, since=since, until=until, at=at)
    base = baseline_start(start, baseline)
    rows = queries.trending_topics(db, start, end, base, source=known_source(db, source),
                                   limit=count(limit, *REPORTS["trending"].limit_bounds))
    return {"since": start, "until": end, "baseline_since": base, "topics": rows}


def topic(db: Database, *, name: Text = None, window: Text = None, since: Text = None, until: Text = None,
          at: Text = None) -> dict[str, Any]:
    """One topic, found by its key (case, quotes and spacing do not matter): series and headlines."""
    wanted = _text(name)
    if not wanted:
        raise ReportError("name", "give a topic, e.g. \"Golden Globes\" (see the top report)")
    start, end = span(db, REPORTS["topic"].defaults["window"], window_=window, since=since, until=until, at=at)
    detail = queries.topic_series(db, wanted, start, end)
    if detail is None:
        raise ReportError("name", f"no topic named {wanted[:100]!r} (see the top report)", status=404)
    return {"since": start, "until": end, **detail}


def headlines(db: Database, *, topic: Text = None, search: Text = None, window: Text = None, since: Text = None,
              until: Text = None, at: Text = None, source: Text = None, limit: Text = None) -> dict[str, Any]:
    """Distinct headlines seen in the window, most sighted first."""
    found = search_text(search)
    start, end = span(db, REPORTS["headlines"].defaults["window"], window_=window, since=since, until=until,
                      at=at)
    rows = queries.list_headlines(db, start, end, topic=known_topic(db, topic), search=found,
                                  source=known_source(db, source),
                                  limit=count(limit, *REPORTS["headlines"].limit_bounds))
    return {"since": start, "until": end, "headlines": rows}


def stories(db: Database, *, window: Text = None, since: Text = None, until: Text = None, at: Text = None,
            limit: Text = None) -> dict[str, Any]:
    """Stories (groups of near-duplicate headlines) seen in the window, biggest first."""
    start, end = span(db, REPORTS["stories"].defaults["window"], window_=window, since=since, until=until, at=at)
    rows = queries.list_stories(db, start, end, limit=count(limit, *REPORTS["stories"].limit_bounds))
    return {"since": start, "until": end, "stories": rows}


def sources(db: Database) -> dict[str, Any]:
    """Per source: last run, status, items against the usual count, failures in a row, next run."""
    return {"sources": queries.source_status(db)}


@dataclass(frozen=True)
class Report:
    """A report's function and what callers need to know about it: its parameters, defaults,
    the rows to print as a table or CSV, and their columns."""
    run: Callable[..., dict[str, Any]]
    params: tuple[str, ...]
    rows_key: str
    columns: tuple[str, ...]
    defaults: dict[str, str | int] = field(default_factory=dict)
    max_limit: int = 10000

    @property
    def limit_bounds(self) -> tuple[int, int]:
        return int(self.defaults["limit"]), self.max_limit


REPORTS: dict[str, Report] = {
    "top": Report(top, (*WINDOW_PARAMS, "source", "limit"), "topics", TOP_COLUMNS,
                  {"window": "24h", "limit": 20}),
    "trending": Report(trending, (*WINDOW_PARAMS, "baseline", "source", "limit"), "topics", TRENDING_COLUMNS,
                       {"window": "6h", "baseline": DEFAULT_BASELINE, "limit": 20}),
    "topic": Report(topic, ("name", *WINDOW_PARAMS), "headlines", HEADLINE_COLUMNS, {"window": "7d"}),
    "headlines": Report(headlines, ("topic", "search", *WINDOW_PARAMS, "source", "limit"), "headlines",
                        HEADLINE_COLUMNS, {"window": "24h", "limit": 50}, max_limit=100000),
    "stories": Report(stories, (*WINDOW_PARAMS, "limit"), "stories", STORY_COLUMNS,
                      {"window": "24h", "limit": 50}, max_limit=100000),
    "sources": Report(sources, (), "sources", SOURCE_COLUMNS),
}


def check(name: str, params: dict[str, Text]) -> None:
    """Refuse what no database could answer (an unknown parameter, a malformed value) before one
    is opened: `headlines top --window soon` is a usage error even where no database exists yet."""
    report = REPORTS[name]
    unknown = sorted(set(params) - set(report.params))
    if unknown:
        raise ReportError(unknown[0], f"unknown parameter {unknown[0]!r} (this report takes: "
                          f"{', '.join(report.params) or 'no parameters'})", named=False)
    for param, value in params.items():
        why = unicode_problem(value) if isinstance(value, str) else None
        if why:
            raise ReportError(param, why)
    if any(param in params for param in WINDOW_PARAMS):
        if _text(params.get("until")) or _text(params.get("at")):  # the window needs no reference time
            span(None, str(report.defaults["window"]), window_=params.get("window"), since=params.get("since"),
                 until=params.get("until"), at=params.get("at"))
        else:
            span_checks(str(report.defaults["window"]), params.get("window"), params.get("since"))
    if "limit" in params:
        count(params["limit"], *report.limit_bounds)
    if "baseline" in params:
        baseline_start("2000-01-01T00:00:00Z", params["baseline"])
    if "search" in params:
        search_text(params["search"])


def unicode_problem(text: str) -> str | None:
    """Why a command-line argument cannot be used as text, or None: the one rule for every
    command's text options (read reports here, ingest's --source and --seen-at, and every --url
    through headlines/fetch.web_address).

    >>> unicode_problem("Beyoncé") is None, unicode_problem("caf\\udce9")
    (True, "'caf\\\\udce9' is not UTF-8 text (a byte the terminal could not decode)")
    """
    if text.isascii():
        return None
    try:
        text.encode("utf-8")   # a lone surrogate (a byte that was no UTF-8) fails: SQLite's driver would too
    except UnicodeEncodeError:
        return f"{text[:100]!r} is not UTF-8 text (a byte the terminal could not decode)"
    return None


def run(db: Database, name: str, params: dict[str, Text]) -> dict[str, Any]:
    """Answer report `name` for `params` (names as in REPORTS[name].params; an unknown one is an error)."""
    check(name, params)
    return REPORTS[name].run(db, **params)
