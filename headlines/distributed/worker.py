"""`headlines worker`: one long-running Scrapy process that crawls jobs from Redis.

No process start per batch: the reactor runs until SIGINT/SIGTERM. Jobs it holds when it stops
(or dies) are taken over by another worker once they have been idle longer than the claim limit.
"""
from __future__ import annotations

import os

import redis

from headlines.distributed.address import shown
from headlines.distributed.protocol import JOBS, WORKERS


class WorkerError(RuntimeError):
    """The worker cannot start; the message names the parameter and says why."""


def check_redis(url: str) -> None:
    """Fail early, in one line, when Redis is unreachable or not 7.x (XAUTOCLAIM needs >= 6.2)."""
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=10)
        version = client.info("server").get("redis_version", "0")
        try:
            client.xgroup_create(JOBS, WORKERS, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        client.close()
    except (redis.RedisError, ValueError) as exc:
        raise WorkerError(f"--redis {shown(url)}: cannot use this Redis ({exc})") from None
    if tuple(int(p) for p in version.split(".")[:2]) < (6, 2):
        raise WorkerError(f"--redis {shown(url)}: Redis {version} lacks XAUTOCLAIM; use Redis 7")


def run_worker(url: str, *, slots: int = 4, claim_idle: float = 60.0, log_file: str | None = None) -> None:
    """Crawl jobs from `url` until stopped; at most `slots` jobs held at once."""
    check_redis(url)
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "spiders.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from spiders.stream import StreamSpider

    settings = get_project_settings()
    settings.set("ITEM_PIPELINES", {"spiders.stream.StreamPipeline": 300})
    settings.set("STREAM_REDIS_URL", url)
    settings.set("STREAM_SLOTS", slots)
    settings.set("STREAM_CLAIM_IDLE", claim_idle)
    settings.set("HEADLINES_DB", "")     # a worker never opens the database
    settings.set("LOGSTATS_INTERVAL", 300.0)
    settings.set("REMOTE_CONTROL_ENABLED", False)   # a long-running process on any host: no control port
    if log_file:
        settings.set("LOG_FILE", log_file)
        settings.set("LOG_FILE_APPEND", True)
    process = CrawlerProcess(settings)
    process.crawl(StreamSpider)
    process.start()
