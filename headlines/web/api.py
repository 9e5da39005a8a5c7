"""The JSON/CSV API's requests: a path and a query string in, a report's name and parameters out.

The answers themselves come from headlines/reports.py, the functions the CLI's read commands
call, so `curl '/api/top?window=24h'` and `headlines top --window 24h --json` print the same
payload. Bad parameters raise reports.ReportError naming the parameter (the app sends 400).

Example:
    >>> parse_request("top.csv", "window=6h&limit=5")
    ApiRequest(report='top', fmt='csv', params={'window': '6h', 'limit': '5'})
    >>> parse_request("status", "")
    Traceback (most recent call last):
    headlines.reports.ReportError: no such endpoint /api/status; try: /api/top, /api/trending, /api/topic, /api/headlines, /api/stories, /api/sources
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from headlines.reports import REPORTS, ReportError

FORMATS = ("json", "csv")


@dataclass(frozen=True)
class ApiRequest:
    report: str
    fmt: str
    params: dict[str, str]


def parse_request(name: str, query: str) -> ApiRequest:
    """`/api/NAME[.json|.csv]?QUERY` as a report request; `format=csv` is the suffix's equivalent."""
    fmt = "json"
    for suffix in FORMATS:
        if name.endswith("." + suffix):
            name, fmt = name[:-len(suffix) - 1], suffix
    if name not in REPORTS:
        raise ReportError("path", f"no such endpoint /api/{name[:100]}; try: "
                          + ", ".join(f"/api/{n}" for n in REPORTS), status=404, named=False)
    params = dict(parse_qsl(query, keep_blank_values=True))
    fmt = params.pop("format", fmt)
    if fmt not in FORMATS:
        raise ReportError("format", f"{fmt[:20]!r} is not json or csv")
    return ApiRequest(name, fmt, params)
