#!/usr/bin/env python3
"""Run the crawls on a schedule: `python schedule.py [--sources FILE] [--db FILE] [--once] [--redis URL]`.

Each source's next run sits in a due-queue in the database; a short periodic tick takes what is
due and crawls it in bounded `scrapy crawlsources` subprocesses on this host, or, with
`--redis redis://HOST:PORT/0`, sends it as jobs to `headlines worker` processes on any host
and stores their results (headlines/scheduler.py, headlines/distributed/). After each run the
source's next run adapts (headlines/polling.py) and alerts fire; an aggregate job keeps topics
current; a retention job prunes old raw captures. SIGINT/SIGTERM end running crawls and exit
within 20 s. Run as a script: never `import schedule` (that name belongs to a PyPI package).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

try:
    from headlines.schedule_main import main
except ModuleNotFoundError as exc:   # started by a Python without the project's packages
    here = Path.cwd() == ROOT
    python, script = (".venv/bin/python", "schedule.py") if here else (ROOT / ".venv/bin/python", ROOT / "schedule.py")
    sys.exit(f"error: {exc}: run schedule.py with the project's Python ({python} {script} ...), "
             "or activate its venv first (make creates it: . .venv/bin/activate)")

if __name__ == "__main__":
    sys.exit(main())
