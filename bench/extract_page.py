#!/usr/bin/env python3
"""Run extract_page on a saved file: `extract_page.py FILE [--url URL] --json`.

Used by the scorer: cd /work/shared/corpus && python ../tools/eval_extract.py labels . --cmd
"env PYTHONPATH=/work/wt-extract python /work/wt-extract/bench/extract_page.py"
"""
import argparse
import json
import sys
from pathlib import Path

from aggregator.extract import extract_page, page_to_json


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--url", default="")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    page = extract_page(Path(args.file).read_bytes(), args.url)
    data = page_to_json(page)
    if args.json:
        data["reason"] = page.reason
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for lst in data["lists"]:
            print(f"== {lst['name']} ({len(lst['headlines'])})")
            for h in lst["headlines"]:
                print(f"  {h['position']:>3} {'~' if h['truncated'] else ' '} {h['text']}   <{h['url']}>")
        if page.reason:
            print("reason:", page.reason)
    return 0


if __name__ == "__main__":
    sys.exit(main())
