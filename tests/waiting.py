"""Waiting in subprocess tests: poll for the state a test needs, never sleep a fixed time.

A loaded machine makes a child slower, not wrong; a fixed sleep turns that into a flaky failure.
"""
from __future__ import annotations

import time
from typing import Callable, TypeVar

T = TypeVar("T")


def wait_until(condition: Callable[[], T], timeout: float, what: str, step: float = 0.1) -> T:
    """The first truthy value of `condition()` within `timeout` seconds; AssertionError naming `what` if none.

    >>> wait_until(lambda: 42, 1, "the answer")
    42
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}")
        time.sleep(step)
