"""Trending maths: a topic's recent count against its own baseline, and a reason in words."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Trend:
    score: float
    why: str


def trend(recent: int, baseline: int, window_seconds: float, baseline_seconds: float,
          sources: int, *, min_support: int = 2) -> Trend | None:
    """Growth of `recent` (distinct headlines in the window) over the baseline rate.

    The baseline count is scaled to the window's length; +1 smoothing keeps a first sighting
    from scoring infinity. Below `min_support` headlines a topic is noise, not a trend.
    """
    if recent < min_support:
        return None
    expected = baseline * window_seconds / baseline_seconds if baseline_seconds > 0 else 0.0
    ratio = (recent + 1) / (expected + 1)
    reasons = ["new"] if baseline == 0 else [f"x{recent / max(expected, 1e-9):.1f} vs baseline"]
    if sources > 1:
        reasons.append(f"on {sources} sources")
    return Trend(score=round(ratio, 3), why=", ".join(reasons))
