#!/usr/bin/env python3
"""Ingest N synthetic headlines from JSONL through clean -> dedupe -> stories -> topics -> SQLite,
beside a raw sqlite3.executemany of the same rows, in one run.

Usage: python bench/bench_ingest.py [N] [--keep DIR] [--against OTHER_CHECKOUT] [--one-time]
Reports headlines/s of each path and their ratio, time per stage (wall, and the process's CPU
seconds, steadier on a shared machine), the write rate of the first and last tenth of the
batches (growth), and the ingest's peak RSS (measured in a child process, so generating the data
is not counted).

--one-time writes the rows without seen_at, so every batch shares the ingest's one time (a file
from one crawl): the last batch's time beside the first's shows whether a batch's cost grows with
the batches of its time before it (320,000 rows: 8 batches).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PEOPLE = ["Taylor Swift", "Jennifer Lopez", "Ben Affleck", "Keir Starmer", "Emmanuel Macron", "Olaf Scholz",
          "Jerome Powell", "Elon Musk", "Greta Thunberg", "Lionel Messi", "Simone Biles", "Bad Bunny",
          "Kim Kardashian", "Pedro Pascal", "Zendaya", "Volodymyr Zelensky", "Xi Jinping", "Narendra Modi"]
THINGS = ["Golden Globes", "Champions League", "Federal Reserve", "World Cup", "Supreme Court", "Eurovision",
          "Wimbledon", "'The Bachelorette'", "'RHOBH'", "NATO", "OPEC", "Premier League", "Met Gala", "COP31"]
VERBS = ["Wins", "Loses", "Slams", "Backs", "Joins", "Leaves", "Praises", "Warns", "Meets", "Sues", "Hails"]
TAILS = ["After Long Battle", "in Surprise Move", "Ahead of Key Vote", "as Fans React", "Despite Criticism",
         "in Las Vegas Ceremony", "Amid Talks", "for the First Time", "Again", "in Tense Interview"]
SOURCES = [f"site-{i:02d}" for i in range(40)]


WORDS = [w.strip() for w in (ROOT / "aggregator" / "data" / "common_en.txt").read_text().splitlines()
         if w.strip() and not w.startswith("#") and w.strip().isalpha()][::7]


def headline(rng: random.Random, serial: int) -> str:
    """A made-up headline: a name, a verb, a thing and a few everyday words for variety."""
    who, what = rng.choice(PEOPLE), rng.choice(THINGS)
    extra = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))
    text = f"{who} {rng.choice(VERBS)} {what} {rng.choice(TAILS)}: {extra} ({serial % 997})"
    if rng.random() < 0.05:
        text = "UPDATE 1-" + text
    return text


def generate(path: Path, n: int, seed: int = 7, one_time: bool = False) -> None:
    """n rows over 30 days (or all at the ingest's time: no seen_at); one row in five repeats an
    earlier headline (another source or crawl)."""
    rng = random.Random(seed)
    recent: list[str] = []
    with path.open("w") as out:
        for i in range(n):
            if recent and rng.random() < 0.2:
                text = rng.choice(recent)
            else:
                text = headline(rng, i)
                recent.append(text)
                if len(recent) > 5000:
                    recent.pop(0)
            day, minute = i * 30 // n, (i * 43200 // n) % 1440
            seen = f"2026-10-{day + 1:02d}T{minute // 60:02d}:{minute % 60:02d}:00Z"
            row = {"text": text, "url": f"https://news.example/{i}", "source": rng.choice(SOURCES), "seen_at": seen}
            if one_time:
                del row["seen_at"]
            out.write(json.dumps(row) + "\n")


def raw_insert(path: Path, rows_file: Path) -> float:
    rows = [tuple(json.loads(line).values()) for line in rows_file.open()]
    _remove_db(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"CREATE TABLE rows (text TEXT, url TEXT, source TEXT{', seen_at TEXT' if len(rows[0]) > 3 else ''})")
    began = time.perf_counter()
    with conn:
        conn.executemany(f"INSERT INTO rows VALUES ({', '.join('?' * len(rows[0]))})", rows)
    seconds = time.perf_counter() - began
    conn.close()
    return seconds


def _remove_db(path: Path) -> None:
    """A database left in the --keep folder by an earlier run: each run starts empty."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def memory_mb() -> tuple[float, float]:
    """(resident now, peak resident) of this process in MB.

    The peak is the kernel's high-water mark of this program's own memory (VmHWM). ru_maxrss is
    not: after the fork and exec that start the child it holds the parent's peak too (here the
    rows the raw pass loaded: about 90 MB per 200 k rows).
    """
    try:
        with open("/proc/self/status") as status:
            fields = dict(line.split(":", 1) for line in status)
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024
    except (OSError, KeyError):   # not Linux: the best there is
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return peak, peak


def child(db_path: str, rows_file: str) -> None:
    """The measured ingest, in its own process: prints a JSON line of timings and peak RSS."""
    import db.writes as writes
    from db import open_db
    from db.aggregate import group_and_tag, take_snapshots
    from db.rollups import refresh_rollups
    from headlines.ingest import ingest_file

    batch_times: list[tuple[int, float]] = []
    original = writes.record_rows

    def timed(*args, **kwargs):
        began = time.perf_counter()
        written = original(*args, **kwargs)
        batch_times.append((written.items, time.perf_counter() - began))
        return written

    import headlines.ingest as ingest_module
    ingest_module.record_rows = timed
    db = open_db(db_path)
    stages, cpu, rss = {}, {}, {}
    began, cpu_began = time.perf_counter(), time.process_time()
    result = ingest_file(db, rows_file, source="bench", seen_at="2026-10-01T00:00:00Z")
    stages["write"], cpu["write"] = time.perf_counter() - began, time.process_time() - cpu_began
    rss["write"] = memory_mb()
    for name, stage in (("stories+topics", group_and_tag), ("rollups", refresh_rollups),   # as aggregate() runs them
                        ("snapshots", take_snapshots)):
        began, cpu_began = time.perf_counter(), time.process_time()
        stage(db)
        stages[name], cpu[name] = time.perf_counter() - began, time.process_time() - cpu_began
        rss[name] = memory_mb()
    tenth = max(1, len(batch_times) // 10)
    rate = lambda part: sum(n for n, _ in part) / sum(t for _, t in part)  # noqa: E731
    print(json.dumps({"items": result.items, "headlines": db.execute("SELECT count(*) FROM headlines").fetchone()[0],
                      "stories": db.execute("SELECT count(DISTINCT story_id) FROM headlines").fetchone()[0],
                      "topics": db.execute("SELECT count(*) FROM topics").fetchone()[0],
                      "stages": stages, "cpu": cpu, "first_tenth_rate": rate(batch_times[:tenth]),
                      "last_tenth_rate": rate(batch_times[-tenth:]), "batches": len(batch_times),
                      "last_over_first_batch": batch_times[-1][1] / batch_times[0][1],
                      "peak_rss_mb": memory_mb()[1], "rss_mb": rss}))


def run_child(script: Path, db_path: Path, rows_file: Path) -> tuple[dict, float]:
    """One measured ingest by `script` (this bench or another checkout's): its report, wall seconds."""
    began = time.perf_counter()
    out = subprocess.run([sys.executable, str(script), "--child", str(db_path), str(rows_file)],
                         capture_output=True, text=True, check=True, cwd=script.parent.parent)
    return json.loads(out.stdout.strip().splitlines()[-1]), time.perf_counter() - began


def show(label: str, n: int, report: dict, total: float, raw_rate: float) -> None:
    rate, write_rate = n / total, n / report["stages"]["write"]
    print(f"[{label}] rows={n:,} distinct headlines={report['headlines']:,} stories={report['stories']:,} "
          f"topics={report['topics']:,} load={os.getloadavg()[0]:.1f}")
    print(f"raw executemany      {raw_rate:12,.0f} rows/s (the best of the run)")
    print(f"headlines ingest     {rate:12,.0f} headlines/s  = {rate / raw_rate:.1%} of raw (goal >= 10%)")
    print(f"write stage alone    {write_rate:12,.0f} headlines/s  = {write_rate / raw_rate:.1%} of raw "
          "(read, clean, dedupe, store)")
    print("stages (s): " + ", ".join(f"{k} {v:.1f}" for k, v in report["stages"].items()))
    if "cpu" in report:
        print("stages (CPU s): " + ", ".join(f"{k} {v:.1f}" for k, v in report["cpu"].items()))
    print(f"write rate first tenth {report['first_tenth_rate']:,.0f}/s, last tenth {report['last_tenth_rate']:,.0f}/s")
    if "batches" in report:
        print(f"batches {report['batches']}: the last took {report['last_over_first_batch']:.2f}x the first's time")
    if "rss_mb" in report:
        print("RSS after each stage, now/peak (MB): " + ", ".join(
            f"{k} {now:.0f}/{peak:.0f}" for k, (now, peak) in report["rss_mb"].items()))
    print(f"peak RSS of the ingest process: {report['peak_rss_mb']:.0f} MB (goal <= 500 MB)"
          + ("" if "rss_mb" in report else " (ru_maxrss: includes the bench's own peak)"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--child", nargs=2, metavar=("DB", "ROWS"), help=argparse.SUPPRESS)
    parser.add_argument("--keep", help="keep the database and rows in this folder")
    parser.add_argument("--one-time", action="store_true",
                        help="rows without seen_at: every batch shares the ingest's one time")
    parser.add_argument("--against", metavar="CHECKOUT",
                        help="also run another checkout's bench on the same rows first (a before/after pair; "
                             "raw executemany is measured again before each)")
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    if args.n < 1:
        parser.error(f"n: at least 1 row, got {args.n}")
    other = Path(args.against).resolve() / "bench" / "bench_ingest.py" if args.against else None
    if other is not None and not other.is_file():
        parser.error(f"--against: {other} not found (give a checkout of this project)")
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench-ingest-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows_file = folder / "rows.jsonl"
    generate(rows_file, args.n, one_time=args.one_time)
    runs = [("against", other, folder / "against.db")] if other else []
    raws, results = [], []
    for label, script, db_path in [*runs, ("this", Path(__file__).resolve(), folder / "headlines.db")]:
        raws.append(args.n / raw_insert(folder / f"raw-{label}.db", rows_file))
        _remove_db(db_path)
        results.append((label, *run_child(script, db_path, rows_file)))
    # The reference is the best raw rate of the run: on a shared machine a raw pass can be slowed
    # by others, and a slowed reference would flatter the ingest beside it.
    print("raw executemany (before each ingest): " + ", ".join(f"{r:,.0f}" for r in raws) + " rows/s")
    for label, report, total in results:
        show(label, args.n, report, total, max(raws))
    return 0


if __name__ == "__main__":
    sys.exit(main())
