"""Daily and weekly rollups answer any window exactly as the hourly rows alone did: random windows over a
generated series, before and after an incremental refresh of a few hours."""
from __future__ import annotations

import random
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

from aggregator.prepare import CleanSighting
from aggregator.timewindow import hour_of, to_iso
from aggregator.trending import SCORE_DIGITS, growth_ratios, trend
from db import trend_index
from db.queries import coverage, parse_seconds, top_topics, trending_topics, window_parts
from db.rollups import mark_headlines_dirty, refresh_rollups
from db.synthetic import fill
from db.windows import spans_of
from db.writes import record_page

END = datetime(2026, 11, 20, 6, 30, tzinfo=timezone.utc)
DAYS = 30
HOURLY_ONLY = """
    SELECT t.name AS topic, t.kind AS kind, sum(r.headlines) AS headlines, sum(r.stories) AS stories,
           max(r.sources) AS sources, sum(r.sightings) AS sightings,
           min(r.hour) AS first_seen, max(r.hour) AS last_seen
    FROM topic_hourly r JOIN topics t ON t.id = r.topic_id
    WHERE r.hour >= ? AND r.hour < ?
    GROUP BY r.topic_id HAVING sum(r.headlines) > 0
    ORDER BY headlines DESC, stories DESC, sources DESC, sightings DESC, t.name"""


def random_windows(rng: random.Random, count: int) -> list[tuple[str, str]]:
    start = END - timedelta(days=DAYS + 2)
    windows = []
    for _ in range(count):
        since = start + timedelta(minutes=rng.randrange((DAYS + 3) * 24 * 60))
        length = timedelta(minutes=rng.choice([30, 60, 61, 24 * 60, 47 * 60 + 5, rng.randrange(1, 14 * 24 * 60),
                                               rng.randrange(1, (DAYS + 4) * 24 * 60)]))
        windows.append((to_iso(since), to_iso(since + length)))
    return windows + [("2026-11-10T00:00:00Z", "2026-11-12T00:00:00Z"), ("2026-11-10T00:59:59Z", "2026-11-12T23:00:01Z")]


def assert_same_answers(db, windows) -> None:
    for since, until in windows:
        expected = [dict(r) for r in db.query(HOURLY_ONLY, [hour_of(since), until])]
        for limit in (100_000, 50, 7, 1):  # every topic summed; and pruned to the candidates that can rank
            got = top_topics(db, since, until, limit=limit, use_snapshots=False)
            assert [{k: v for k, v in r.items() if k != "score"} for r in got] == expected[:limit], (since, until)
            assert all(list(r) == [*expected[0], "score"] and r["score"] == r["headlines"] for r in got)


def hourly_only(db, since: str, until: str) -> list[dict]:
    return [dict(r) for r in db.query(HOURLY_ONLY, [hour_of(since), until])]


def reference_trending(db, since: str, until: str, baseline_since: str, limit: int) -> list[dict]:
    """Trending as it was computed before: every topic of both periods summed from the hours."""
    recent = {r["topic"]: r for r in hourly_only(db, since, until)}
    baseline = {r["topic"]: r["headlines"] for r in hourly_only(db, baseline_since, since)}
    recent_cover, base_cover = coverage(db, since, until), coverage(db, baseline_since, since)
    ranked = []
    for name, row in recent.items():
        found = trend(row["headlines"] / recent_cover, baseline.get(name, 0) / base_cover,
                      parse_seconds(since, until), parse_seconds(baseline_since, since), row["sources"])
        if found:
            ranked.append({**row, "score": found.score, "why": found.why})
    ranked.sort(key=lambda r: (-r["score"], -r["headlines"], r["topic"]))
    return ranked[:limit]


