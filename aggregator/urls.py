"""URL helpers for extraction: resolving, Wayback unwrapping, site comparison, story shape."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import unquote, urljoin

_WAYBACK = re.compile(r"^https?://web\.archive\.org/web/\d+[a-z_]*/(.+)$", re.I)
# Four words or more joined by "-", "_" or "+" ("how-fast-can-gibbons"). Starts only at a word's
# start (a match inside a word extends back to its start, so whether there is one is unchanged);
# spares the engine retrying every position of long words. Only whether there is one is asked, so
# it stops at the fourth word, and each word is taken whole (possessive "++": a word cut short is
# followed by a letter or digit, never by a joiner, so giving characters back could not match).
_SLUG = re.compile(r"(?<![^\W_])[^\W_]++(?:[-_+][^\W_]++){3}")
_PATH_QUERY = re.compile(r"^[a-z][a-z0-9+.-]*://[^/?#]*([^?#]*)(?:\?([^#]*))?", re.I)
_LONG_ID = re.compile(r"\d{5,}")
_DIGIT = re.compile(r"\d")
# A word of letters alone holding three capitals or more and a lower-case letter ("BBWPiKa"),
# six letters or more: a generated item id, not a slug ("Success-Stories", "McDonalds", "YouTube").
_LETTER_ID = re.compile(r"(?<![A-Za-z])(?=[A-Za-z]{6,}(?![A-Za-z]))(?=(?:[a-z]*[A-Z]){3})(?=[A-Z]*[a-z])[A-Za-z]+")
# "/2024/05", "/2024-5-" or "20240517". The branches start with literals ("19...", not "(?:19|20)...")
# so the engine skips to a "/", "1" or "2" instead of trying every position.
_DATE = re.compile(r"/(?:19|20)\d{2}[/-](?:0?[1-9]|1[0-2])(?:[/-]|$)|1(?:9\d{6})|2(?:0\d{6})")
# An item's generated id as the last folder ("/article/48xoZIGssDy"): mixed-case letters and
# at least two digits, as no section name is written.
_OPAQUE_ID = re.compile(r"(?=[A-Za-z]*\d[A-Za-z]*\d)(?=[A-Z0-9]*[a-z])(?=[a-z0-9]*[A-Z])[A-Za-z0-9]{8,32}$")
_CAMEL_WORDS = re.compile(r"(?:[A-Z]?[a-z]+|\d+)+$")  # "Covid19Update": words, not an id
_DATE_ONLY = re.compile(r"/(?:19|20)\d{2}(?:/\d{1,2}){0,2}/?$")
_PAGE_EXT = re.compile(r"\.(?:s?html?|php|aspx?|jsp|cms)$", re.I)
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "sms:", "whatsapp:", "fb-messenger:")
_SKIP_CHARS = max(map(len, _SKIP_SCHEMES))  # lower-case no more of an href than a scheme needs
_TWO_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go", "gob", "nic"}


def resolve(base: str, href: str | None) -> str | None:
    """Absolute http(s) URL for an href, Wayback captures unwrapped; None for non-links."""
    if not href:
        return None
    href = href.strip()
    # The two common shapes first (an absolute link, a path from the site's root): both
    # start with "http://" or "https://" as they are, so neither the skipped schemes nor
    # the closing scheme test can refuse them unless a Wayback capture is unwrapped.
    if href.startswith(("http://", "https://")) and " " not in href:
        url = href
    elif href[:1] == "/" and href[1:2] != "/" and "/." not in href and " " not in href and (origin := _origin(base)):
        url = origin + href  # what urljoin gives for a plain absolute path, cheaper
    else:
        if not href or href.startswith("#") or href[:_SKIP_CHARS].lower().startswith(_SKIP_SCHEMES):
            return None
        try:
            url = urljoin(base, href) if base else href
        except ValueError:
            return None
        return _unwrapped(url)
    return url if _WAYBACK.match(url) is None else _unwrapped(url)


def _unwrapped(url: str) -> str | None:
    """A Wayback capture's original URL (the URL itself otherwise), None unless http(s)."""
    match = _WAYBACK.match(url)
    if match:
        inner = match.group(1)
        url = inner if "://" in inner else "http://" + inner
    if not url[:8].lower().startswith(("http://", "https://")):
        return None
    return url


