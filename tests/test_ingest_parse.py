"""A JSONL line is read straight through the C scanner: the same values and the same errors as
json.loads, which the problem lines quote."""
from __future__ import annotations

import json

import pytest

from headlines.ingest import _parse

LINES = ['{"text": "A", "n": 1}\n', '{"text": "A"}', ' {"text": "A"}\n', '\ufeff{"text": "A"}\n', '{"a": 1} x\n',
         '{"a": 1}\r\n', '{"a": 1}\t\n', '[1, 2]\n', '7\n', '"x"\n', '{"a": \n', '\n', 'nul\n', '{"a":1}{"b":2}\n',
         '{"a": NaN}\n', '{"a": "\\ud800"}\n', '{"a": 1}\n\n']


def _outcome(parse, line: str) -> tuple:
    try:
        return ("value", parse(line))
    except RecursionError:
        return ("too deep",)
    except ValueError as exc:
        return ("error", type(exc).__name__, exc.args[0])


@pytest.mark.parametrize("line", LINES)
def test_a_line_parses_as_json_loads_parses_it(line):
    assert _outcome(_parse, line) == _outcome(json.loads, line)


def test_nesting_too_deep_is_refused_as_json_loads_refuses_it():
    line = "[" * 100_000 + "\n"
    assert _outcome(_parse, line) == _outcome(json.loads, line) == ("too deep",)
