"""The API's answer cache, bounded by the bytes its answers take, not by their count.

480 distinct answers of a few MB each would otherwise hold gigabytes; a byte budget keeps the
server's memory flat however the requests vary. Oldest-used answers go first.

Example:
    >>> cache = AnswerCache(max_bytes=40)
    >>> for key in "abcde":
    ...     cache.put(key, ("payload",), 10)
    >>> list(cache.keys()), cache.size
    (['b', 'c', 'd', 'e'], 40)
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Hashable, Iterator

MAX_CACHE_BYTES = 64 * 1024 * 1024
MAX_SHARE = 4   # one answer may take at most a quarter of the budget


class AnswerCache:
    """Entries with a byte size each; the total stays under `max_bytes` (least recently used out)."""

    def __init__(self, max_bytes: int = MAX_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[Hashable, tuple[tuple, int]] = OrderedDict()

    def get(self, key: Hashable) -> tuple | None:
        found = self._entries.get(key)
        if found is None:
            return None
        self._entries.move_to_end(key)
        return found[0]

    def put(self, key: Hashable, value: tuple, size: int) -> None:
        """Keep `value` (`size` bytes) unless it alone would take over a quarter of the budget."""
        self.pop(key)
        if size > self.max_bytes // MAX_SHARE:
            return
        self._entries[key] = (value, size)
        self.size += size
        while self.size > self.max_bytes:
            _key, (_value, dropped) = self._entries.popitem(last=False)
            self.size -= dropped

    def pop(self, key: Hashable) -> None:
        found = self._entries.pop(key, None)
        if found is not None:
            self.size -= found[1]

    def keys(self) -> Iterator[Hashable]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)