@lru_cache(maxsize=256)  # small: spiders and sitemaps resolve too, outside extraction's trim()
def _origin(base: str) -> str:
    """"https://host:port" of an absolute http(s) base URL, "" otherwise."""
    match = _ORIGIN.match(base) if base else None
    return match.group(0) if match else ""


_ORIGIN = re.compile(r"^https?://[^/?#\\]+")
# The runs before "://" and "@" are possessive ("*+"): a run given back ends before a character
# of its own class, never ":" or "@", so backtracking into it, at every character of the host
# of each URL without a user name, could not match.
_HOST = re.compile(r"^[a-z][a-z0-9+.-]*+://(?:[^@/?#]*+@)?(\[[^\]]*\]|[^:/?#]*)", re.I)


def host(url: str | None) -> str:
    """Lower-case host name of an absolute URL, "" when there is none."""
    match = _HOST.match(url) if url else None
    return match.group(1).lower().strip("[]") if match else ""


def site(hostname: str) -> str:
    """Registrable-ish domain: news.bbc.co.uk -> bbc.co.uk, edition.cnn.com -> cnn.com."""
    parts = hostname.lower().removeprefix("www.").split(".")
    if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in _TWO_LEVEL:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def strip_fragment(url: str) -> str:
    """The URL without its #fragment (the URL itself, not a copy, when it has none)."""
    cut = url.find("#")
    return url if cut < 0 else url[:cut]


def _path_query(url: str) -> tuple[str, str]:
    """(path or "/", query or "") of an absolute URL; ("/", "") when it has no scheme. An
    http(s) URL is cut with plain finds, others by _PATH_QUERY (same answer)."""
    start = 8 if url.startswith("https://") else 7 if url.startswith("http://") else 0
    if not start:
        match = _PATH_QUERY.match(url)
        return (match.group(1) or "/", match.group(2) or "") if match else ("/", "")
    size = len(url)
    slash, ask, hash_ = url.find("/", start), url.find("?", start), url.find("#", start)
    ask = size if ask < 0 else ask
    hash_ = size if hash_ < 0 else hash_
    path_end = min(ask, hash_)
    path = url[min(slash if slash >= 0 else size, path_end):path_end] or "/"
    query = url[ask + 1:hash_] if ask < hash_ else ""
    return path, query


def _has_slug(path: str) -> bool:
    """_SLUG somewhere in the path, its last folder or file searched first: a story's slug
    sits there, and no match spans a "/", so the folders before it are searched only when
    the last one has none."""
    cut = max(path.rfind("/", 0, len(path) - 1), 0)
    return _SLUG.search(path, cut) is not None or (cut > 0 and _SLUG.search(path, 0, cut) is not None)


def slug_named(url: str) -> bool:
    """The page's own name (the path's last part) is a slug of four words or more
    ("/how-fast-can-gibbons-swing/"): a story's name, whatever folder holds it."""
    path = _path_query(url)[0].rstrip("/")
    return _SLUG.search(path, path.rfind("/") + 1) is not None


def url_shape(url: str) -> str:
    """"story" (slug, long id, date, page file), "section" (short path, home) or "other"."""
    return path_shape(*_path_query(url))


# host() and _path_query() in one match: the host (after any user name, before the port) and
# the path and query after it. A bracketed host ("[::1]") may hold a "/", which ends the
# authority for _path_query but not for host(): url_parts leaves those to the two functions.
_PARTS = re.compile(r"[a-z][a-z0-9+.-]*+://(?:[^@/?#]*+@)?([^:/?#\[]*)[^/?#]*([^?#]*)(?:\?([^#]*))?", re.I)


