#!/usr/bin/env python3
"""Write-path cost of the rollups: `refresh_rollups` after new sightings in a few hours.

Usage: python bench/bench_refresh.py COPY_OF_DB [--label NAME]

It CHANGES the database it is given (sightings are added), so pass a copy of a built one
(e.g. made by `bench/bench_api.py DB --build 1000000`). Four rounds: each adds a sighting to
every headline of the three newest hours (a crawl seeing them again), then of one older hour,
and times the refresh of those dirty hours. To compare two versions of the code, run this
with each on its own copy, alternating, and compare the totals.
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlite_utils import Database

from db.rollups import refresh_rollups


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db")
    ap.add_argument("--label", default="refresh")
    args = ap.parse_args(argv)
    conn = sqlite3.connect(args.db)
    conn.execute("PRAGMA cache_size = -65536")
    db = Database(conn)
    hours = [r[0] for r in conn.execute("SELECT DISTINCT hour FROM sightings_hourly ORDER BY hour DESC LIMIT 40")][2:]
    if len(hours) < 24:
        print(f"error: {args.db}: needs at least 26 hours of sightings", file=sys.stderr)
        return 2
    spent = []
    for rnd in range(4):
        for dirty in (hours[rnd * 3: rnd * 3 + 3], [hours[20 + rnd]]):
            for hour in dirty:
                conn.execute("UPDATE sightings_hourly SET sightings = sightings + 1 WHERE hour = ?", [hour])
            conn.executemany("INSERT OR IGNORE INTO dirty_hours (hour) VALUES (?)", [[h] for h in dirty])
            conn.commit()
            began = time.perf_counter()
            refresh_rollups(db)
            spent.append(time.perf_counter() - began)
    print(f"{args.label}: {sum(spent):.2f} s for {len(spent)} refreshes "
          f"(median {sorted(spent)[len(spent) // 2] * 1000:.0f} ms), load {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
