"""Parse a large sources file with flat memory: rtoml on runs of `[[source]]` tables at a time.

A 100 k-source file is ~8 MB of TOML; parsed whole, its tables peak at ~180 MB of Python
objects before they become Source records. Split at `[[source]]` header lines, each chunk is
a TOML document of its own; their `source` arrays are joined. Any doubt (a chunk that does not
parse, a key other than `source` in two chunks) falls back to parsing the whole text, so the
result and every error message are exactly rtoml's on the whole file.
"""
from __future__ import annotations

from typing import Any, Callable, Iterator

import rtoml

HEADER = "[[source]]"
CHUNK_ENTRIES = 2000


def loads(text: str, convert: Callable[[dict], Any] | None = None) -> dict:
    """`rtoml.loads(text)`, with each `source` table passed through `convert` as soon as its
    chunk is parsed (so raw tables never pile up)."""
    if text.count("\n" + HEADER) < 2 * CHUNK_ENTRIES:
        return _whole(text, convert)
    result: dict = {"source": []}
    try:
        for chunk in _chunks(text):
            data = rtoml.loads(chunk)
            entries = data.pop("source", [])
            if not isinstance(entries, list) or set(data) & set(result):
                return _whole(text, convert)
            result.update(data)
            result["source"].extend(convert(e) if convert else e for e in entries)
    except rtoml.TomlParsingError:
        return _whole(text, convert)
    return result


def _whole(text: str, convert: Callable[[dict], Any] | None) -> dict:
    data = rtoml.loads(text)
    entries = data.get("source")
    if convert and isinstance(entries, list):
        data["source"] = [convert(e) for e in entries]
    return data


def _chunks(text: str) -> Iterator[str]:
    start, count, position = 0, 0, 0
    while True:
        found = text.find("\n" + HEADER, position)
        if found < 0:
            yield text[start:]
            return
        count += 1
        position = found + 1
        if count % CHUNK_ENTRIES == 0:
            yield text[start:found + 1]
            start = found + 1