def url_parts(url: str) -> tuple[str, str, str]:
    """(host(url), *_path_query(url)): one regex match where the two take a dozen calls (a
    link's address is cut once, and its facts read from the pieces)."""
    match = _PARTS.match(url)
    if match is None or url[match.end(1):match.end(1) + 1] == "[":
        return host(url), *_path_query(url)
    name, path, query = match.groups()
    return name.lower().strip("[]"), path or "/", query or ""


def path_shape(path: str, query: str) -> str:
    """url_shape of a URL cut into its path ("/" at least) and query ("" for none)."""
    digits = _DIGIT.search(path) is not None  # cheap guards: most paths skip the costly searches
    if digits and _DATE.search(path):
        # A date and nothing else ("/2022/02/", "/2021/12/01/") is an archive of that day or
        # month, not a story.
        return "section" if _DATE_ONLY.match(path) and not query else "story"
    if path.count("-") + path.count("_") + path.count("+") >= 3 and _has_slug(path):
        return "story"
    if digits and _LONG_ID.search(path):
        return "story"
    segs = [s for s in path.split("/") if s]  # after the story tests that need no segments
    if query and segs and _LONG_ID.search(query):
        return "story"
    if segs and len(segs[-1]) > 14 and _PAGE_EXT.search(segs[-1]):  # the length first: cheaper
        return "story"
    if digits and segs and _OPAQUE_ID.match(segs[-1]) and not _CAMEL_WORDS.match(segs[-1]):
        return "story"
    if len(segs) <= 2 and not digits and (path.isascii() or not any(c.isdigit() for c in path)):
        return "section"
    return "other"


# A site whose own stories carry a number in their address (a date, an id: "/2015/01/14/x_n_6458848.html",
# "-101.html", "?idx=10295"), at least NUMBERED_STORIES of the page's kept links to its host and
# NUMBERED_SHARE of them: a kept link there with no digit after its host is a landing page (a
# section, series, topic or profile page: "/news/success-stories/", "/t/artist-you-need-to-know/").
NUMBERED_STORIES = 5
NUMBERED_SHARE = 0.85


def numbered(url: str) -> bool:
    """A digit after the URL's host: in its path, query or fragment (a live blog's items,
    "/direct/#live-item-6196"), or an item id written in letters alone ("/ar-BBWPiKa"): three
    capitals or more among lower-case letters in one word of six or more, as no slug is written."""
    start = url.find("/", url.find("//") + 2)
    # (An address with no capital letter anywhere holds no letter id: the lookaheads of
    # _LETTER_ID are tried only on the few that have one.)
    return start != -1 and (_DIGIT.search(url, start) is not None
                            or not url.islower() and _LETTER_ID.search(url, start) is not None)


def slugged(url: str) -> bool:
    """A slug of four words or more somewhere in the URL's path ("/en-us/news/ferris-wheel-becomes-
    giant-lantern/ar-BBWPiKa")."""
    return _has_slug(_path_query(url)[0])


def unnumbered_landings(urls: list[str]) -> list[int]:
    """Indexes of the kept links (`urls`, those to the site's own pages) that may name a landing
    page among its numbered stories (see NUMBERED_STORIES): the links to the host most of them
    go to with no digit after it. The caller spares those that read as a story's own title."""
    hosts: list[str] = []
    counts: dict[str, int] = {}
    for url in urls:  # the host by plain finds: a count needs no parsed, lower-cased name
        start = url.find("//") + 2
        end = url.find("/", start)
        name = url[start:end] if end != -1 else url[start:]
        hosts.append(name)
        counts[name] = counts.get(name, 0) + 1
    if not counts:
        return []
    main = max(counts, key=counts.__getitem__)
    plain: list[int] = []
    stories: set[str] = set()  # a story linked twice counts once
    landings: set[str] = set()
    for i, url in enumerate(urls):
        if hosts[i] != main:
            continue
        if numbered(url):
            stories.add(url)
        else:
            plain.append(i)
            landings.add(url)
    if not plain or len(stories) < NUMBERED_STORIES or len(stories) < NUMBERED_SHARE * (len(stories) + len(landings)):
        return []
    return plain


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_NOT_WORD = re.compile(r"[\W_]+")  # what is left is letters and digits, in any script
_NON_LATIN = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff]")  # a letter of another script
LABEL = ""  # label_folder's answer for a label naming a folder its link lies in


