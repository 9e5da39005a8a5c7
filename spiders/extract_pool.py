"""Page extraction in worker processes, so the reactor keeps fetching while pages are read.

Extraction (lxml parse plus list detection, a few ms a page) ran on the reactor thread, where
every page it read held up the downloads and the other callbacks; a thread cannot help under
the GIL. Here a pool of processes, spawned once per spider, receives (function, body, URL, ...)
and returns what the function returns; the spider's callback awaits the answer while the
reactor goes on. The same function runs on the same bytes either way, so the results are those
of in-process extraction (tests compare the two).

HEADLINES_EXTRACT_PROCESSES sets the pool's size: a whole number, 0 for in-process extraction
(the reactor thread, as before), unset or "auto" for the machine's cores minus one.

Lifetime: the workers ignore SIGINT/SIGTERM, so a crawl told to stop (the scheduler's SIGTERM
reaches the whole process group) still gets the pages it awaits and stores them; the pool is
shut down when the spider closes, after Scrapy has drained every callback. A worker dies with
the crawl if the crawl is killed (Linux parent-death signal), as the crawl dies with its scheduler.
"""
from __future__ import annotations

import asyncio
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

SETTING = "HEADLINES_EXTRACT_PROCESSES"
T = TypeVar("T")


def cores() -> int:
    """CPUs this process may run on (its affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def processes_from(value: object) -> int:
    """The pool size a setting's value asks for; ValueError with a one-line message if invalid.

    >>> processes_from("0"), processes_from(3), processes_from(None) == max(cores() - 1, 0)
    (0, 3, True)
    """
    if value is None or str(value).strip().lower() in ("", "auto"):
        return max(cores() - 1, 0)
    try:
        count = int(str(value).strip())
    except ValueError:
        count = -1
    if count < 0:
        raise ValueError(f"{SETTING}: expected a whole number >= 0 or 'auto', got {value!r}")
    return count


def _worker_setup(parent: int) -> None:
    """In each worker: leave stopping to the crawl (it drains us), but never outlive it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the crawl ended before the request took effect
        os._exit(0)


def _ready() -> int:
    return os.getpid()


class ExtractPool:
    """Runs picklable module-level functions in `processes` workers, or in-process when 0.

    `await pool.run(fn, *args)` gives fn(*args). If the pool breaks (a worker killed), the
    page is extracted in-process and so is every later one: same answers, only slower.
    """

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self.offloaded = 0          # calls answered by a worker
        self._executor: ProcessPoolExecutor | None = None
        if processes > 0:
            # spawn, not fork: the crawl process has threads (DNS, the pool's own) and a running
            # loop; a forked copy of those can deadlock. A spawned worker imports what it needs.
            self._executor = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_worker_setup, initargs=(os.getpid(),))
            for _ in range(processes):  # start them now, while the first requests are in flight
                self._executor.submit(_ready)

    async def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        if self._executor is None:
            return fn(*args, **kwargs)
        try:
            result = await asyncio.wrap_future(self._executor.submit(fn, *args, **kwargs))
        except BrokenProcessPool:
            if self._executor is not None:
                logger.warning("extraction pool broke (a worker died); extracting in-process from now on")
                self._executor.shutdown(wait=False, cancel_futures=True)
                self._executor = None
            return fn(*args, **kwargs)
        self.offloaded += 1
        return result

    def close(self) -> None:
        """Stop the workers once the calls sent to them are answered (the spider awaited them all)."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
