"""The heuristics' memo caches: results reused, and emptied by trim() once past their bound."""
import pytest

from aggregator.memo import memo, trim


def test_memo_reuses_results_and_trim_keeps_a_cache_within_its_bound():
    calls: list[str] = []

    @memo(maxsize=2)
    def shout(word: str) -> str:
        calls.append(word)
        return word.upper()

    assert shout("a") == "A" and shout("b") == "B" and shout("a") == "A"
    assert calls == ["a", "b"]
    trim()
    assert shout("a") == "A"
    assert calls == ["a", "b"]  # two results, within the bound: kept


def test_trim_empties_a_cache_grown_past_its_bound():
    calls: list[int] = []

    @memo(maxsize=2)
    def double(n: int) -> int:
        calls.append(n)
        return 2 * n

    assert [double(n) for n in (1, 2, 3)] == [2, 4, 6]
    trim()
    assert double.cache_info().currsize == 0
    assert double(1) == 2
    assert calls == [1, 2, 3, 1]  # recomputed after the trim


def test_memo_rejects_a_bound_below_one():
    with pytest.raises(ValueError, match="maxsize"):
        memo(0)
