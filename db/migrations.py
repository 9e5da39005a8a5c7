"""Schema, only through sqlite-utils migrations. Never edit an applied migration: add one."""
from __future__ import annotations

from sqlite_utils import Database, Migrations

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
def m010_headlines_fts(db: Database) -> None:
    # Full-text search on headline text for Datasette (?_search=) and SQL `headlines_fts MATCH`.
    # Triggers keep the index in step with every insert, update and merge (delete).
    db["headlines"].enable_fts(["text"], create_triggers=True)
