"""Python's cycle collector paused around work that makes many small objects and no cycles.

Why: extraction, grouping, tagging and topic fitting allocate hundreds of thousands of short-lived
tuples, lists and strings beside large long-lived tables (windows, memos). Every few thousand
allocations set off a collection that searches that heap for reference cycles none of this code
makes; pausing it saves 1.5% of extraction and up to a fifth of grouping.
"""
from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off inside the block, and back on after only if it was on (nests)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
