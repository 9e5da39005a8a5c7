"""The aggregate step: tag headlines with topics using a model fitted on recent distinct headlines.

Topics depend on corpus statistics (what recurs across headlines), so each run fits the model
on the headlines seen in the last `fit_days` and re-tags those whose topics changed.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Iterable, Mapping

from sqlite_utils import Database

from aggregator.timewindow import to_iso, utcnow
from aggregator.topics import TopicModel


def refresh_topics(db: Database, *, fit_days: float = 30, aliases: Mapping[str, str] | None = None,
                   ignore: Iterable[str] = ()) -> int:
    """Re-tag recent headlines; returns how many headlines' topic sets changed."""
    since = to_iso(utcnow() - timedelta(days=fit_days))
    rows = db.execute("SELECT id, text, truncated FROM headlines WHERE last_seen >= ? OR tagged = 0",
                      [since]).fetchall()
    model = TopicModel.fit(((text, bool(cut)) for _, text, cut in rows), aliases=aliases, ignore=ignore)
    current: dict[int, set[str]] = {}
    for hid, key in db.execute("SELECT ht.headline_id, t.key FROM headline_topics ht "
                               "JOIN topics t ON t.id = ht.topic_id"):
        current.setdefault(hid, set()).add(key)
    topic_ids = {key: tid for tid, key in db.execute("SELECT id, key FROM topics")}
    changed = 0
    with db.atomic():
        for hid, text, cut in rows:
            topics = model.topics(text, bool(cut))
            keys = {t.key for t in topics}
            if keys != current.get(hid, set()):
                changed += 1
                db.execute("DELETE FROM headline_topics WHERE headline_id = ?", [hid])
                for topic in topics:
                    if topic.key not in topic_ids:
                        topic_ids[topic.key] = db.execute(
                            "INSERT INTO topics (name, key, kind) VALUES (?, ?, ?)",
                            [topic.name, topic.key, topic.kind]).lastrowid
                    db.execute("INSERT OR IGNORE INTO headline_topics (headline_id, topic_id) VALUES (?, ?)",
                               [hid, topic_ids[topic.key]])
        db.execute("UPDATE headlines SET tagged = 1 WHERE tagged = 0")
        db.execute("DELETE FROM topics WHERE id NOT IN (SELECT topic_id FROM headline_topics)")
    return changed
