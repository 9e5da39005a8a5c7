#!/usr/bin/env python3
"""Round-trip check of suggest_lists on saved pages: do the suggested selectors, applied with
the pinned-list path of extract_page, give the same headline texts detection gave?

Usage: PYTHONPATH=. python bench/suggest_roundtrip.py CORPUS_HTML_DIR [--pages 30] [-v]
Prints one line per list that does not round-trip (with -v: every list) and the share.
"""
import argparse
import sys
from pathlib import Path

from aggregator.extract import extract_page
from aggregator.model import ListSpec
from aggregator.suggest import suggest_lists


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args()
    files = sorted(p for p in Path(a.corpus).rglob("*") if p.suffix.lower() in (".html", ".htm"))
    step = max(1, len(files) // a.pages)
    total = same = same_set = 0
    for path in files[::step][: a.pages]:
        body = path.read_bytes()
        detected = {lst.name: [h.text for h in lst.headlines] for lst in extract_page(body, "").lists}
        for s in suggest_lists(body, ""):
            page = extract_page(body, "", lists=[ListSpec(s.name, s.items, s.text)])
            got = next(([h.text for h in lst.headlines] for lst in page.lists if lst.name == s.name), [])
            want = detected.get(s.name, [])
            total += 1
            same += got == want
            same_set += set(got) == set(want)
            if a.v or got != want:
                mark = "ok " if got == want else "SET" if set(got) == set(want) else "BAD"
                print(f"{mark} {path.name} [{s.name}] items={s.items!r} text={s.text!r} "
                      f"want={len(want)} got={len(got)} extra={[t for t in got if t not in want][:2]}")
    print(f"lists={total} same texts in order={same} ({same / max(total, 1):.0%}) "
          f"same set={same_set} ({same_set / max(total, 1):.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
