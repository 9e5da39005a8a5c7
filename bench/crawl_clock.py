"""Scrapy extension for bench_crawl.py: seconds from crawler set-up to spider close, in-process.

Subtracting a one-page run's wall time from an N-page run's (the bench's first figure) leaves
the interpreter's start in both, and on a busy machine that start varies by more than the
crawl itself; this clock starts after the imports, so both variants are timed alike without it.
Appends "<opened> <closed> <cpu seconds>" to the file named by the CRAWL_CLOCK_FILE setting:
time.time() at set-up and close, and the CPU time this process (every thread, no child process:
not the extraction workers) spent between them. On a shared machine wall times depend on what
else runs; the crawl process's CPU per page does not, and it is what bounds the crawl's rate
when extraction workers have cores of their own.
"""
from __future__ import annotations

import time

from scrapy import signals


class Clock:
    def __init__(self, path: str) -> None:
        self.path, self.began, self.cpu = path, time.time(), time.process_time()

    @classmethod
    def from_crawler(cls, crawler):
        clock = cls(crawler.settings.get("CRAWL_CLOCK_FILE"))
        crawler.signals.connect(clock.closed, signal=signals.spider_closed)
        return clock

    def closed(self, spider) -> None:
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(f"{self.began} {time.time()} {time.process_time() - self.cpu}\n")