def _folded(text: str) -> str:
    """Letters and digits of `text`, lower-case, accents dropped ("Mein Geld" and "mein-geld"
    both "meingeld"); empty when a letter has no plain Latin form (CJK, Arabic): those texts
    are never compared with an address's folders."""
    if text.isascii():
        return _NOT_ALNUM.sub("", text.lower())
    if _NON_LATIN.search(text):
        return ""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = _NOT_ALNUM.sub("", plain)
    return folded if len(folded) == len(_NOT_WORD.sub("", text)) else ""


def _named_page(part: str) -> bool:
    """An address part (extension off) holding two lower-case words joined by "-", "_" or "+"
    ("deutschland-sorgt-vor-77772934"): a page named in words, not an item id ("ar-BBXqKzm",
    "g-17393954", "story-fni0ffsx-1227")."""
    words = re.split(r"[-_+]", part.split(".", 1)[0])
    return sum(1 for word in words if len(word) >= 2 and word.isalpha() and word.islower()) >= 2


def label_folder(text: str, url: str) -> str | None:
    """What a short link text says of its own address when it names one of the path's folders:
    LABEL when the address goes on below that folder to a page named in words ("Health &
    Fitness" -> "/health-fitness/google-pixel-watch-update-...", "Mein Geld" ->
    "/geld/mein-geld/mein-geld-46332734.bild.html": a kicker or section label linking a story
    or a section's page, not the headline of what it links); the URL up to and with that
    folder when it is the path's last ("Biology of Cancer" -> ".../od/Biology-of-Cancer/": a
    landing if the page links pages inside it, see `holds_pages`); else None. A story's slug
    as a folder followed by an id ("/sport/deler-ny-oppdatering/81756449") is neither."""
    key = _folded(text)
    if not key:
        return None
    raw = _path_query(url)[0]
    path = unquote(raw) if "%" in raw else raw
    if path.isascii() and key not in _NOT_ALNUM.sub("", path.lower()):
        return None  # the text is spelled nowhere in the address, let alone as a folder
    parts = path.strip("/").split("/")
    last = len(parts) - 1
    for i, part in enumerate(parts):
        lead = part[:1]  # folding never lengthens a part, nor changes a leading ASCII letter but its case
        if len(part) < len(key) or lead.isascii() and lead.isalnum() and lead.lower() != key[0] or _folded(part) != key:
            continue
        if i == last:
            raw = raw.rstrip("/")
            return url[:url.find(raw, url.find("//") + 2)] + raw + "/"
        if any(_named_page(later) for later in parts[i + 1:]):
            return LABEL
    return None


def holds_pages(folder: str, hrefs: list[str], base: str) -> bool:
    """One of the page's links (`hrefs` as written, resolved against `base`) is a page inside
    `folder` (a URL ending in "/") that is no part of the page the folder names: two levels
    down or more (".../od/Biology-of-Cancer/a/Cancer-Cells.htm", a sub-section's
    ".../agro/especial/volkswagen/"), or one level down and named in words
    (".../politics/senate-passes-budget"). A story's own parts one level down ("/slug/amp",
    "/slug/feed", "/slug/2") are not. Only the links that spell the folder's name are resolved."""
    size = len(folder)
    name = folder[folder.rfind("/", 0, size - 1):]  # "/Biology-of-Cancer/"
    for href in hrefs:
        if name not in href or not (url := resolve(base, href)):
            continue
        if len(url) > size and url.startswith(folder):
            rest = url[size:].split("#", 1)[0].split("?", 1)[0].strip("/").split("/")
            if len(rest) >= 2 or _named_page(rest[0]):
                return True
    return False
