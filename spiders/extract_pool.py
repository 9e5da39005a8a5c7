"""Page extraction in worker processes, so the reactor keeps fetching while pages are read.

Extraction (lxml parse plus list detection, a few ms a page) ran on the reactor thread, where
every page it read held up the downloads and the other callbacks; a thread cannot help under
the GIL. Here a pool of processes, spawned once per spider, receives (function, body, URL, ...)
and returns what the function returns; the spider's callback awaits the answer while the
reactor goes on. The same function runs on the same bytes either way, so the results are those
of in-process extraction (tests compare the two).

No thread is added to the crawl: each worker is a fresh interpreter (`python -m
spiders.extract_worker`, importing only what extraction needs: ~0.1 s, where multiprocessing's
spawn also re-imported Scrapy) holding one end of a socket pair, whose other end the reactor's
own asyncio loop reads and writes (concurrent.futures' ProcessPoolExecutor, tried first, adds two
helper threads that take the GIL from the reactor, and its spawn re-imports Scrapy). A call
is one frame each way: 8-byte length, then a pickle.

HEADLINES_EXTRACT_PROCESSES sets the pool's size: a whole number, 0 for in-process extraction
(the reactor thread, as before), unset or "auto" for the machine's cores minus one.

Lifetime: the workers ignore SIGINT/SIGTERM, so a crawl told to stop (the scheduler's SIGTERM
reaches the whole process group) still gets the pages it awaits and stores them; the pool is
shut down when the spider closes, after Scrapy has drained every callback. A worker dies with
the crawl if the crawl is killed (Linux parent-death signal), as the crawl dies with its scheduler.
"""
from __future__ import annotations

import asyncio
import itertools
import logging
import os
import pickle
import socket
import subprocess
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from spiders.extract_worker import FRAME, READY

logger = logging.getLogger(__name__)

SETTING = "HEADLINES_EXTRACT_PROCESSES"
SEND_BUFFER = 4 << 20
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


class WorkerGone(Exception):
    """The worker process ended before answering."""


class _Channel(asyncio.Protocol):
    """The crawl's end of one worker's socket: calls out, answers in, matched by id."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.transport: asyncio.Transport | None = None
        self.waiting: dict[int, asyncio.Future] = {}
        self.buffer = bytearray()
        self.ready = False   # loaded (its first message came): until then, calls run in-process
        self.gone = False
        self.connecting: asyncio.Task | None = None   # held: the loop keeps only a weak reference

    def connection_made(self, transport) -> None:
        self.transport = transport

    def send(self, call_id: int, message: bytes, future: asyncio.Future) -> None:
        self.waiting[call_id] = future
        self.transport.write(FRAME.pack(len(message)) + message)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) >= FRAME.size:
            size = FRAME.unpack_from(self.buffer)[0]
            if len(self.buffer) < FRAME.size + size:
                return
            call_id, ok, value = pickle.loads(memoryview(self.buffer)[FRAME.size:FRAME.size + size])
            del self.buffer[:FRAME.size + size]
            if call_id == READY:
                self.ready = True
                continue
            future = self.waiting.pop(call_id, None)
            if future is None or future.done():
                continue
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)

    def connection_lost(self, exc: Exception | None) -> None:
        self.gone = True
        waiting, self.waiting = self.waiting, {}
        for future in waiting.values():
            if not future.done():
                future.set_exception(WorkerGone(str(exc or "worker closed its end")))


class ExtractPool:
    """Runs picklable module-level functions in `processes` workers, or in-process when 0.

    `await pool.run(fn, *args)` gives fn(*args) (or raises what it raised). A call goes to the
    loaded worker with the fewest calls waiting, unless even that one has `backlog` calls waiting:
    then the workers are behind (busy machine, slow pages) and the call runs in-process, since a
    reactor that waits on them with Scrapy's scraper full would fetch nothing meanwhile. Likewise
    while no worker has loaded yet (`preload` imported). If a worker dies, its calls are run
    in-process and it gets no more: the same answers whichever way a call goes.
    """

    def __init__(self, processes: int, preload: tuple[str, ...] = (), backlog: int = 2) -> None:
        self.processes = processes
        self.preload = preload
        self.backlog = backlog
        self.offloaded = 0          # calls answered by a worker
        self._ids = itertools.count()
        self._workers: list[tuple[subprocess.Popen, _Channel]] = []
        self._spawned = self._attached = False
        self._lost = False          # a worker ended early (said once)

    def spawn(self) -> None:
        """Start the worker processes; they load while the crawl sets itself up. Needs no loop:
        their sockets are read once `start` attaches them (the kernel keeps what they send).
        Not forked: the crawl process has threads and a loop, whose forked copies can deadlock."""
        if self._spawned or not self.processes:
            return
        self._spawned = True
        # The crawl's own import path (Scrapy adds the project's directory to it at start).
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p or os.getcwd() for p in sys.path)}
        for _ in range(self.processes):
            mine, theirs = socket.socketpair()
            process = subprocess.Popen(
                [sys.executable, "-m", "spiders.extract_worker", str(theirs.fileno()), str(os.getpid()), *self.preload],
                pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL)
            theirs.close()
            try:   # a page (often 200-500 KB) in one send, not in pieces as the worker reads
                mine.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
            except OSError:
                pass
            mine.setblocking(False)
            self._workers.append((process, _Channel(mine)))

    def start(self) -> None:
        """Attach the workers' sockets to the running loop (spawning them first if need be)."""
        if self._attached or not self.processes:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:   # a Twisted reactor other than asyncio's: no loop to read workers with
            logger.warning("extraction processes need Scrapy's asyncio reactor; extracting in-process")
            self.close()
            self.processes = 0
            return
        self.spawn()
        self._attached = True
        for _process, channel in self._workers:
            channel.connecting = loop.create_task(loop.connect_accepted_socket(lambda ch=channel: ch, channel.sock))

    @property
    def loaded(self) -> int:
        """Workers that have loaded and not ended: the ones taking calls."""
        return sum(1 for _process, channel in self._workers if channel.ready and not channel.gone)

    async def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        self.start()
        live = [channel for _process, channel in self._workers if channel.ready and not channel.gone]
        if not live:
            return fn(*args, **kwargs)
        channel = min(live, key=lambda ch: len(ch.waiting))
        if len(channel.waiting) >= self.backlog:   # the workers are behind: read this one here
            return fn(*args, **kwargs)
        call_id = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        channel.send(call_id, pickle.dumps((call_id, fn, args, kwargs), pickle.HIGHEST_PROTOCOL), future)
        try:
            result = await future
        except WorkerGone as exc:
            if not self._lost:
                self._lost = True
                logger.warning("an extraction worker ended early (%s); its pages are extracted in-process", exc)
            return fn(*args, **kwargs)
        self.offloaded += 1
        return result

    def close(self, timeout: float = 5.0) -> None:
        """End the workers: each sees its socket close and exits; one that does not is killed.
        Called when the spider closes, after Scrapy has drained every callback (none waits)."""
        workers, self._workers = self._workers, []
        self._spawned = self._attached = True   # closed for good: nothing starts again
        for _process, channel in workers:
            try:   # now, not on the loop's next turn: the loop waits for the joins below
                channel.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for process, channel in workers:
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if channel.transport is not None:
                channel.transport.abort()
            else:   # never attached to the loop
                channel.sock.close()