def assert_same_trending(db, windows, rng: random.Random) -> None:
    for since, until in windows:
        baseline_since = to_iso(datetime.fromisoformat(since.replace("Z", "+00:00"))
                                - timedelta(hours=rng.choice([1, 24, 24 * 7, 24 * 30, rng.randrange(1, 24 * 40)])))
        for limit in (100_000, 20):
            got = trending_topics(db, since, until, baseline_since, limit=limit, use_snapshots=False)
            expected = reference_trending(db, since, until, baseline_since, limit)
            assert got == expected, (since, until, baseline_since)
            assert [list(r) for r in got] == [list(r) for r in expected]  # the payload's key order too


@contextmanager
def kept_in_memory(db):
    """Trending answered from the totals a server keeps (db/trend_index.py), as `headlines serve` does."""
    path = db.execute("PRAGMA database_list").fetchone()[2]
    trend_index.keep_in_memory(path)
    try:
        yield
    finally:
        trend_index.forget(path)


def totals_in_use(db) -> trend_index.HourlyTotals:
    with db.conn:
        found = trend_index.current(db.conn)
    assert found is not None
    return found


def test_window_parts_cover_each_hour_once():
    since, until = "2026-11-01T13:20:00Z", "2026-11-04T02:00:01Z"
    assert window_parts(since, until) == [("topic_hourly", "2026-11-01T13:00:00Z", "2026-11-02T00:00:00Z"),
                                          ("topic_daily", "2026-11-02T00:00:00Z", "2026-11-04T00:00:00Z"),
                                          ("topic_hourly", "2026-11-04T00:00:00Z", "2026-11-04T03:00:00Z")]
    assert window_parts("2026-11-01T13:20:00Z", "2026-11-02T13:00:00Z") == [
        ("topic_hourly", "2026-11-01T13:00:00Z", "2026-11-02T13:00:00Z")]
    # Monday 2026-11-02 to Monday 2026-11-16: two whole weeks, a day before, hours after.
    assert window_parts("2026-10-31T23:00:00Z", "2026-11-16T00:30:00Z") == [
        ("topic_hourly", "2026-10-31T23:00:00Z", "2026-11-01T00:00:00Z"),
        ("topic_daily", "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"),
        ("topic_weekly", "2026-11-02T00:00:00Z", "2026-11-16T00:00:00Z"),
        ("topic_hourly", "2026-11-16T00:00:00Z", "2026-11-16T01:00:00Z")]


def test_pruning_reads_most_of_a_day_as_the_day_and_few_hours_as_hours():
    # 05:00 to 05:00: 19 hours of Nov 1 (bounded by the day's count), then 5 single hours.
    assert spans_of([("topic_hourly", "2026-11-01T05:00:00Z", "2026-11-02T05:00:00Z")]) == [
        ("topic_daily", "2026-11-01T00:00:00Z")] + [("topic_hourly", f"2026-11-02T0{h}:00:00Z") for h in range(5)]
    assert spans_of([("topic_weekly", "2026-11-02T00:00:00Z", "2026-11-16T00:00:00Z")]) == [
        ("topic_weekly", "2026-11-02T00:00:00Z"), ("topic_weekly", "2026-11-09T00:00:00Z")]


