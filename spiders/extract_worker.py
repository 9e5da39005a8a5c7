"""An extraction worker (see spiders.extract_pool): answers calls sent over one socket, in order.

Started as `python -m spiders.extract_worker FD PARENT_PID [MODULE...]`: FD is its end of the
socket pair, MODULE names what to import before saying it is ready. Kept apart from the pool so
a worker imports nothing the crawl side needs (asyncio alone is 60 ms of a start).
Each message is FRAME (its length) then a pickle: calls are (id, function, args, kwargs),
answers (id, ok, value or exception); the first answer, id READY, says the worker has loaded.
"""
from __future__ import annotations

import ctypes
import importlib
import os
import pickle
import signal
import socket
import struct
import sys

FRAME = struct.Struct("!Q")
READY = -1


def _worker_main(sock: socket.socket, parent: int, preload: tuple[str, ...]) -> None:
    """A worker: import `preload`, say so, then answer calls in order until the crawl closes its end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the crawl stops us once it has its answers
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the crawl ended before the request took effect
        return
    for module in preload:
        importlib.import_module(module)
    ready = pickle.dumps((READY, True, None))
    sock.sendall(FRAME.pack(len(ready)) + ready)
    while True:
        head = _read(sock, FRAME.size)
        if head is None:
            return
        payload = _read(sock, FRAME.unpack(head)[0])
        if payload is None:
            return
        call_id, fn, args, kwargs = pickle.loads(payload)
        try:
            answer = pickle.dumps((call_id, True, fn(*args, **kwargs)), pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - the caller gets it (ExtractorError is the spider's)
            try:
                answer = pickle.dumps((call_id, False, exc), pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - an exception that cannot travel
                answer = pickle.dumps((call_id, False, RuntimeError(f"{type(exc).__name__}: {exc}")))
        sock.sendall(FRAME.pack(len(answer)) + answer)


def _read(sock: socket.socket, size: int) -> bytes | None:
    """Exactly `size` bytes, or None at end of stream."""
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


if __name__ == "__main__":
    _worker_main(socket.socket(fileno=int(sys.argv[1])), int(sys.argv[2]), tuple(sys.argv[3:]))
