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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from headlines.schedule_main import main

if __name__ == "__main__":
    sys.exit(main())
