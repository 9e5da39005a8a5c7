"""Schema, only through sqlite-utils migrations. Never edit an applied migration: add one."""
from __future__ import annotations

from sqlite_utils import Database, Migrations

from db.topic_rekey import rekey_topics

migrations = Migrations("headlines")


@migrations()
def m001_core(db: Database) -> None:
    db["sources"].create({"name": str, "url": str, "kind": str, "every_seconds": float,
                          "enabled": int}, pk="name")
    db["crawls"].create({"id": int, "source": str, "started_at": str, "finished_at": str,
                         "status": str, "items": int, "new_headlines": int, "error": str,
                         "pid": int}, pk="id")
    db["crawls"].create_index(["source", "started_at"])
    db["crawls"].create_index(["status"])
    db["headlines"].create({"id": int, "text": str, "key": str, "truncated": int, "url": str,
                            "first_seen": str, "last_seen": str, "story_id": int,
                            "tagged": int}, pk="id", not_null={"text", "key"})
    db["headlines"].create_index(["key"], unique=True)
    db["headlines"].create_index(["url"])
    db["headlines"].create_index(["last_seen"])
    db["headlines"].create_index(["story_id"])
    db["appearances"].create({"headline_id": int, "source": str, "list_name": str,
                              "first_seen": str, "last_seen": str, "times_seen": int,
                              "best_position": int}, pk=("headline_id", "source", "list_name"))
    db["appearances"].create_index(["source", "last_seen"])
    # Sightings per headline, source and hour: what windowed counts read. One row per hour a
    # headline is on show, however many crawls saw it in that hour.
    db["sightings_hourly"].create({"hour": str, "headline_id": int, "source": str,
                                   "sightings": int}, pk=("hour", "headline_id", "source"))
    db["sightings_hourly"].create_index(["headline_id"])
    # Earlier or cut texts of a headline, kept as evidence when merged into a fuller form.
    db["headline_texts"].create({"headline_id": int, "text": str, "first_seen": str},
                                pk=("headline_id", "text"))
    db["topics"].create({"id": int, "name": str, "key": str, "kind": str}, pk="id")
    db["topics"].create_index(["key"], unique=True)
    db["headline_topics"].create({"headline_id": int, "topic_id": int},
                                 pk=("headline_id", "topic_id"))
    db["headline_topics"].create_index(["topic_id", "headline_id"])
    # Raw extraction of a page, stored only when its lists changed; enough to rebuild everything.
    db["captures"].create({"id": int, "source": str, "page_url": str, "digest": str,
                           "first_seen": str, "last_seen": str, "times_seen": int,
                           "payload": str}, pk="id")
    db["captures"].create_index(["source", "page_url", "last_seen"])
    db["captures"].create_index(["last_seen"])


@migrations()
def m002_operations(db: Database) -> None:
    # Validators of the last stored response per URL, sent back as conditional GET headers.
    db["http_validators"].create({"url": str, "etag": str, "last_modified": str, "updated_at": str}, pk="url")
    # Scheduling state per source: adaptive interval, failures in a row, the next run.
    db["source_state"].create({"source": str, "interval_seconds": float, "failures": int,
                               "next_run": str, "updated_at": str}, pk="source")
    # Alerts sent, for the cool-down: one alert per event key.
    db["alerts"].create({"key": str, "kind": str, "message": str, "sent_at": str}, pk="key")


@migrations()
def m003_stories_rollups_snapshots(db: Database) -> None:
    # 0 until the aggregate step has grouped the headline into a story.
    db["headlines"].add_column("grouped", int, not_null_default=0)
    # Per hour and topic: headlines and stories first seen in that hour (each counted once,
    # ever), sightings in that hour, and the most sources that showed the topic in one hour.
    db["topic_hourly"].create({"hour": str, "topic_id": int, "headlines": int, "stories": int,
                               "sightings": int, "sources": int}, pk=("hour", "topic_id"))
    db["topic_hourly"].create_index(["topic_id", "hour"])
    # Hours whose rollup rows must be recomputed by the next aggregate step.
    db["dirty_hours"].create({"hour": str}, pk="hour")
    # Rankings as the aggregate step saw them, so `--at` answers from what was known then.
    db["snapshots"].create({"taken_at": str, "kind": str, "window_seconds": float, "payload": str},
                           pk=("taken_at", "kind", "window_seconds"))


