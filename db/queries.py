"""Read queries behind the CLI and the API. Windows are [since, until) in ISO UTC text.

Topic counts read the rollups (`topic_hourly`, `topic_daily`, `topic_weekly`), headline lists read
`sightings_hourly`;
both answer at hour granularity: an hour counts when it starts inside [floor_hour(since), until).
"""
from __future__ import annotations

import heapq
import json
import math
from datetime import timedelta
from itertools import compress

from sqlite_utils import Database

from aggregator.timewindow import hour_of, parse_iso, to_iso
from aggregator.topics import topic_key
from aggregator.trending import SCORE_DIGITS, growth_ratios, trend, trend_score, trend_scores
from db import trend_index
from db.ledger import USUAL_RUNS, ended_by_us_sql, show_abandoned, usual_of
from db.windows import (
    hour_bounds,
    part_params,
    read_snapshot,
    top_candidates,
    topic_headlines,
    window_parts,
    window_rows_sql,
    window_totals,
)

SNAPSHOT_SIZE = 100              # topics kept per stored ranking
SNAPSHOT_BASELINE = 7 * 86400.0  # the baseline the stored trending ranking uses


def top_topics(db: Database, since: str, until: str, *, source: str | None = None, limit: int = 20,
               use_snapshots: bool = True) -> list[dict]:
    """Topics ranked by distinct headlines in the window, with stories, sources, sightings.

    Reads the rollups (each headline counts in the hour it was first seen; whole days and weeks
    of the window from the daily and weekly sums, the same answer), or the snapshot the
    aggregate step stored for exactly this window. With `source`, counts come from that
    source's own sightings (exact, slower).
    """
    if use_snapshots and not source:
        stored = snapshot(db, "top", since, until, limit)
        if stored is not None:
            return stored
    if source:
        return _top_for_source(db, since, until, source, limit)
    with read_snapshot(db.conn):
        rows = _top_rows(db, since, until, limit)
    return [_top_row(row) for row in rows]


TOP_FIELDS = ("topic", "kind", "headlines", "stories", "sources", "sightings", "first_seen", "last_seen")


def _top_row(row: tuple) -> dict:
    return {**dict(zip(TOP_FIELDS, row)), "score": float(row[2])}


def _top_rows(db: Database, since: str, until: str, limit: int, candidates: list[int] | None = None) -> list[tuple]:
    """The window's top topics as tuples of TOP_FIELDS and the topic id: ranked among
    `candidates`, or those `top_candidates` proves hold the top `limit`, or among every topic
    of the window when pruning does not pay."""
    if candidates is None:
        candidates = top_candidates(db.conn, since, until, limit)
    union, bounds = window_rows_sql(window_parts(since, until), only_topics=candidates is not None)
    # Sum per topic first, then name the topics: one lookup per topic, not per rollup row.
    sql = f"""
        SELECT t.name AS topic, t.kind AS kind, a.headlines, a.stories, a.sources, a.sightings,
               a.first_seen, a.last_seen, a.topic_id
        FROM (SELECT topic_id, sum(headlines) AS headlines, sum(stories) AS stories, max(sources) AS sources,
                     sum(sightings) AS sightings, min(first_hour) AS first_seen, max(last_hour) AS last_seen
              FROM ({union}) GROUP BY topic_id HAVING sum(headlines) > 0) a
        JOIN topics t ON t.id = a.topic_id
        ORDER BY a.headlines DESC, a.stories DESC, a.sources DESC, a.sightings DESC, t.name
        LIMIT ?"""
    return db.conn.execute(sql, [*part_params(bounds, candidates), limit]).fetchall()


