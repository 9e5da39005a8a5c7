"""Trending maths: a topic's recent count against its own baseline, and a reason in words."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, slots=True)
class Trend:
    score: float
    why: str


def trend_score(recent: float, baseline: float, window_seconds: float, baseline_seconds: float, *,
                min_support: int = 2) -> float | None:
    """Growth of `recent` (distinct headlines in the window) over the baseline rate, or None.

    The baseline count is scaled to the window's length; +1 smoothing keeps a first sighting
    from scoring infinity. Below `min_support` headlines a topic is noise, not a trend.
    """
    return trend_scores([recent], [baseline], window_seconds, baseline_seconds, min_support=min_support)[0]


SCORE_DIGITS = 3  # a score is the growth ratio rounded to this many decimals


def trend_scores(recents: Iterable[float], baselines: Iterable[float], window_seconds: float, baseline_seconds: float, *,
                 min_support: int = 2) -> list[float | None]:
    """`trend_score` of many topics in one pass (ranking scores every topic that can trend, so
    it builds no text and calls nothing per topic)."""
    return [round(ratio, SCORE_DIGITS) if ratio else None for ratio in
            growth_ratios(recents, baselines, window_seconds, baseline_seconds, min_support=min_support)]


def growth_ratios(recents: Iterable[float], baselines: Iterable[float], window_seconds: float,
                  baseline_seconds: float, *, recent_cover: float = 1.0, baseline_cover: float = 1.0,
                  min_support: int = 2) -> list[float]:
    """The scores before rounding, of counts divided by their period's coverage; 0.0 below
    `min_support` (a ratio is never 0). A ranking may pick its candidates by these (rounding
    keeps their order) and round only theirs. Called for every topic of a window (20 k), so it
    is one pass with no calls."""
    if baseline_seconds <= 0:
        return [(q + 1) / (0.0 + 1) if (q := recent / recent_cover) >= min_support else 0.0 for recent in recents]
    if recent_cover == 1.0 and baseline_cover == 1.0:  # x / 1.0 is x: the same floats, two divisions fewer
        return [(recent + 1) / (baseline * window_seconds / baseline_seconds + 1) if recent >= min_support else 0.0
                for recent, baseline in zip(recents, baselines)]
    return [(q + 1) / (baseline / baseline_cover * window_seconds / baseline_seconds + 1)
            if (q := recent / recent_cover) >= min_support else 0.0 for recent, baseline in zip(recents, baselines)]


def trend(recent: float, baseline: float, window_seconds: float, baseline_seconds: float,
          sources: int, *, min_support: int = 2) -> Trend | None:
    """`trend_score` with the reason in words, for the topics a ranking returns."""
    score = trend_score(recent, baseline, window_seconds, baseline_seconds, min_support=min_support)
    if score is None:
        return None
    expected = _expected(baseline, window_seconds, baseline_seconds)
    reasons = ["new"] if baseline == 0 else [f"x{recent / max(expected, 1e-9):.1f} vs baseline"]
    if sources > 1:
        reasons.append(f"on {sources} sources")
    return Trend(score=score, why=", ".join(reasons))


def _expected(baseline: float, window_seconds: float, baseline_seconds: float) -> float:
    """The baseline count scaled to the window's length (0 without a baseline period)."""
    return baseline * window_seconds / baseline_seconds if baseline_seconds > 0 else 0.0