def test_daily_and_weekly_rollups_give_the_hourly_answers_for_random_windows(db):
    fill(db, appearances=20_000, days=DAYS, sources=6, topics=300, end=END)
    assert db.execute("SELECT count(*) FROM topic_weekly").fetchone()[0] > 0
    rng = random.Random(11)
    assert_same_answers(db, random_windows(rng, 40))
    assert_same_trending(db, random_windows(rng, 15), rng)
    # New sightings in a few hours, then the aggregate step's incremental refresh.
    topic_ids = [r[0] for r in db.execute("SELECT id FROM topics LIMIT 20")]
    for n in range(30):
        seen = to_iso(END - timedelta(days=rng.randrange(DAYS), minutes=rng.randrange(1440)))
        row = CleanSighting(f"Late story {n} about the council", f"late story {n} about the council", False, None, 1)
        record_page(db, f"src{n % 3}", "http://late.test/", seen, {"latest": [row]})
        hid = db.execute("SELECT id FROM headlines WHERE key = ?", [row.key]).fetchone()[0]
        db.execute("INSERT INTO headline_topics VALUES (?, ?)", [hid, rng.choice(topic_ids)])
        db.conn.commit()
    with kept_in_memory(db):
        assert_same_trending(db, random_windows(rng, 15), rng)
        before = totals_in_use(db)
        assert refresh_rollups(db) > 0
        assert_same_trending(db, random_windows(rng, 15), rng)  # the totals follow the refresh
        after = totals_in_use(db)
        assert after.generation > before.generation and after.totals[0] is before.totals[0]  # recomputed in part
    assert_same_answers(db, random_windows(rng, 40))
    assert_same_trending(db, random_windows(rng, 15), rng)
    # An empty or reversed window ranks nothing, pruned or not.
    for since, until in (("2026-11-10T05:00:00Z", "2026-11-10T05:00:00Z"), ("2026-11-12T00:00:00Z", "2026-11-10T00:00:00Z")):
        assert top_topics(db, since, until, limit=10, use_snapshots=False) == []
        assert top_topics(db, since, until, limit=100_000, use_snapshots=False) == []


def test_trending_matches_baselines_by_name_when_topics_share_a_name(db):
    """Two topics may carry the same display name (epoch names): the baseline is matched by name,
    as before, so a shared name reads every topic of that name."""
    fill(db, appearances=6_000, days=10, sources=4, topics=80, end=END)
    db.execute("UPDATE topics SET name = 'Shared' WHERE id IN (SELECT id FROM topics ORDER BY id LIMIT 2 OFFSET 3)")
    db.execute("UPDATE topics SET name = 'Shared too' WHERE id IN (SELECT id FROM topics ORDER BY id LIMIT 3 OFFSET 40)")
    db.conn.commit()
    rng = random.Random(5)
    windows = [(to_iso(END - timedelta(hours=h)), to_iso(END)) for h in (3, 6, 24)] + random_windows(rng, 10)
    assert_same_trending(db, windows, rng)
    with kept_in_memory(db):
        assert_same_trending(db, windows, rng)


def test_kept_totals_answer_like_the_rollups_and_follow_every_refresh(db):
    """The in-memory totals give the rollups' trending for random windows and baselines, and a
    totals recomputed from the changed hour equal one built from scratch."""
    fill(db, appearances=8_000, days=12, sources=4, topics=120, end=END)
    rng = random.Random(23)
    windows = [(to_iso(END - timedelta(hours=h)), to_iso(END)) for h in (1, 6, 24)] + [
        (to_iso(END - timedelta(days=40)), to_iso(END - timedelta(days=20))),   # before the data
        (to_iso(END + timedelta(hours=2)), to_iso(END + timedelta(days=3))),    # after it
        ("2026-11-15T05:00:00Z", "2026-11-15T05:00:00Z")] + random_windows(rng, 10)
    with kept_in_memory(db):
        assert_same_trending(db, windows, rng)
        # A topic that is new in the last hours, and late headlines in an older hour.
        topic = db.execute("SELECT max(id) FROM topics").fetchone()[0]
        for n in range(6):
            seen = to_iso(END - timedelta(hours=n % 3, minutes=5) if n < 4 else END - timedelta(days=5, hours=n))
            row = CleanSighting(f"Fresh story {n} on the harbour", f"fresh story {n} on the harbour", False, None, 1)
            record_page(db, "src1", "http://fresh.test/", seen, {"latest": [row]})
            hid = db.execute("SELECT id FROM headlines WHERE key = ?", [row.key]).fetchone()[0]
            db.execute("INSERT INTO headline_topics VALUES (?, ?)", [hid, topic])
            db.conn.commit()
        assert refresh_rollups(db) > 0
        assert_same_trending(db, windows, rng)
        incremental = totals_in_use(db)
        refresh_rollups(db, everything=True)  # a generation meaning "every hour": built from scratch
        rebuilt = totals_in_use(db)
        assert rebuilt.generation > incremental.generation and rebuilt.totals[0] is not incremental.totals[0]
        assert rebuilt.start == incremental.start
        assert [list(row) for row in rebuilt.totals] == [list(row)[:len(row)] for row in incremental.totals]
        assert_same_trending(db, windows, rng)


