"""HTTP outside Scrapy (`extract URL`, `sources suggest URL`, alert webhooks), with requests.

One policy for all of them: the project's User-Agent, connect/read timeouts, a few retries
with exponential back-off on 429 and 5xx answers (urllib3's Retry, which also honours a
Retry-After header, capped here so a server cannot park the CLI for an hour), and a body size
cap. `get_page` also obeys robots.txt the way a crawl does (Protego, Scrapy's own parser; an
unreachable or missing robots.txt allows everything), at every redirect hop.

Example:
    >>> s = session()
    >>> s.headers["User-Agent"] == USER_AGENT, s.get_adapter("https://x.example/").max_retries.total
    (True, 3)
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from protego import Protego
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from spiders.settings import USER_AGENT

TIMEOUT = (10.0, 30.0)          # (connect, read) seconds
RETRY_STATUSES = (429, 500, 502, 503, 504)
RETRIES = 3
BACKOFF = 0.5                   # seconds; doubles per retry (0.5, 1, 2 ...) after the first
MAX_RETRY_AFTER = 30.0          # a longer Retry-After is cut to this
MAX_BYTES = 32 * 1024 * 1024    # the crawl's DOWNLOAD_MAXSIZE
MAX_REDIRECTS = 5               # the crawl's REDIRECT_MAX_TIMES


class FetchError(Exception):
    """A fetch that gave no usable page; the message is one line naming the URL."""


class Disallowed(FetchError):
    """robots.txt forbids the URL for our User-Agent."""


class _Retry(Retry):
    """Retry whose wait for a Retry-After header never exceeds MAX_RETRY_AFTER."""

    def get_retry_after(self, response) -> float | None:
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, MAX_RETRY_AFTER)


def session(*, retries: int = RETRIES, backoff: float = BACKOFF, methods=("GET", "HEAD")) -> requests.Session:
    """A Session with the project's User-Agent and retries on 429/5xx for `methods`."""
    retry = _Retry(total=retries, connect=retries, read=retries, status=retries, redirect=0,
                   backoff_factor=backoff, status_forcelist=RETRY_STATUSES,
                   allowed_methods=frozenset(methods), raise_on_status=False, raise_on_redirect=False)
    s = requests.Session()
    s.headers["User-Agent"] = USER_AGENT
    adapter = HTTPAdapter(max_retries=retry)
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    return s


@dataclass
class Fetched:
    body: bytes
    content_type: str | None
    url: str            # after redirects


def get_page(url: str, *, http: requests.Session | None = None, timeout=TIMEOUT) -> Fetched:
    """GET one page politely: robots.txt checked at every hop; raises FetchError saying why."""
    http = http or session()
    robots: dict[str, Protego | None] = {}
    for _hop in range(MAX_REDIRECTS + 1):
        if not allowed(http, url, robots, timeout):
            raise Disallowed(f"{url}: disallowed by robots.txt ({robots_url(url)})")
        response = _request(http, "GET", url, timeout=timeout, stream=True, allow_redirects=False)
        with response:
            if response.is_redirect and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                continue
            if response.status_code >= 400:
                raise FetchError(f"{url}: HTTP {response.status_code} {response.reason or ''}".rstrip())
            return Fetched(_read_capped(response, url), response.headers.get("Content-Type"), url)
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def post_json(url: str, payload: dict, *, http: requests.Session | None = None, timeout=(5.0, 10.0)) -> int:
    """POST `payload` as JSON (retried on 429/5xx); returns the final status, raises FetchError."""
    http = http or session(methods=("POST",))
    response = _request(http, "POST", url, json=payload, timeout=timeout)
    with response:
        if response.status_code >= 400:
            raise FetchError(f"{url}: HTTP {response.status_code} {response.reason or ''}".rstrip())
        return response.status_code


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def allowed(http: requests.Session, url: str, cache: dict[str, Protego | None], timeout=TIMEOUT) -> bool:
    """Whether robots.txt lets our User-Agent fetch `url`. Like Scrapy's middleware, a
    robots.txt that cannot be fetched or parsed, or an error status, allows everything."""
    where = robots_url(url)
    if where not in cache:
        cache[where] = None
        try:
            response = http.get(where, timeout=timeout)
            if response.status_code < 400:
                cache[where] = Protego.parse(response.content[:MAX_BYTES].decode("utf-8", "replace"))
        except requests.RequestException:
            pass
    rules = cache[where]
    return rules is None or rules.can_fetch(url, USER_AGENT)


def _request(http: requests.Session, method: str, url: str, **kwargs) -> requests.Response:
    try:
        return http.request(method, url, **kwargs)
    except requests.exceptions.RetryError as exc:
        raise FetchError(f"{url}: gave up after {RETRIES} retries ({_reason(exc)})") from None
    except requests.exceptions.Timeout:
        raise FetchError(f"{url}: timed out") from None
    except requests.exceptions.ConnectionError as exc:
        raise FetchError(f"{url}: cannot connect ({_reason(exc)})") from None
    except requests.RequestException as exc:
        raise FetchError(f"{url}: {_reason(exc)}") from None


def _read_capped(response: requests.Response, url: str) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > MAX_BYTES:
            raise FetchError(f"{url}: larger than {MAX_BYTES // (1024 * 1024)} MB")
        chunks.append(chunk)
    return b"".join(chunks)


def _reason(exc: Exception) -> str:
    """The innermost cause of a requests/urllib3 error, on one line."""
    while exc.args and isinstance(exc.args[0], Exception):
        exc = exc.args[0]
    reason = getattr(exc, "reason", None)
    text = str(reason if isinstance(reason, Exception) else exc)
    return " ".join(text.split())[:200]
