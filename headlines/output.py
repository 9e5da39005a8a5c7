"""Print rows as a table for people, or as JSON / CSV for programs (the shapes of docs/contract.md)."""
from __future__ import annotations

import csv
import io
import json
import sys
from typing import Any, Sequence

from rich.console import Console
from rich.table import Table

SPARKS = "▁▂▃▄▅▆▇█"

# Columns of the tables and CSV the CLI and the API both print (the JSON carries every key).
TOP_COLUMNS = ("topic", "headlines", "stories", "sources", "sightings", "score", "first_seen", "last_seen")
TRENDING_COLUMNS = (*TOP_COLUMNS[:6], "why")
HEADLINE_COLUMNS = ("id", "text", "truncated", "url", "sources", "sightings", "first_seen", "last_seen", "story_id")
STORY_COLUMNS = ("id", "size", "headline")
SOURCE_COLUMNS = ("source", "kind", "enabled", "last_run", "status", "items", "usual_items", "new_headlines",
                  "failures_in_row", "next_run", "error")


def emit(payload: dict[str, Any], rows_key: str, columns: Sequence[str], fmt: str,
         title: str | None = None) -> None:
    """Write `payload` as JSON, its `rows_key` rows as CSV, or those rows as a table."""
    rows = payload.get(rows_key, [])
    if fmt == "json":
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif fmt == "csv":
        sys.stdout.write(csv_text(rows, columns))
    else:
        print_table(rows, columns, title)


def print_table(rows: Sequence[dict], columns: Sequence[str], title: str | None = None) -> None:
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        numeric = bool(rows) and isinstance(rows[0].get(column), (int, float)) and \
            not isinstance(rows[0].get(column), bool)
        table.add_column(column, justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        # rich markup is off: headlines are untrusted text, shown exactly as they are.
        table.add_row(*[flat(row.get(c)) for c in columns])
    # Piped output is not cut to 80 columns: a wide table wraps less in logs and files.
    width = None if sys.stdout.isatty() else 220
    Console(markup=False, highlight=False, soft_wrap=False, width=width).print(table)


def sparkline(values: Sequence[float]) -> str:
    """▁▃█-style line for a series; empty for no values."""
    if not values:
        return ""
    top = max(values) or 1
    return "".join(SPARKS[min(len(SPARKS) - 1, int(v / top * (len(SPARKS) - 1)))] for v in values)


# A cell starting with one of these is run as a formula by spreadsheets (=HYPERLINK(...)).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(rows: Sequence[dict], columns: Sequence[str]) -> str:
    r"""The CSV of `rows` that both the CLI's --csv and the API's .csv print: a header, then one
    line per row (CRLF, as RFC 4180); lists and dicts as JSON text, formula starts defused.

    >>> csv_text([{"topic": "=SUM(A1)", "headlines": 2, "why": ["new"]}], ("topic", "headlines"))
    "topic,headlines\r\n'=SUM(A1),2\r\n"
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: csv_cell(row.get(key)) for key in columns})
    return out.getvalue()


def csv_cell(value: Any) -> str:
    """One CSV cell, safe to open in a spreadsheet: text that would start a formula gets a
    leading apostrophe (OWASP's advice), so it shows as the text it is. Numbers stay numbers."""
    cell = flat(value)
    if isinstance(value, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def flat(value: Any) -> str:
    """One cell of a table or CSV row: empty for None, JSON for lists and dicts."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
