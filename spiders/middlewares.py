"""Downloader middlewares: the crawl's site policy, and a robots.txt fix the crawl relies on."""
from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

DEFAULT_PORTS = {"http": 80, "https": 443}


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


class RefusedRequest(IgnoreRequest):
    """A request the crawl policy refuses; its message is the run's one-line failure reason."""


def _origin(url: str) -> tuple[str, str, int]:
    """(scheme, host without "www.", effective port) of an http(s) URL."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".").removeprefix("www.")
    try:
        port = parts.port or DEFAULT_PORTS.get(scheme, 0)
    except ValueError:
        port = -1
    return scheme, host, port


def same_site(start: str, target: str) -> bool:
    """True when a redirect from `start` to `target` stays on the site: same host (give or take
    "www."), same scheme and port, or an upgrade from http to https on the default ports.

    >>> same_site("http://example.com/a", "https://www.example.com/b")
    True
    >>> same_site("http://example.com/", "http://example.com:8080/"), same_site("https://a.test/", "http://a.test/")
    (False, False)
    """
    scheme, host, port = _origin(start)
    to_scheme, to_host, to_port = _origin(target)
    if not host or host != to_host:
        return False
    if (scheme, port) == (to_scheme, to_port):
        return True
    return (scheme, port, to_scheme, to_port) == ("http", 80, "https", 443)


def is_private(address: str) -> bool:
    """True for loopback, private, link-local, reserved and other non-public IP addresses."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


class SitePolicyMiddleware:
    """Where a crawl may go: redirects stay on the site, private addresses stay private.

    - A redirect (HTTP 3xx or meta refresh) is followed only to the same site as the URL first
      asked for (see same_site); anything else fails the run with the reason, unless the source
      sets `offsite_redirects = true`.
    - No request goes to a loopback, private or link-local address (a redirect, a link target,
      a name resolving there) unless the source's own URL is on such an address. The address
      comes from the same cached resolver the download then uses.
    """

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self._private: dict[str, bool] = {}   # host -> resolves to a non-public address

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        source = self._source(request)
        redirects = request.meta.get("redirect_urls")
        if redirects and not (source is not None and source.offsite_redirects):
            if not same_site(redirects[0], request.url):
                raise RefusedRequest(f"redirect from {_short(redirects[0])} to {_short(request.url)} leaves the "
                                     "site; refused (a source may allow it with offsite_redirects = true)")
        host = urlparse_cached(request).hostname or ""
        if await self._is_private_host(host) and not await self._may_go_private(source, host):
            raise RefusedRequest(f"{_short(request.url)} is on a private or loopback address; refused "
                                 "(only sources whose own URL is on one may fetch such addresses)")
        return None

    def _source(self, request: Request):
        runs = getattr(self.crawler.spider, "runs", {})
        run = runs.get(request.meta.get("source"))
        return run.source if run is not None else None

    async def _may_go_private(self, source, host: str) -> bool:
        """For a request to private `host`: a source on a private address may fetch private
        addresses; a request of no source (robots.txt) may when `host` is a source's own host."""
        if source is not None:
            return await self._is_private_host(urlsplit(source.url).hostname or "")
        runs = getattr(self.crawler.spider, "runs", {})
        return any((urlsplit(run.source.url).hostname or "").lower() == host.lower() for run in runs.values())

    async def _is_private_host(self, host: str) -> bool:
        host = host.lower()
        if host not in self._private:
            self._private[host] = await self._resolve_private(host)
        return self._private[host]

    @staticmethod
    async def _resolve_private(host: str) -> bool:
        if not host:
            return False
        if host == "localhost" or host.endswith(".localhost"):
            return True
        try:
            ipaddress.ip_address(host)
            return is_private(host)
        except ValueError:
            pass
        from twisted.internet import reactor
        try:
            address = await maybe_deferred_to_future(reactor.resolve(host))
        except Exception:  # noqa: BLE001 - no answer: the download reports the DNS failure itself
            return False
        return is_private(address)


def _short(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "..."