@migrations()
def m004_cut_headline_index(db: Database) -> None:
    # Finding the cut headlines a new full one completes scans cut rows only, not every key
    # sharing a prefix (which made writes slow down as the table grew).
    db.execute("CREATE INDEX idx_headlines_cut_key ON headlines (key) WHERE truncated = 1")


@migrations()
def m005_headlines_fts(db: Database) -> None:
    # Full-text search on headline text (Datasette ?_search=, SQL `headlines_fts MATCH`).
    # Triggers fire on insert, delete and changes of `text` only: the many last_seen updates
    # of every crawl leave the index alone (sqlite-utils' generic triggers would rewrite it).
    for statement in (
        "CREATE VIRTUAL TABLE [headlines_fts] USING FTS5 ([text], content=[headlines])",
        "INSERT INTO [headlines_fts] (rowid, [text]) SELECT id, [text] FROM headlines",
        "CREATE TRIGGER [headlines_ai] AFTER INSERT ON [headlines] BEGIN "
        "INSERT INTO [headlines_fts] (rowid, [text]) VALUES (new.id, new.[text]); END",
        "CREATE TRIGGER [headlines_ad] AFTER DELETE ON [headlines] BEGIN "
        "INSERT INTO [headlines_fts] ([headlines_fts], rowid, [text]) VALUES ('delete', old.id, old.[text]); END",
        "CREATE TRIGGER [headlines_au] AFTER UPDATE OF [text] ON [headlines] BEGIN "
        "INSERT INTO [headlines_fts] ([headlines_fts], rowid, [text]) VALUES ('delete', old.id, old.[text]); "
        "INSERT INTO [headlines_fts] (rowid, [text]) VALUES (new.id, new.[text]); END",
    ):
        db.execute(statement)
    db.execute("UPDATE headlines SET grouped = 0")  # regroup once, recording links


@migrations()
def m006_pending_work_indexes(db: Database) -> None:
    # The aggregate step reads the headlines still to group or tag, oldest first, in chunks.
    db.execute("CREATE INDEX idx_headlines_ungrouped ON headlines (first_seen, id) WHERE grouped = 0")
    db.execute("CREATE INDEX idx_headlines_untagged ON headlines (id) WHERE tagged = 0")


@migrations()
def m007_source_site_name(db: Database) -> None:
    # The publisher's name as its pages give it, so the site's own brand is never a topic.
    db["sources"].add_column("site_name", str)


@migrations()
def m008_topic_epochs(db: Database) -> None:
    # Topics are re-fitted per epoch of first sightings: the aggregate step reads headlines by
    # first_seen, in (first_seen, key) order so ties never depend on arrival order.
    db.execute("CREATE INDEX idx_headlines_first_seen_key ON headlines (first_seen, key)")
    # The name (and kind) each epoch's model gives a topic; a topic shows its newest epoch's name.
    db["topic_names"].create({"key": str, "epoch": int, "name": str, "kind": str}, pk=("key", "epoch"))
    db["topic_names"].create_index(["epoch"])
    db.execute("UPDATE headlines SET tagged = 0")  # re-tag once under epoch models


