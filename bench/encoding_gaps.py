"""How often the decoding rules kept beside w3lib change a page's text, over a folder of pages.

Usage: PYTHONPATH=. python bench/encoding_gaps.py CORPUS_HTML_DIR
Prints the number of pages and, per rule, the pages where our decode differs from
w3lib.encoding.html_to_unicode alone (no HTTP header: saved pages carry none).
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from w3lib.encoding import html_to_unicode, read_bom

from aggregator.encoding import declared_encoding, decode_html


def rule(body: bytes) -> str:
    """Which kept rule made the difference for this page."""
    declared = declared_encoding(body, None)
    if declared is None:
        return "undeclared: sniffed"
    if declared == "utf-8" and read_bom(body)[0] is None and html_to_unicode(None, body)[0].startswith("utf-16"):
        return "utf-16 label on ASCII markup"
    return "declared legacy charset, bytes valid UTF-8"


def main(folder: str) -> None:
    pages, changed = 0, Counter()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        body = path.read_bytes()
        pages += 1
        text, _encoding = decode_html(body)
        if text != html_to_unicode(None, body)[1]:
            changed[rule(body)] += 1
    print(f"{pages} pages; decoded differently from w3lib alone: {sum(changed.values())}")
    for name, count in changed.most_common():
        print(f"  {count:4d}  {name}")


if __name__ == "__main__":
    main(sys.argv[1])
