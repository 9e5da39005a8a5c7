"""Alerts: a JSON POST to a webhook and/or a log line when a source fails N times in a row,
degrades, or a topic starts trending; one alert per event per cool-down (kept in `alerts`)."""
from __future__ import annotations

import logging
from datetime import timedelta

from sqlite_utils import Database

from aggregator.timewindow import to_iso, utcnow
from aggregator.topics import topic_key
from db.operations import claim_alert
from headlines.config import AlertSettings

logger = logging.getLogger("headlines.alerts")


class Alerter:
    def __init__(self, settings: AlertSettings) -> None:
        self.settings = settings

    def after_run(self, db: Database, row: dict, failures: int) -> None:
        """Alert on a run's outcome: the Nth failure in a row, or a degraded run."""
        source = row["source"]
        if row["status"] == "failed" and self.settings.failures and failures >= self.settings.failures:
            self.send(db, f"failing:{source}", "source_failing",
                      f"source {source} failed {failures} runs in a row: {row['error']}", source=source)
        elif row["status"] == "degraded" and self.settings.degraded:
            self.send(db, f"degraded:{source}", "source_degraded",
                      f"source {source} degraded: {row['error']}", source=source)

    def trending(self, db: Database, topics: list[dict]) -> None:
        """Alert on topics whose trending score reaches the threshold."""
        if not self.settings.trending_score:
            return
        for topic in topics:
            if topic["score"] >= self.settings.trending_score:
                self.send(db, f"trending:{topic_key(topic['topic'])}", "topic_trending",
                          f"topic {topic['topic']} is trending: {topic['why']}", topic=topic["topic"],
                          score=topic["score"])

    def send(self, db: Database, key: str, kind: str, message: str, **fields) -> bool:
        since = to_iso(utcnow() - timedelta(seconds=self.settings.cooldown))
        if not claim_alert(db, key, kind, message, since):
            return False
        if self.settings.log:
            logger.warning("alert %s: %s", kind, message)
        if self.settings.webhook:
            post_json(self.settings.webhook, {"kind": kind, "message": message, "at": to_iso(utcnow()), **fields})
        return True


def post_json(url: str, payload: dict) -> None:
    """POST `payload` as JSON; a failure is logged, never raised (alerts must not stop crawls)."""
    from headlines import http_client  # requests: imported only when a webhook is configured

    try:
        http_client.post_json(url, payload)
    except http_client.FetchError as exc:
        logger.error("alert webhook failed: %s", exc)