def _top_for_source(db: Database, since: str, until: str, source: str, limit: int) -> list[dict]:
    sql = """
        SELECT t.name AS topic, t.kind AS kind,
               count(DISTINCT s.headline_id) AS headlines, count(DISTINCT h.story_id) AS stories,
               count(DISTINCT s.source) AS sources, sum(s.sightings) AS sightings,
               min(h.first_seen) AS first_seen, max(h.last_seen) AS last_seen
        FROM sightings_hourly s
        JOIN headline_topics ht ON ht.headline_id = s.headline_id
        JOIN topics t ON t.id = ht.topic_id
        JOIN headlines h ON h.id = s.headline_id
        WHERE s.hour >= ? AND s.hour < ? AND s.source = ?
        GROUP BY t.id
        ORDER BY headlines DESC, stories DESC, sightings DESC, t.name
        LIMIT ?"""
    rows = [dict(r) for r in db.query(sql, [hour_of(since), until, source, limit])]
    for row in rows:
        row["score"] = float(row["headlines"])
    return rows


def trending_topics(db: Database, since: str, until: str, baseline_since: str, *,
                    source: str | None = None, limit: int = 20, min_support: int = 2,
                    use_snapshots: bool = True) -> list[dict]:
    """Topics whose distinct headlines in [since, until) grew most over [baseline_since, since).

    Both counts are divided by their period's crawl coverage (successful runs / expected runs),
    so hours when crawls failed or were skipped do not read as a drop.
    """
    if use_snapshots and not source and parse_seconds(baseline_since, since) == SNAPSHOT_BASELINE:
        stored = snapshot(db, "trending", since, until, limit)
        if stored is not None:
            return stored
    window_s = parse_seconds(since, until)
    base_s = parse_seconds(baseline_since, since)
    with read_snapshot(db.conn):
        recent_cover, base_cover = coverage(db, since, until), coverage(db, baseline_since, since)
        if not source:
            kept = _trending_in_memory(db, since, until, baseline_since, recent_cover, base_cover, limit, min_support)
            if kept is not None:
                return kept
        fast = None if source else _able_topics(db, since, until, baseline_since, recent_cover, min_support)
        if fast is not None:
            able, baseline = fast
        else:  # by source, or a name shared by topics: every topic of both periods, matched by name
            if source:
                by_source = top_topics(db, since, until, source=source, limit=100000, use_snapshots=False)
                recent = {r["topic"]: (*(r[field] for field in TOP_FIELDS), None) for r in by_source}
            else:
                recent = {row[0]: row for row in _top_rows(db, since, until, 100000)}
            able = [row for row in recent.values() if row[2] / recent_cover >= min_support]
            baseline = {r["topic"]: r["headlines"] for r in
                        top_topics(db, baseline_since, since, source=source, limit=100000, use_snapshots=False)}
    scored = []
    for row in able:
        score = trend_score(row[2] / recent_cover, baseline.get(row[0], 0) / base_cover, window_s, base_s,
                            min_support=min_support)
        if score is not None:
            scored.append((score, row))
    scored.sort(key=lambda pair: (-pair[0], -pair[1][2], pair[1][0]))
    return [_trending_row(row, baseline.get(row[0], 0), recent_cover, base_cover, window_s, base_s, min_support)
            for _, row in scored[:limit]]


def _trending_row(row: tuple, baseline: int, recent_cover: float, base_cover: float, window_s: float,
                  base_s: float, min_support: int) -> dict:
    """A returned topic's payload: its `_top_rows` fields, score and the reason in words (built
    only for the topics returned)."""
    found = trend(row[2] / recent_cover, baseline / base_cover, window_s, base_s, row[4], min_support=min_support)
    assert found is not None  # ranked topics have a score
    return {**_top_row(row[:8]), "score": found.score, "why": found.why}


