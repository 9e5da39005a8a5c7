"""Downloader middleware fixes the crawl relies on."""
from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """robots.txt obeyed by every request that waits for a site's robots.txt.

    Scrapy's middleware lets all requests for a site await one Deferred while the first one
    fetches robots.txt; under the asyncio reactor each await consumes its result, so from the
    third request on the waiters get None, which means "allowed" (seen with one spider serving
    several sources of a site: a Disallowed page was fetched). Each waiter here gets its own
    Deferred, fed from the shared one, which passes the parser on unchanged.
    """

    async def robot_parser(self, request: Request) -> RobotParser | None:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if isinstance(pending, Deferred):
            mine: Deferred = Deferred()

            def hand_on(result):
                mine.callback(result)
                return result

            pending.addBoth(hand_on)
            return await maybe_deferred_to_future(mine)
        return await super().robot_parser(request)
