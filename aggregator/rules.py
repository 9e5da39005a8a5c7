"""Load the extraction heuristics kept as data in aggregator/data/extract_tokens.json."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from aggregator.memo import memo

_SPLIT = re.compile(r"[\s_\-:./]+|(?<=[a-z])(?=[A-Z])")
_SEPARATORS = re.compile(r"[\s_\-:./]+")  # _SPLIT without its camelCase boundary


@lru_cache(maxsize=1)
def rules() -> dict:
    """The token lists and phrase lists, with sets built for fast membership tests."""
    data = resources.files("aggregator").joinpath("data")
    raw = json.loads(data.joinpath("extract_tokens.json").read_text("utf-8"))
    more = json.loads(data.joinpath("extract_more.json").read_text("utf-8"))
    raw["utility_phrases"] = raw["utility_phrases"] + more["more_utility_phrases"]
    raw["utility_segments"] = raw["utility_segments"] + more["more_utility_segments"]
    out: dict = {k: v for k, v in raw.items() if not k.startswith("_")}
    # A call to the reader ("Click to see ...", "Share your story"): its words, then a space.
    out["cta_tuple"] = tuple(p.casefold() + " " for p in more["cta_openers"])
    out["redirect_hosts"] = frozenset(h.casefold() for h in more["redirect_hosts"])
    out["tracker_pages"] = frozenset(p.casefold() for p in more["tracker_pages"])
    for key in ("sponsored_tokens", "nav_tokens", "bad_tokens", "good_tokens", "kickers",
                "media_suffixes", "providers", "utility_phrases", "landing_segments", "vendor_tokens", "utility_segments"):
        out[key] = frozenset(s.casefold() for s in raw[key])
    # At a word's start only: "resign in", "design in" and "overshare on" hold no control.
    utility = trie_pattern([w.casefold() for w in raw["utility_words"]])
    out["utility_re"] = re.compile(r"(?<![^\W_])(?:" + utility + ")")
    # The same search in two the engine runs faster (detect.text_facts): at the start, else after
    # a non-letter, which it skips to directly instead of testing the lookbehind everywhere.
    out["utility_at_start"] = re.compile("(?:" + utility + ")")
    out["utility_after_gap"] = re.compile(r"[\W_](?:" + utility + ")")
    providers = sorted((p for p in out["providers"] if len(p) > 6), key=len, reverse=True)
    out["provider_tail_re"] = re.compile(r"[\s\-|,\u2013\u2014]+(?:" + "|".join(map(re.escape, providers)) + r")$", re.I)
    a11y = sorted((p.casefold() for p in raw["a11y_suffixes"]), key=len, reverse=True)
    out["a11y_last"] = frozenset(p.rsplit(None, 1)[-1] for p in a11y)
    out["a11y_re"] = re.compile(r"\s*[\[(]?\s*(?:" + "|".join(map(re.escape, a11y)) + r")\s*[\])]?\s*$", re.I)
    out["readmore_tuple"] = tuple(c.casefold().rstrip(":") for c in raw["readmore_cues"])
    # The cues that point to more reading, which a link may carry before its headline ("ALSO
    # READ: ...", "Related: ..."); "Watch:" says what the story is (a video) and stays on.
    out["reading_cues"] = frozenset(c for c in out["readmore_tuple"] if not c.startswith("watch"))
    out["provider_tuple"] = tuple(p for p in out["providers"] if len(p) > 6)
    out["provider_chars"] = max(map(len, out["provider_tuple"]), default=1)  # the longest of them
    names = {}
    for name, phrases in raw["list_names"].items():
        for phrase in phrases:
            names[phrase.casefold()] = name
    out["name_of"] = names
    return out


_SCHEME = re.compile(r"[a-z]+://", re.I)


@memo(maxsize=65536)  # many links of a site share their folders (/news/2026/12/)
def folder_kind(folders: str) -> str | None:
    """"utility" when the host's first label is a utility word (jobs.site.example), else
    "landing" or "folder" for the leftmost folder that is a landing or a utility word
    (/tag/, /shop/), else None. `folders` is a URL cut after its last "/" (so every "/word/"
    in it is a folder); a set lookup per folder, where one regex over many words would try
    each word at each "/"."""
    r = rules()
    landing, utility = r["landing_segments"], r["utility_segments"]
    # The scheme by plain prefixes for the two every link has, by the pattern otherwise.
    start = 8 if folders.startswith("https://") else 7 if folders.startswith("http://") else 0
    if not start:
        scheme = _SCHEME.match(folders)
        start = scheme.end() if scheme else 0
    if start:
        dot = folders.find(".", start)
        if dot != -1 and folders[start:dot].lower() in utility:
            return "utility"
    i = folders.find("/", start)
    while i != -1:
        j = folders.find("/", i + 1)
        if j == -1:
            return None
        if i == 0 or folders[i - 1] != "/":  # not the second slash of "//"
            seg = folders[i + 1: j].lower()
            if seg in landing:
                return "landing"
            if seg in utility:
                return "folder"
        i = j
    return None


def trie_pattern(words: list[str]) -> str:
    """One regex alternation for many literal words, merged on shared prefixes so the engine
    tests one character class per position instead of every word ("sign in|sign up" ->
    "sign\\ (?:in|up)"). Finds a match wherever "|".join(map(re.escape, words)) does (spans may be shorter)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:  # a word ends here and longer ones go on: the shorter match is enough
            return ""
        return body

    return build(trie)


def class_words(value: str | None) -> frozenset[str]:
    """tokens() of a class attribute as a set (cached: a card's class strings repeat on every
    card of a page, and page after page)."""
    return _class_words(value) if value else frozenset()


@memo(maxsize=16384)
def _class_words(value: str) -> frozenset[str]:
    return frozenset(_tokens(value))


def tokens(value: str | None) -> list[str]:
    """Words of a class/id/aria value: "c-most-read mostRead" -> [c, most, read, mostread, most, read]."""
    if not value:
        return []
    return list(_tokens(value))


@memo(maxsize=8192)
def _tokens(value: str) -> tuple[str, ...]:
    """tokens() by value: class strings repeat on every page, so the split is done once."""
    out: list[str] = []
    for part in value.split():
        # No capital, no camelCase boundary: the separators alone split it (cheaper).
        words = [w for w in _SEPARATORS.split(part) if w] if part.islower() else [w.lower() for w in _SPLIT.split(part) if w]
        out.extend(words)
        if len(words) > 1:
            out.append("".join([w for w in words if not w.isdigit()]))
    return tuple(out)