@migrations()
def m009_story_links(db: Database) -> None:
    # Stories are the connected components of these links: each headline records the earlier
    # headlines (in canonical order: first_seen, key) it was grouped with, one per story it joined.
    db["story_links"].create({"headline_id": int, "linked_id": int}, pk=("headline_id", "linked_id"))
    db["story_links"].create_index(["linked_id"])
    # Grouping visits headlines in canonical order (first_seen, key): m008's index serves it.
    # Where grouping must restart because a headline left (merged by dedupe): its old position.
    db["story_restarts"].create({"first_seen": str, "key": str})
    for statement in (
        # First seen earlier than known (a backfill): the headline moves in canonical order.
        "CREATE TRIGGER headlines_regroup_moved AFTER UPDATE OF first_seen ON headlines "
        "WHEN new.first_seen < old.first_seen BEGIN UPDATE headlines SET grouped = 0 WHERE id = new.id; END",
        # Its text changed (a cut headline completed): it is compared anew.
        "CREATE TRIGGER headlines_regroup_text AFTER UPDATE OF text ON headlines "
        "WHEN new.text IS NOT old.text BEGIN UPDATE headlines SET grouped = 0 WHERE id = new.id; END",
        "CREATE TRIGGER headlines_regroup_deleted AFTER DELETE ON headlines BEGIN "
        "INSERT INTO story_restarts (first_seen, key) VALUES (old.first_seen, old.key); "
        "DELETE FROM story_links WHERE headline_id = old.id OR linked_id = old.id; END",
    ):
        db.execute(statement)
    db.execute("UPDATE headlines SET grouped = 0")  # regroup once, recording links


@migrations()
def m010_due_queue_and_run_ids(db: Database) -> None:
    # The due-queue: the scheduler takes what is due with one indexed range read, and marks a
    # dispatched source by the run id it holds (NULL when idle); next_run is then its lease end.
    db["source_state"].add_column("run_id", str)
    db.execute("CREATE INDEX idx_source_state_next_run ON source_state (next_run, source)")
    # Distributed runs: one `crawls` row per run id however often its items are delivered, and
    # the pages of a run already stored (a page counts once per run id and page URL).
    db["crawls"].add_column("run_id", str)
    db.execute("CREATE UNIQUE INDEX idx_crawls_run_id ON crawls (run_id) WHERE run_id IS NOT NULL")
    db["run_pages"].create({"run_id": str, "page_url": str}, pk=("run_id", "page_url"))


@migrations()
def m011_page_moments_daily_rollups(db: Database) -> None:
    # Each page stored, by source and moment: a digest of its raw lists and the capture holding
    # them, so the same sightings arriving again (a re-run ingest) are not counted twice.
    db.execute("CREATE TABLE page_moments (source TEXT NOT NULL, seen_at TEXT NOT NULL, digest TEXT NOT NULL, "
               "capture_id INTEGER, PRIMARY KEY (source, seen_at, digest)) WITHOUT ROWID")
    # topic_hourly summed per UTC day and per week (from Monday): a long window reads whole weeks
    # and days here, and hours only at its two ends. sources: the most in one hour of the span;
    # first_hour/last_hour: the span's earliest and latest hour row of the topic.
    for table, column in (("topic_daily", "day"), ("topic_weekly", "week")):
        db.execute(f"CREATE TABLE {table} ({column} TEXT NOT NULL, topic_id INTEGER NOT NULL, headlines INTEGER, "
                   "stories INTEGER, sightings INTEGER, sources INTEGER, first_hour TEXT, last_hour TEXT, "
                   f"PRIMARY KEY ({column}, topic_id)) WITHOUT ROWID")
    db.execute("INSERT INTO topic_daily SELECT substr(hour, 1, 10) || 'T00:00:00Z', topic_id, sum(headlines), "
               "sum(stories), sum(sightings), max(sources), min(hour), max(hour) FROM topic_hourly "
               "GROUP BY substr(hour, 1, 10), topic_id")
    db.execute("INSERT INTO topic_weekly SELECT strftime('%Y-%m-%dT00:00:00Z', day, '-6 days', 'weekday 1'), "
               "topic_id, sum(headlines), sum(stories), sum(sightings), max(sources), min(first_hour), "
               "max(last_hour) FROM topic_daily GROUP BY 1, topic_id")


