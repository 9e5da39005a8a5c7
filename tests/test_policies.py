"""Table-driven tests of the pure policies: the next polling interval, a run's status, a source's
usual item count, a new source's first run, the trend score, and the alert cool-down."""
from __future__ import annotations

import random
from datetime import timedelta

import pytest

from aggregator.timewindow import to_iso, utcnow
from aggregator.trending import trend
from db.due import seed, state_of
from db.ledger import ended_by_us, ended_by_us_sql, finish_crawl, start_crawl, sync_sources, usual_items, usual_of
from headlines.alerts import Alerter
from headlines.config import AlertSettings, Source
from headlines.polling import BACKOFF_CAP, next_interval
from spiders.pipelines import crawl_status

EVERY, MIN_EVERY, MAX_EVERY = 900.0, 600.0, 3600.0


@pytest.mark.parametrize("status, items, new, current, expected", [
    ("ok", 20, 0, 900.0, 1350.0),            # nothing new: slow down by half
    ("empty", 0, 0, 900.0, 1350.0),
    ("not_modified", 0, 0, 900.0, 1350.0),
    ("ok", 20, 0, 3000.0, 3600.0),           # ... but never beyond max_every
    ("ok", 20, 10, 900.0, 600.0),            # half new: speed up, never below min_every
    ("ok", 20, 10, 1800.0, 1200.0),
    ("ok", 20, 2, 1800.0, 1800.0),           # a few new (under 20 %): keep the interval
    ("degraded", 20, 2, 1800.0, 1800.0),
    ("ok", 20, 2, 100.0, 600.0),             # an interval out of bounds is brought back inside
    ("ok", 20, 2, 99999.0, 3600.0),
])
def test_next_interval_adapts_to_what_runs_bring(status, items, new, current, expected):
    assert next_interval(status, items, new, current, every=EVERY, min_every=MIN_EVERY, max_every=MAX_EVERY,
                         failures=0) == pytest.approx(expected)


@pytest.mark.parametrize("failures, unjittered", [
    (1, 2 * EVERY), (2, 4 * EVERY), (3, 8 * EVERY), (4, BACKOFF_CAP * MAX_EVERY), (30, BACKOFF_CAP * MAX_EVERY),
])
def test_failures_back_off_exponentially_with_jitter_up_to_a_cap(failures, unjittered):
    seen = [next_interval("failed", 0, 0, EVERY, every=EVERY, min_every=MIN_EVERY, max_every=MAX_EVERY,
                          failures=failures, rng=random.Random(seed)) for seed in range(50)]
    assert all(0.8 * unjittered <= value <= 1.2 * unjittered for value in seen)
    assert max(seen) - min(seen) > 0.1 * unjittered   # jitter spreads sources that failed together


@pytest.mark.parametrize("items, errors, notes, not_modified, usual, expected", [
    (0, [], [], True, None, ("not_modified", None)),
    (0, ["HTTP 503 from https://a.example/"], [], False, None, ("failed", "HTTP 503 from https://a.example/")),
    (0, [], [], False, None, ("empty", "no headlines found")),
    (0, [], ["no list found on the page"], False, 40.0, ("empty", "no list found on the page")),
    (12, [], ["pinned list 'top' matched nothing"], False, None, ("degraded", "pinned list 'top' matched nothing")),
    (5, [], [], False, 40.0, ("degraded", "5 items, far below the usual 40: did the layout change?")),
    (12, [], [], False, 40.0, ("ok", None)),                  # 30 % of usual is still ok
    (5, [], [], False, None, ("ok", None)),                   # no history: nothing to compare with
    (9, ["one follow-up page failed"], [], False, 10.0, ("ok", "one follow-up page failed")),
])
def test_crawl_status(items, errors, notes, not_modified, usual, expected):
    assert crawl_status(items, errors, notes, not_modified, usual) == expected


@pytest.mark.parametrize("counts, expected", [
    ([], None), ([40], None), ([40, 41], None),       # too little history
    ([40, 41, 39], 40.0), ([40, 2, 41, 39], 40.0),    # the median: one bad run does not move it
    ([10] * 10 + [1000] * 5, 10.0),                   # only the newest ten runs count
    ("30,31,29", 30.0), (None, None),                 # as SQL's group_concat gives them
])
def test_usual_item_count(counts, expected):
    assert usual_of(counts) == expected


def test_degraded_detection_and_status_share_the_usual_count(db):
    """The one definition: `status` shows the count degraded detection compares against."""
    from db.queries import source_status
    sync_sources(db, [Source("a", "https://a.example/")])
    for items in (40, 2, 41, 39, 40):
        finish_crawl(db, start_crawl(db, "a"), "ok", items)
    shown = source_status(db)[0]["usual_items"]
    assert shown == usual_items(db, "a") == 40.0   # the mean of these runs would be 32.4


NOW = "2026-03-01T12:00:00Z"


