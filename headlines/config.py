"""Load and check sources.toml; a bad entry is reported by name and key, the others still run."""
from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import rtoml

from aggregator.model import ListSpec
from aggregator.timewindow import parse_duration
from headlines import tomlchunks

KINDS = ("html", "feed", "sitemap")
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_KNOWN_KEYS = {"name", "url", "kind", "every", "min_every", "max_every", "enabled", "lists", "follow",
               "timeout", "extractor", "offsite_redirects"}
_EXTRACTOR = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*:[A-Za-z_]\w*$")


# The shortest crawl interval a source may ask for: more often is no longer polite polling.
# HEADLINES_MIN_EVERY lowers it for a test server of your own (e.g. "1s").
DEFAULT_MIN_EVERY = "1m"


def min_every_seconds() -> float:
    """The floor for `every`/`min_every`; a bad HEADLINES_MIN_EVERY is a ValueError naming it."""
    value = os.environ.get("HEADLINES_MIN_EVERY") or DEFAULT_MIN_EVERY
    try:
        return parse_duration(value)
    except ValueError as exc:
        raise ValueError(f"HEADLINES_MIN_EVERY: {exc}") from None


def read_text(path: Path, what: str) -> str:
    """A config file's text as UTF-8; ConfigError naming the file (and the line of a bad byte).

    FileNotFoundError is left to the caller: a missing sources file is an error, a missing
    topics file is not.
    """
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a {what}") from None
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read {what} ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError(f"{path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                          f"save the {what} as UTF-8") from None


class ConfigError(ValueError):
    """A sources file that cannot be used at all (missing, unreadable, not TOML)."""


@dataclass(frozen=True, slots=True)   # slots: 100 k sources fit in far less memory
class Source:
    name: str
    url: str
    kind: str = "html"
    every_seconds: float = 900.0
    min_every_seconds: float = 900.0   # adaptive polling never goes faster than this
    max_every_seconds: float = 3600.0  # ... nor slower than this (failures back off up to 4x it)
    enabled: bool = True
    lists: tuple[ListSpec, ...] = ()
    follow: int = 3          # link targets fetched per crawl to repair cut headlines
    timeout_seconds: float = 120.0
    extractor: str | None = None   # "package.module:function" called with (soup, url)
    offsite_redirects: bool = False   # follow redirects to other sites (off: they fail the run)

    @property
    def validators_key(self) -> str:
        """Where the ETag / Last-Modified of this source's page are kept: its URL, plus a digest of
        how the page is read when that is not plain detection. A 304 says the page is unchanged,
        not that its lists would be read the same: after an edit of `[[source.lists]]`,
        `extractor` or `kind` the next run fetches in full (and runs the new reading) instead of
        counting the old lists again.

        >>> Source("a", "https://a.example/").validators_key
        'https://a.example/'
        >>> Source("a", "https://a.example/", extractor="my.mod:f").validators_key
        'https://a.example/#read=698b19154c13'
        """
        if self.kind == "html" and not self.lists and not self.extractor:
            return self.url
        reading = json.dumps([self.kind, [[spec.name, spec.items, spec.text] for spec in self.lists], self.extractor])
        return f"{self.url}#read={hashlib.sha1(reading.encode()).hexdigest()[:12]}"


@dataclass(frozen=True)
class AlertSettings:
    """[alerts]: where alerts go and what raises one; one alert per event per cool-down."""

    webhook: str | None = None       # JSON POST target
    log: bool = True                 # also write a WARNING line to the scheduler log
    failures: int = 3                # a source failing this many runs in a row
    degraded: bool = True            # a run far below the source's usual item count
    trending_score: float = 0.0      # a topic trending at or above this score (0 = off)
    trending_window: float | None = None     # None: the trending report's defaults (headlines/reports.py)
    trending_baseline: float | None = None
    cooldown: float = 6 * 3600.0


@dataclass
class SourcesFile:
    path: str
    sources: list[Source] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    alerts: AlertSettings = field(default_factory=AlertSettings)
    retention_seconds: float | None = None   # [retention] captures = "90d"

    def enabled(self) -> list[Source]:
        return [s for s in self.sources if s.enabled]

    def get(self, name: str) -> Source | None:
        return next((s for s in self.sources if s.name == name), None)


def load_sources(path: str | Path) -> SourcesFile:
    """Parse sources.toml. Raises ConfigError only when the file as a whole is unusable."""
    path = Path(path)
    try:
        min_every_seconds()   # a bad HEADLINES_MIN_EVERY is one error, not one per entry
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    try:
        text = read_text(path, "sources file")
    except FileNotFoundError:
        raise ConfigError(f"{path}: sources file not found") from None
    try:
        # rtoml (Rust): 100 k sources parse in ~0.6 s here, against ~5 s with tomllib (same result);
        # each entry becomes a Source as its chunk is parsed, so raw tables never pile up.
        data = tomlchunks.loads(text, convert=_checked)
    except rtoml.TomlParsingError as exc:
        raise ConfigError(f"{path}: not valid TOML ({' '.join(str(exc).split())})") from None
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: [[source]] must be an array of tables")
    result = SourcesFile(str(path))
    try:
        result.alerts = _parse_alerts(data.get("alerts", {}))
        result.retention_seconds = _parse_retention(data.get("retention", {}))
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    seen: set[str] = set()
    for index, (name, source) in enumerate(entries, start=1):
        label = f"{path}: source '{name}'" if name is not None else f"{path}: source #{index}"
        if isinstance(source, ValueError):
            result.errors.append(f"{label}: {source}")
            continue
        if source.name in seen:
            result.errors.append(f"{label}: key 'name': duplicate source name")
            continue
        seen.add(source.name)
        result.sources.append(source)
    return result


def check_entry(entry: dict) -> None:
    """Raise ValueError (naming the key) if `entry` would be skipped when sources.toml is loaded:
    `sources suggest` checks what it prints with the loader's own rules."""
    _parse_entry(entry)


def _checked(entry: object) -> tuple[str | None, Source | ValueError]:
    """An entry's name (when it has one) and its Source, or the reason it is not valid."""
    name = entry.get("name") if isinstance(entry, dict) and isinstance(entry.get("name"), str) else None
    try:
        return name, _parse_entry(entry)
    except ValueError as exc:
        return name, exc


def _parse_entry(entry: object) -> Source:
    if not isinstance(entry, dict):
        raise ValueError("each [[source]] must be a table")
    unknown = sorted(set(entry) - _KNOWN_KEYS)
    if unknown:
        raise ValueError(f"key '{unknown[0]}': unknown key (known: {', '.join(sorted(_KNOWN_KEYS))})")
    name = _required_str(entry, "name")
    if not _NAME.match(name):
        raise ValueError("key 'name': use a lowercase slug like 'et-video'")
    url = _required_str(entry, "url")
    if not re.match(r"^https?://[^/\s]+", url):
        raise ValueError(f"key 'url': {url!r} is not an http(s) URL")
    kind = entry.get("kind", "html")
    if kind not in KINDS:
        raise ValueError(f"key 'kind': {kind!r} is not one of {', '.join(KINDS)}")
    enabled = entry.get("enabled", True)
    offsite = entry.get("offsite_redirects", False)
    for key, flag in (("enabled", enabled), ("offsite_redirects", offsite)):
        if not isinstance(flag, bool):
            raise ValueError(f"key '{key}': must be true or false")
    every = _duration(entry, "every", "15m")
    min_every = _duration(entry, "min_every", every)
    max_every = _duration(entry, "max_every", 4 * every)
    floor = min_every_seconds()
    for key, seconds in (("every", every), ("min_every", min_every)):
        if seconds < floor:
            raise ValueError(f"key '{key}': {seconds:g}s is shorter than the minimum interval {floor:g}s")
    if not min_every <= every <= max_every:
        raise ValueError("key 'every': must lie between min_every and max_every")
    return Source(
        name=name, url=url, kind=kind, enabled=enabled, offsite_redirects=offsite,
        every_seconds=every, min_every_seconds=min_every, max_every_seconds=max_every,
        timeout_seconds=_duration(entry, "timeout", "2m"),
        follow=_non_negative_int(entry, "follow", 3),
        lists=_parse_lists(entry.get("lists", [])),
        extractor=_extractor(entry, kind),
    )


def _extractor(entry: dict, kind: str) -> str | None:
    spec = entry.get("extractor")
    if spec is None:
        return None
    if not isinstance(spec, str) or not _EXTRACTOR.match(spec.strip()):
        raise ValueError("key 'extractor': must name a function as \"package.module:function\"")
    if kind != "html" or entry.get("lists"):
        raise ValueError("key 'extractor': only for kind \"html\", and instead of [[source.lists]]")
    return spec.strip()


def _parse_alerts(raw: object) -> AlertSettings:
    if not isinstance(raw, dict):
        raise ValueError("[alerts] must be a table")
    known = {"webhook", "log", "failures", "degraded", "trending_score", "trending_window",
             "trending_baseline", "cooldown"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ValueError(f"[alerts] key '{unknown[0]}': unknown key (known: {', '.join(sorted(known))})")
    webhook = raw.get("webhook")
    if webhook is not None and not (isinstance(webhook, str) and re.match(r"^https?://", webhook)):
        raise ValueError("[alerts] key 'webhook': must be an http(s) URL")
    score = raw.get("trending_score", 0.0)
    if not isinstance(score, (int, float)) or isinstance(score, bool) or score < 0:
        raise ValueError("[alerts] key 'trending_score': must be a number ≥ 0")
    for flag in ("log", "degraded"):
        if not isinstance(raw.get(flag, True), bool):
            raise ValueError(f"[alerts] key '{flag}': must be true or false")
    try:
        return AlertSettings(
            webhook=webhook, log=raw.get("log", True), degraded=raw.get("degraded", True),
            failures=_non_negative_int(raw, "failures", 3), trending_score=float(score),
            trending_window=_optional_duration(raw, "trending_window"),
            trending_baseline=_optional_duration(raw, "trending_baseline"),
            cooldown=_duration(raw, "cooldown", "6h"))
    except ValueError as exc:
        raise ValueError(f"[alerts] {exc}") from None


def _parse_retention(raw: object) -> float | None:
    if not isinstance(raw, dict):
        raise ValueError("[retention] must be a table")
    if "captures" not in raw:
        return None
    try:
        return _duration(raw, "captures", "90d")
    except ValueError as exc:
        raise ValueError(f"[retention] {exc}") from None


def _required_str(entry: dict, key: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"key '{key}': required text is missing")
    return value.strip()


def _optional_duration(entry: dict, key: str) -> float | None:
    """The entry's duration `key` in seconds, or None when absent (a default decided elsewhere)."""
    return _duration(entry, key, "") if key in entry else None


def _duration(entry: dict, key: str, default: str | float) -> float:
    try:
        return parse_duration(entry.get(key, default))
    except ValueError as exc:
        raise ValueError(f"key '{key}': {exc}") from None


def _non_negative_int(entry: dict, key: str, default: int) -> int:
    value = entry.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"key '{key}': must be a whole number ≥ 0")
    return value


def _parse_lists(raw: object) -> tuple[ListSpec, ...]:
    if not isinstance(raw, list):
        raise ValueError("key 'lists': must be [[source.lists]] tables")
    specs = []
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("items"), str):
            raise ValueError(f"key 'lists' #{i}: needs items = \"CSS selector\"")
        text = item.get("text")
        if text is not None and not isinstance(text, str):
            raise ValueError(f"key 'lists' #{i}: text must be a CSS selector")
        for key in ("items", "text"):
            problem = _css_problem(item.get(key))
            if problem:
                raise ValueError(f"key 'lists' #{i}: {key} {item[key]!r} is not valid CSS ({problem})")
        specs.append(ListSpec(name=str(item.get("name") or f"list-{i}"), items=item["items"], text=text))
    return tuple(specs)