@migrations()
def m012_capture_hours(db: Database) -> None:
    # How often each capture was seen in each hour, so `rebuild` replays sightings into the hours
    # they happened (first and last moment exact): the hourly counts come back identical.
    db.execute("CREATE TABLE capture_hours (capture_id INTEGER NOT NULL, hour TEXT NOT NULL, times INTEGER NOT NULL, "
               "PRIMARY KEY (capture_id, hour)) WITHOUT ROWID")
    # Captures stored before: what was known, the first sighting and the rest at the last one.
    db.execute("INSERT INTO capture_hours SELECT id, substr(first_seen, 1, 13) || ':00:00Z', 1 FROM captures")
    db.execute("INSERT INTO capture_hours SELECT id, substr(last_seen, 1, 13) || ':00:00Z', times_seen - 1 "
               "FROM captures WHERE times_seen > 1 ON CONFLICT (capture_id, hour) DO UPDATE "
               "SET times = times + excluded.times")


@migrations()
def m013_rollup_rank_indexes(db: Database) -> None:
    # topic_hourly keyed by (hour, topic_id) in the table itself (WITHOUT ROWID): a window's hours
    # are read in key order with their counts, no lookup per row, one B-tree fewer to write.
    db.execute("CREATE TABLE topic_hourly_keyed (hour TEXT NOT NULL, topic_id INTEGER NOT NULL, headlines INTEGER, "
               "stories INTEGER, sightings INTEGER, sources INTEGER, PRIMARY KEY (hour, topic_id)) WITHOUT ROWID")
    db.execute("INSERT INTO topic_hourly_keyed SELECT hour, topic_id, headlines, stories, sightings, sources "
               "FROM topic_hourly ORDER BY hour, topic_id")
    db.execute("DROP TABLE topic_hourly")
    db.execute("ALTER TABLE topic_hourly_keyed RENAME TO topic_hourly")
    # Any window's top topics without summing every topic (db/windows.py): each hour, day and
    # week read in descending order of headlines (rows without a new headline cannot rank) ...
    for table, column in (("topic_hourly", "hour"), ("topic_daily", "day"), ("topic_weekly", "week")):
        db.execute(f"CREATE INDEX idx_{table}_rank ON {table} ({column}, headlines DESC, topic_id) "
                   "WHERE headlines > 0")
    # ... and one topic's rows of a window summed from an index holding them (no table lookups).
    db.execute("CREATE INDEX idx_topic_hourly_topic ON topic_hourly (topic_id, hour, headlines, stories, "
               "sightings, sources)")
    for table, column in (("topic_daily", "day"), ("topic_weekly", "week")):
        db.execute(f"CREATE INDEX idx_{table}_topic ON {table} (topic_id, {column}, headlines, stories, sightings, "
                   "sources, first_hour, last_hour)")
    # Trending reads the baseline of the topics that can trend only, matched by name.
    db.execute("CREATE INDEX idx_topics_name ON topics (name)")


@migrations()
def m014_rollup_changes(db: Database) -> None:
    # One row per refresh of the rollups, written in its transaction: a long-lived reader keeping
    # sums in memory (db/trend_index.py) learns the generation and the first hour that changed
    # ('' = every hour) and recomputes from there only.
    db.execute("CREATE TABLE rollup_changes (generation INTEGER PRIMARY KEY, first_hour TEXT NOT NULL)")
    # ... and which topic ids trending may match by id (named, no name shared): recomputed only
    # when a topic is added, removed or renamed (one small update per such row).
    db.execute("CREATE TABLE topic_changes (id INTEGER PRIMARY KEY CHECK (id = 0), generation INTEGER NOT NULL)")
    db.execute("INSERT INTO topic_changes VALUES (0, 0)")
    bump = "BEGIN UPDATE topic_changes SET generation = generation + 1; END"
    db.execute(f"CREATE TRIGGER topics_added AFTER INSERT ON topics {bump}")
    db.execute(f"CREATE TRIGGER topics_removed AFTER DELETE ON topics {bump}")
    db.execute(f"CREATE TRIGGER topics_renamed AFTER UPDATE OF name, id ON topics "
               f"WHEN old.name IS NOT new.name OR old.id != new.id {bump}")


