"""How long to wait before a source's next run: adaptive polling and back-off (pure maths).

Like Media Cloud's feed fetcher, a source whose lists keep showing the same headlines is
polled less often and one that brings new headlines on every run more often, between the
source's `min_every` and `max_every`. A failing source backs off exponentially with jitter
(up to 4 x max_every) and returns to its interval on the first success.
"""
from __future__ import annotations

import random

SLOW_DOWN = 1.5        # no new headlines: wait this much longer next time
SPEED_UP = 1 / 1.5     # many new headlines: wait this much less
BUSY_SHARE = 0.2       # "many": at least this share of the run's items were new
BACKOFF_CAP = 4.0      # failures wait at most this many times max_every


def next_interval(status: str, items: int, new: int, current: float, *, every: float, min_every: float,
                  max_every: float, failures: int, rng: random.Random | None = None) -> float:
    """Seconds until the next run after a run that ended with `status`.

    `failures` counts failed runs in a row including this one; `current` is the interval in use.
    """
    if status == "failed":
        jitter = (rng or random).uniform(0.8, 1.2)
        return min(every * 2 ** max(failures, 1), BACKOFF_CAP * max_every) * jitter
    base = max(min_every, min(current, max_every))
    if status == "not_modified" or (status in ("ok", "empty") and new == 0):
        return min(max_every, base * SLOW_DOWN)
    if items and new / items >= BUSY_SHARE:
        return max(min_every, base * SPEED_UP)
    return base