def _css_problem(selector: str | None) -> str | None:
    """Why `selector` is not CSS the extractor can apply (lxml's cssselect), or None."""
    if selector is None:
        return None
    from lxml.cssselect import CSSSelector, SelectorError
    try:
        CSSSelector(selector)
    except SelectorError as exc:
        return str(exc).splitlines()[0][:120] or type(exc).__name__
    return None


@dataclass
class TopicSettings:
    """User aliases ("RHOBH" = "Real Housewives of Beverly Hills") and ignored topics."""

    aliases: dict[str, str] = field(default_factory=dict)
    ignore: list[str] = field(default_factory=list)


def load_topic_settings(path: str | Path | None = None) -> TopicSettings:
    """Read topics.toml ([aliases] table, ignore = [...]); a missing file means no settings.
    Without `path`, the file HEADLINES_TOPICS names (default topics.toml)."""
    path = Path(path if path is not None else os.environ.get("HEADLINES_TOPICS") or "topics.toml")
    try:
        text = read_text(path, "topics file")
    except FileNotFoundError:
        return TopicSettings()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    aliases, ignore = data.get("aliases", {}), data.get("ignore", [])
    if not isinstance(aliases, dict) or not all(isinstance(v, str) for v in aliases.values()):
        raise ConfigError(f"{path}: key 'aliases': must be a table of \"variant\" = \"topic name\"")
    if not isinstance(ignore, list) or not all(isinstance(v, str) for v in ignore):
        raise ConfigError(f"{path}: key 'ignore': must be a list of topic names")
    return TopicSettings(dict(aliases), list(ignore))