@migrations()
def m015_capture_rows(db: Database) -> None:
    # A capture's lists as cleaned rows (filled the first time the page answers 304 or comes back
    # unchanged): a repeat is then resolved and counted by a few set-based statements (db/unchanged.py)
    # instead of re-cleaning the payload and resolving headline by headline. A cache: rebuild clears it.
    db.execute("CREATE TABLE capture_rows (capture_id INTEGER NOT NULL, seq INTEGER NOT NULL, list_name TEXT NOT NULL, "
               "position INTEGER NOT NULL, key TEXT NOT NULL, text TEXT NOT NULL, url TEXT, truncated INTEGER NOT NULL, "
               "prefix_ok INTEGER NOT NULL, PRIMARY KEY (capture_id, seq)) WITHOUT ROWID")
    db.execute("CREATE TRIGGER captures_rows_deleted AFTER DELETE ON captures BEGIN "
               "DELETE FROM capture_rows WHERE capture_id = old.id; END")


@migrations()
def m016_topic_keys_without_accents(db: Database) -> None:
    # Topic keys fold accents ("Beyoncé" and "Beyonce" are one topic): re-key the stored topics.
    # Topics whose keys meet are merged into the most used one (its spelling shown), and their
    # rollup rows recomputed from the sightings, so a headline tagged with both counts once.
    rekey_topics(db)


@migrations()
def m017_row_captures(db: Database) -> None:
    # Row files (`headlines ingest` of CSV/JSONL/TXT) keep one capture per batch: `form` = 'rows', its
    # payload the rows counted, each with its own source and moment ([[source, seen_at, list, raw text,
    # url, position]...]). NULL: a page's lists, as before.
    db.execute("ALTER TABLE captures ADD COLUMN form TEXT")
    # The ingest ledger by moment: the captures holding sightings seen at `seen_at` (a row capture, or a
    # page capture stored at that moment by an ingest before this migration). An ingest reads the
    # captures of its batch's moments and leaves out sightings they hold: nothing counts twice.
    db.execute("CREATE TABLE row_moments (seen_at TEXT NOT NULL, capture_id INTEGER NOT NULL, "
               "PRIMARY KEY (seen_at, capture_id)) WITHOUT ROWID")
    db.execute("INSERT OR IGNORE INTO row_moments SELECT seen_at, capture_id FROM page_moments "
               "WHERE capture_id IS NOT NULL")
    # A row capture pruned takes its moments along (its rows lie between its first and last sighting).
    db.execute("CREATE TRIGGER captures_row_moments_deleted AFTER DELETE ON captures WHEN old.form = 'rows' BEGIN "
               "DELETE FROM row_moments WHERE seen_at BETWEEN old.first_seen AND old.last_seen "
               "AND capture_id = old.id; END")


@migrations()
def m018_ingested_sources(db: Database) -> None:
    # Sources only `headlines ingest` brought get a `sources` row (kind 'ingested', never crawled), so
    # status, the API and the dashboard list them: register the ones stored before, read off the
    # (source, last_seen) index one name at a time, and name the kind of rows a site name made.
    db.execute("""
        INSERT INTO sources (name, kind, enabled)
        WITH RECURSIVE seen(name) AS (
            SELECT min(source) FROM appearances
            UNION ALL SELECT (SELECT min(source) FROM appearances WHERE source > seen.name) FROM seen
            WHERE seen.name IS NOT NULL)
        SELECT name, 'ingested', 0 FROM seen WHERE name IS NOT NULL
        ON CONFLICT (name) DO NOTHING""")
    db.execute("UPDATE sources SET kind = 'ingested' WHERE kind IS NULL AND url IS NULL")