def _trending_in_memory(db: Database, since: str, until: str, baseline_since: str, recent_cover: float,
                        base_cover: float, limit: int, min_support: int) -> list[dict] | None:
    """Trending from the totals this process keeps in memory (db/trend_index.py), or None
    (not kept here, or a topic that can trend shares its name or has none: the rollup path).

    Every topic's recent and baseline headlines are two lookups each; only the topics that can
    reach the top `limit` (ties included) are named and summed in full from the rollups.
    """
    if min_support < 1:
        return None  # topics without a headline in the window would score: the rollup path ranks only the others
    totals = trend_index.current(db.conn)
    if totals is None:
        return None
    window_s, base_s = parse_seconds(since, until), parse_seconds(baseline_since, since)
    recent = totals.counts(*hour_bounds(since, until))
    base = totals.counts(*hour_bounds(baseline_since, since))
    base.extend([0] * (len(recent) - len(base)))
    able = list(compress(range(len(recent)), map(_least_count(recent_cover, min_support).__le__, recent)))
    if not able or limit < 1:
        return []
    if not trend_index.matchable_by_id(db.conn, able):
        return None
    # Every topic id in one pass (0.0 below min_support), as trend() would score it.
    ratios = growth_ratios(recent, base, window_s, base_s, recent_cover=recent_cover, baseline_cover=base_cover,
                           min_support=min_support)
    ranked_ratios = heapq.nlargest(limit, filter(None, ratios))
    # Rounding keeps order: a topic whose ratio is more than a rounding step below the limit-th
    # ratio scores below at least `limit` topics. Only the others are scored and summed in full.
    floor = round(ranked_ratios[-1], SCORE_DIGITS) - 2 * 10 ** -SCORE_DIGITS
    near = [topic for topic in compress(range(len(ratios)), map(floor.__le__, ratios)) if ratios[topic]]
    scored = [(score, recent[topic], topic) for score, topic in zip(
        trend_scores([recent[topic] / recent_cover for topic in near], [base[topic] / base_cover for topic in near],
                     window_s, base_s, min_support=min_support), near)]
    cut = heapq.nlargest(limit, scored)[-1][:2]
    score_of = {topic: score for score, count, topic in scored if (score, count) >= cut}
    reach = list(score_of)
    rows = {row[8]: row for row in _top_rows(db, since, until, len(reach), reach)}
    if len(rows) != len(reach) or any(rows[topic][2] != recent[topic] for topic in reach):
        return None  # the totals disagree with the rollups read in this transaction: never answer from them
    ranked = sorted((rows[topic] for topic in reach), key=lambda row: (-score_of[row[8]], -row[2], row[0]))
    return [_trending_row(row, base[row[8]], recent_cover, base_cover, window_s, base_s, min_support)
            for row in ranked[:limit]]


def _least_count(cover: float, min_support: int) -> int:
    """The fewest headlines (at least 1) a topic needs in a window of this coverage to trend:
    count / cover >= min_support, decided by that very division (no rounding surprise)."""
    count = max(1, math.floor(min_support * cover) - 1)
    while count / cover < min_support:
        count += 1
    while count > 1 and (count - 1) / cover >= min_support:
        count -= 1
    return count


