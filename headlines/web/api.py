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
    fmt, suffixed = "json", False
    for suffix in FORMATS:
        if name.endswith("." + suffix):
            name, fmt, suffixed = name[:-len(suffix) - 1], suffix, True
    if name not in REPORTS:
        raise ReportError("path", f"no such endpoint /api/{name[:100]}; try: "
                          + ", ".join(f"/api/{n}" for n in REPORTS), status=404, named=False)
    params = single_values(query)
    asked = params.pop("format", None)
    if asked is not None:
        if asked not in FORMATS:
            raise ReportError("format", f"{asked[:20]!r} is not json or csv")
        if suffixed and asked != fmt:
            raise ReportError("format", f"{asked!r} contradicts the path's .{fmt} suffix; give one")
        fmt = asked
    return ApiRequest(name, fmt, params)


def _utf8(text: str, param: str) -> str:
    """A query-string part decoded as Latin-1 (one character per byte), as the UTF-8 text it spells."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeDecodeError as exc:
        name = param.encode("latin-1").decode("utf-8", "replace")[:100]
        raise ReportError(name, f"percent-encoded byte 0x{text.encode('latin-1')[exc.start]:02x} is not UTF-8 text") from None


def single_values(query: str) -> dict[str, str]:
    """The query string's parameters, each given once: every parameter takes one value, so a
    repeated one (`?window=24h&window=7d`) is refused rather than one of its values dropped.

    >>> single_values("window=24h&source=&search=caf%C3%A9")
    {'window': '24h', 'source': '', 'search': 'café'}
    >>> single_values("window=24h&limit=5&window=7d")
    Traceback (most recent call last):
    headlines.reports.ReportError: window: given 2 times; every parameter takes one value
    """
    params: dict[str, str] = {}
    repeated: dict[str, int] = {}
    # Percent-escapes decoded strictly: a byte that is not UTF-8 is an error naming its parameter,
    # not a U+FFFD that would be searched for, or echoed back as an unknown name.
    for raw_key, raw_value in parse_qsl(query, keep_blank_values=True, encoding="latin-1"):
        key, value = _utf8(raw_key, "query"), _utf8(raw_value, raw_key)
        if key in params:
            repeated[key] = repeated.get(key, 1) + 1
        params[key] = value
    if repeated:
        key = next(iter(repeated))
        raise ReportError(key[:100], f"given {repeated[key]} times; every parameter takes one value")
    return params
