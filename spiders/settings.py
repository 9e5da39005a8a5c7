"""Polite crawl defaults. Project keys: HEADLINES_DB, HEADLINES_SOURCES, HEADLINES_EXTRACT_PROCESSES
(env vars override, read and checked in spiders/environment.py)."""
import os

from spiders import environment

BOT_NAME = "headlines"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
COMMANDS_MODULE = "spiders.commands"

HEADLINES_DB = os.environ.get("HEADLINES_DB", "data/headlines.db")
HEADLINES_SOURCES = os.environ.get("HEADLINES_SOURCES", "sources.toml")
# Processes that extract pages beside the crawl (spiders.extract_pool): "auto" = cores - 1, 0 = none.
HEADLINES_EXTRACT_PROCESSES = environment.extract_processes()

USER_AGENT = "headline-trends/0.1 (scheduled collector of public headline lists)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = environment.download_delay()
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = max(DOWNLOAD_DELAY, 0.1)
AUTOTHROTTLE_MAX_DELAY = 30
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = environment.download_timeout()
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 1
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
HTTPCACHE_ENABLED = False
LOG_LEVEL = environment.log_level()

ITEM_PIPELINES = {"spiders.pipelines.StorePipeline": 300}
DOWNLOADER_MIDDLEWARES = {
    "spiders.middlewares.SitePolicyMiddleware": 50,  # before robots.txt: a refused host is never asked
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "spiders.middlewares.SharedRobotsTxtMiddleware": 100,  # the stock one's place
}
FEED_EXPORT_ENCODING = "utf-8"
