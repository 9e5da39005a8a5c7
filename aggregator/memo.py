"""Memo caches of the extraction heuristics, bounded by emptying rather than by recency.

Why not `lru_cache(maxsize=N)`: a bounded lru_cache keeps its entries on a linked list that
every full garbage collection walks entry by entry (with some 200,000 entries after a few
hundred pages, ~45 ms a collection) and that every hit reorders. An unbounded
`functools.cache` is one plain dict: no reordering, and a dict of strings, numbers and tuples
of them the collector stops tracking. Its bound is kept by `trim()` (extract.prepare calls it
once a page): a cache grown past its size is emptied, costing only the misses that refill it.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TypeVar

F = TypeVar("F", bound=Callable)

_BOUNDED: list[tuple[Callable, int]] = []


def memo(maxsize: int) -> Callable[[F], F]:
    """Decorator: cache a pure function of hashable arguments; `trim()` empties the cache
    once it holds more than `maxsize` results."""
    if maxsize < 1:
        raise ValueError(f"memo: maxsize must be positive, got {maxsize}")

    def wrap(fn: F) -> F:
        cached = cache(fn)
        _BOUNDED.append((cached, maxsize))
        return cached  # type: ignore[return-value]

    return wrap


def trim() -> None:
    """Empty every memo cache that has outgrown its bound (cheap: one size check a cache)."""
    for cached, maxsize in _BOUNDED:
        if cached.cache_info().currsize > maxsize:
            cached.cache_clear()