def _able_topics(db: Database, since: str, until: str, baseline_since: str, recent_cover: float,
                 min_support: int) -> tuple[list[tuple], dict[str, int]] | None:
    """The topics with enough headlines in [since, until) to trend, as `_top_rows` tuples, and
    their headlines in [baseline_since, since) by name; None when one of their names is also
    another topic's (trending matches the two periods by name: the caller then reads every
    topic of both, in ranking order, as it always did).

    Only these topics are named, and only their baseline is read (topic-first indexes).
    """
    able = [row for row in window_totals(db.conn, since, until) if row[1] / recent_cover >= min_support]
    named = {row[0]: row[1:] for row in db.execute(
        "SELECT id, name, kind FROM topics WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps([row[0] for row in able])])}
    rows = [(*named[row[0]], *row[1:], row[0]) for row in able if row[0] in named]
    names = {row[0] for row in rows}
    sharing = db.execute("SELECT count(*) FROM topics WHERE name IN (SELECT value FROM json_each(?))",
                         [json.dumps(sorted(names, key=str))]).fetchone()[0]
    if len(names) != len(rows) or sharing != len(rows):
        return None
    counts = topic_headlines(db.conn, window_parts(baseline_since, since), [row[8] for row in rows])
    return rows, {row[0]: counts.get(row[8], 0) for row in rows}


def coverage(db: Database, since: str, until: str) -> float:
    """Share of the expected crawl runs in [since, until) that succeeded (1.0 without crawls).

    A source is expected to run every `every_seconds` from its first recorded run on (time
    before a source existed is not a gap); ok, not_modified and empty runs count. A degraded
    run (far fewer items than usual: a layout change) counts as a gap, so its short list does
    not read as a drop either.
    Clamped to [0.05, 1] so a near-empty window cannot explode a ratio.
    """
    expected = 0.0
    for first, every in db.execute(
            "SELECT min(c.started_at), s.every_seconds FROM sources s JOIN crawls c ON c.source = s.name "
            "WHERE s.enabled = 1 AND s.every_seconds > 0 GROUP BY s.name HAVING min(c.started_at) < ?", [until]):
        expected += max(0.0, parse_seconds(max(since, first), until)) / every
    if expected < 1:
        return 1.0  # nothing was expected to be crawled then (or the database is fed by ingest)
    good = db.execute("SELECT count(*) FROM crawls WHERE started_at >= ? AND started_at < ? "
                      "AND status IN ('ok', 'not_modified', 'empty')", [since, until]).fetchone()[0]
    return min(1.0, max(0.05, good / expected))


def snapshot(db: Database, kind: str, since: str, until: str, limit: int) -> list[dict] | None:
    """The stored ranking for exactly this window, or None.

    The aggregate step stores the default windows ending at the data's reference time, from
    the rollups it has just refreshed; the newest snapshot answers a question only when it ends
    exactly there, so a snapshot never answers for other data than the rollups would.
    """
    row = db.execute("SELECT payload, taken_at FROM snapshots WHERE kind = ? AND window_seconds = ? "
                     "ORDER BY taken_at DESC LIMIT 1", [kind, parse_seconds(since, until)]).fetchone()
    if row is None or row[1] != until:
        return None
    ranked = json.loads(row[0])
    if len(ranked) < limit and len(ranked) >= SNAPSHOT_SIZE:
        return None  # the question asks for more than was stored
    return ranked[:limit]


def parse_seconds(since: str, until: str) -> float:
    return (parse_iso(until) - parse_iso(since)).total_seconds()


MAX_SEARCH_CHARS = 200


def like_pattern(search: str) -> str:
    """A LIKE pattern matching `search` literally anywhere in the text (ESCAPE '\\').

    % and _ are the user's characters, not wildcards. Raises ValueError for text that no
    headline could hold: longer than MAX_SEARCH_CHARS (SQLite refuses very long patterns) or
    with control characters (a NUL ends SQLite's pattern early, matching everything).
    """
    if len(search) > MAX_SEARCH_CHARS:
        raise ValueError(f"search: longer than {MAX_SEARCH_CHARS} characters")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in search):
        raise ValueError("search: contains a control character")
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_headlines(db: Database, since: str, until: str, *, topic: str | None = None,
                   search: str | None = None, source: str | None = None, limit: int = 50) -> list[dict]:
    """Distinct headlines seen in the window, most sighted first."""
    where, params = (" AND s.source = ?", [source]) if source else ("", [])
    if topic:
        where += (" AND s.headline_id IN (SELECT ht.headline_id FROM headline_topics ht "
                  "JOIN topics t ON t.id = ht.topic_id WHERE t.key = ?)")
        params.append(topic_key(topic))
    if search:
        where += " AND h.text LIKE ? ESCAPE '\\'"
        params.append(like_pattern(search))
    sql = f"""
        SELECT h.id, h.text, h.truncated, h.url, count(DISTINCT s.source) AS sources,
               sum(s.sightings) AS sightings, h.first_seen, h.last_seen, h.story_id
        FROM sightings_hourly s JOIN headlines h ON h.id = s.headline_id
        WHERE s.hour >= ? AND s.hour < ?{where}
        GROUP BY h.id ORDER BY sightings DESC, h.last_seen DESC LIMIT ?"""
    rows = [dict(r) for r in db.query(sql, [hour_of(since), until, *params, limit])]
    for row in rows:
        row["truncated"] = bool(row["truncated"])
    return rows


def list_stories(db: Database, since: str, until: str, *, limit: int = 50) -> list[dict]:
    """Stories (groups of near-duplicate headlines) seen in the window, biggest first."""
    heads = list_headlines(db, since, until, limit=100000)
    stories: dict[int, dict] = {}
    for row in heads:
        story = stories.setdefault(row["story_id"], {"id": row["story_id"], "headline": row["text"],
                                                     "size": 0, "headlines": []})
        story["size"] += 1
        story["headlines"].append(row)
    ranked = sorted(stories.values(), key=lambda s: (-s["size"], -sum(h["sightings"] for h in s["headlines"])))
    return ranked[:limit]


def source_known(db: Database, source: str) -> bool:
    """Whether `source` names a configured source or one that brought sightings (ingest's
    sources are only in `appearances`): a mistyped --source is an error, not an empty answer."""
    return db.execute("SELECT EXISTS (SELECT 1 FROM sources WHERE name = ?) "
                      "OR EXISTS (SELECT 1 FROM appearances WHERE source = ?)", [source, source]).fetchone()[0] == 1


def topic_known(db: Database, topic: str) -> bool:
    """Whether a topic has `topic`'s key (found as `topic_series` finds it)."""
    return db.execute("SELECT 1 FROM topics WHERE key = ?", [topic_key(topic)]).fetchone() is not None


def topic_series(db: Database, topic: str, since: str, until: str) -> dict | None:
    """One topic: per hour its new headlines and its sightings (from the rollup), and its headlines."""
    found = db.execute("SELECT id, name, kind FROM topics WHERE key = ?", [topic_key(topic)]).fetchone()
    if not found:
        return None
    series = [dict(r) for r in db.query(
        "SELECT hour, headlines, sightings FROM topic_hourly WHERE topic_id = ? AND hour >= ? AND hour < ? "
        "ORDER BY hour", [found[0], hour_of(since), until])]
    return {"topic": found[1], "kind": found[2], "series": series,
            "headlines": list_headlines(db, since, until, topic=topic)}


def source_status(db: Database) -> list[dict]:
    """Per source: last run, its status and counts, failures in a row, usual item count."""
    sql = """
        SELECT so.name AS source, so.kind, so.every_seconds, so.enabled,
               c.started_at AS last_run, c.status, c.items, c.new_headlines, c.error, c.pid,
               (SELECT count(*) FROM crawls f WHERE f.source = so.name AND f.status = 'failed'
                  AND NOT {ended} AND f.id > coalesce((SELECT max(id) FROM crawls g WHERE g.source = so.name
                                       AND g.status != 'failed'), 0)) AS failures_in_row,
               (SELECT group_concat(items) FROM (SELECT items FROM crawls u WHERE u.source = so.name
                  AND u.status IN ('ok', 'degraded') ORDER BY id DESC LIMIT ?)) AS usual_items,
               st.next_run, st.interval_seconds
        FROM sources so
        LEFT JOIN crawls c ON c.id = (SELECT max(id) FROM crawls WHERE source = so.name)
        LEFT JOIN source_state st ON st.source = so.name
        ORDER BY so.name""".format(ended=ended_by_us_sql("f"))  # a run we ended is no failure
    rows = show_abandoned([dict(r) for r in db.query(sql, [USUAL_RUNS])])
    for row in rows:
        row["usual_items"] = usual_of(row["usual_items"])
        # no plan stored yet (crawled by `headlines crawl` only): last run + interval
        if row["next_run"] is None and row["last_run"] and row["enabled"] and row["every_seconds"]:
            row["next_run"] = to_iso(parse_iso(row["last_run"]) + timedelta(seconds=row["every_seconds"]))
    return rows


def urls_with_full_text(db: Database, urls: list[str]) -> set[str]:
    """Which of `urls` already link a headline known in full (no need to fetch them again)."""
    found: set[str] = set()
    for start in range(0, len(urls), 500):
        chunk = urls[start:start + 500]
        found.update(r[0] for r in db.execute(
            f"SELECT url FROM headlines WHERE truncated = 0 AND url IN ({','.join('?' * len(chunk))})", chunk))
    return found