def test_kept_totals_answer_like_the_rollups_when_crawls_failed(db):
    """Coverage below 1 (failed runs) divides both counts: the in-memory ranking divides alike."""
    fill(db, appearances=6_000, days=10, sources=4, topics=100, end=END)
    db["sources"].insert({"name": "s", "url": "http://s.test/", "kind": "html", "every_seconds": 3600.0, "enabled": 1})
    rng = random.Random(31)
    for hour in range(24 * 12):
        started = to_iso(END - timedelta(hours=hour))
        db["crawls"].insert({"source": "s", "started_at": started, "status": rng.choice(["ok", "ok", "failed"]),
                             "items": 10, "new_headlines": 0})
    db.conn.commit()
    windows = [(to_iso(END - timedelta(hours=h)), to_iso(END)) for h in (6, 30)] + random_windows(rng, 8)
    assert coverage(db, *windows[0]) < 1
    with kept_in_memory(db):
        assert_same_trending(db, windows, rng)


def test_growth_ratios_round_to_the_scores_trend_gives():
    rng = random.Random(3)
    for _ in range(3000):
        recent, baseline = rng.randrange(0, 40), rng.choice([0, rng.randrange(0, 3000)])
        covers = rng.choice([(1.0, 1.0), (rng.uniform(0.05, 1), rng.uniform(0.05, 1))])
        window_s, base_s = rng.choice([3600.0, 21600.0, 86400.0]), rng.choice([0.0, 604800.0, 2592000.0, 7200.0])
        ratio = growth_ratios([recent], [baseline], window_s, base_s, recent_cover=covers[0],
                              baseline_cover=covers[1])[0]
        found = trend(recent / covers[0], baseline / covers[1], window_s, base_s, 1)
        assert (round(ratio, SCORE_DIGITS) if ratio else None) == (found.score if found else None)


def test_totals_are_kept_only_where_asked(db):
    fill(db, appearances=500, days=2, sources=2, topics=10, end=END)
    with db.conn:
        assert trend_index.current(db.conn) is None  # a one-shot command reads the rollups
    with kept_in_memory(db):
        assert totals_in_use(db).counts(*[END - timedelta(days=3), END + timedelta(hours=1)])


def rollup_rows(db) -> dict[str, list[tuple]]:
    return {table: db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("topic_hourly", "topic_daily", "topic_weekly")}


def test_incremental_refresh_equals_a_full_rebuild_when_topics_leave_hours(db):
    """Rows of a day or week are rewritten only where they changed; a topic that lost every
    headline of a day or week loses that row too, as a refresh of everything would give."""
    fill(db, appearances=4_000, days=10, sources=4, topics=60, end=END)
    gone, thinned = (row[0] for row in db.execute(
        "SELECT topic_id FROM headline_topics GROUP BY topic_id ORDER BY count(*) LIMIT 2"))
    dropped = [row[0] for row in db.execute("SELECT headline_id FROM headline_topics WHERE topic_id = ? "
                                             "UNION SELECT min(headline_id) FROM headline_topics WHERE topic_id = ?",
                                             [gone, thinned])]
    db.execute("DELETE FROM headline_topics WHERE topic_id = ? OR (topic_id = ? AND headline_id IN "
               "(SELECT min(headline_id) FROM headline_topics WHERE topic_id = ?))", [gone, thinned, thinned])
    mark_headlines_dirty(db, dropped)
    db.conn.commit()
    assert refresh_rollups(db) > 0
    incremental = rollup_rows(db)
    assert not any(row[1] == gone for rows in incremental.values() for row in rows)
    for table in incremental:
        db.execute(f"DELETE FROM {table}")
    db.conn.commit()
    refresh_rollups(db, everything=True)
    assert rollup_rows(db) == incremental