@pytest.mark.parametrize("last_start, every, expected", [
    (None, 900.0, NOW),                                     # never run: now
    ("2026-03-01T11:50:00Z", 900.0, "2026-03-01T12:05:00Z"),  # ran 10 min ago every 15 min: in 5 min
    ("2026-03-01T09:00:00Z", 900.0, "2026-03-01T09:15:00Z"),  # overdue: due at once (the past)
    ("2026-03-01T11:00:00Z", 7200.0, "2026-03-01T13:00:00Z"),
])
def test_first_planned_run_follows_the_ledger(db, last_start, every, expected):
    sync_sources(db, [Source("a", "https://a.example/", every_seconds=every)])
    if last_start:
        finish_crawl(db, start_crawl(db, "a", started_at=last_start), "ok", 10)
    assert seed(db, NOW, keep_runs=False) == 1
    assert state_of(db, "a")["next_run"] == expected


@pytest.mark.parametrize("recent, baseline, window, base, sources, expected", [
    (1, 0, 6, 168, 3, None),                               # below min_support: noise
    (2, 0, 6, 168, 1, (3.0, "new")),
    (4, 0, 6, 168, 2, (5.0, "new, on 2 sources")),
    (4, 28, 6, 168, 1, (2.5, "x4.0 vs baseline")),         # 28 a week is 1 per 6 h: four is x4
    (2, 56, 6, 168, 1, (1.0, "x1.0 vs baseline")),         # as usual
    (2, 112, 6, 168, 1, (0.6, "x0.5 vs baseline")),        # fewer than usual
])
def test_trend_score(recent, baseline, window, base, sources, expected):
    found = trend(recent, baseline, window * 3600.0, base * 3600.0, sources)
    assert (found.score, found.why) == expected if expected else found is None


@pytest.mark.parametrize("sent_ago, cooldown, sent", [
    (None, 3600.0, True),          # never sent
    (7200.0, 3600.0, True),        # the cool-down has passed
    (1800.0, 3600.0, False),       # still cooling down
    (1800.0, 600.0, True),
])
def test_alert_cool_down(db, sent_ago, cooldown, sent):
    alerter = Alerter(AlertSettings(log=False, cooldown=cooldown))
    if sent_ago is not None:
        db["alerts"].insert({"key": "failing:a", "kind": "source_failing", "message": "earlier",
                             "sent_at": to_iso(utcnow() - timedelta(seconds=sent_ago))})
    assert alerter.send(db, "failing:a", "source_failing", "source a failed 3 runs in a row") is sent
    assert alerter.send(db, "failing:a", "source_failing", "again at once") is False


FAILED = ("failed", "HTTP 503 from https://a.example/")
CTRL_C = ("failed", "interrupted (Ctrl-C)")
STOPPED = ("failed", "abandoned: scheduler stopping")
OK = ("ok", None)


@pytest.mark.parametrize("status, error, ended", [
    (*CTRL_C, True), (*STOPPED, True), ("failed", "abandoned: the scheduler stopped before this run finished", True),
    (*FAILED, False), ("failed", "timed out after 120s (crawl process ended)", False),   # a slow source's own doing
    ("failed", None, False), (*OK, False), ("empty", "interrupted here and there", False),
])
def test_a_run_we_ended_is_told_apart_in_python_and_sql_alike(db, status, error, ended):
    db["crawls"].insert({"source": "a", "started_at": NOW, "status": status, "error": error})
    assert ended_by_us(status, error) is ended
    assert db.execute(f"SELECT {ended_by_us_sql('c')} FROM crawls c").fetchone()[0] == ended


@pytest.mark.parametrize("runs, failures, alerted", [
    ([FAILED, FAILED], 2, False),
    ([FAILED, FAILED, FAILED], 3, True),               # the third failure in a row alerts
    ([FAILED, FAILED, CTRL_C], 2, False),              # a user's Ctrl-C is no third failure ...
    ([FAILED, FAILED, CTRL_C, FAILED], 3, True),       # ... nor a success that resets the count
    ([FAILED, FAILED, STOPPED, FAILED], 3, True),      # the scheduler stopping counts as little
    ([FAILED, FAILED, OK, FAILED], 1, False),
    ([CTRL_C, CTRL_C, CTRL_C], 0, False),
])
def test_runs_we_ended_count_neither_as_failures_nor_as_successes(db, runs, failures, alerted):
    """Back-off and alerts (the scheduler's plan) and `status` (failures in a row) agree."""
    from db.queries import source_status
    from headlines.scheduler import Planner
    source = Source("a", "https://a.example/", every_seconds=EVERY)
    sync_sources(db, [source])
    planner = Planner({"a": source}, Alerter(AlertSettings(log=False, failures=3)))
    for status, error in runs:
        crawl_id = start_crawl(db, "a")
        finish_crawl(db, crawl_id, status, 10 if status == "ok" else 0, error=error)
        planner.after_run(db, db["crawls"].get(crawl_id), None)
    assert state_of(db, "a").get("failures", 0) == failures
    assert source_status(db)[0]["failures_in_row"] == failures
    assert bool(db["alerts"].count) is alerted
