"""Placeholder topic finder (quoted titles, acronyms, capitalised runs); replaced by the model."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from aggregator.clean import complete_part, fold

_GENERIC = {"watch", "see", "exclusive", "return", "reveals", "photos", "video", "update", "inside",
            "the", "a", "an", "and", "of", "in", "on", "for", "to", "with", "at", "how", "why", "what"}
_QUOTED = re.compile(r"[\"']([^\"']{2,60})[\"']")
_CAPS = re.compile(r"\b[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)+")
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    key: str
    kind: str


class TopicModel:
    def __init__(self, aliases: Mapping[str, str] | None = None, ignore: Iterable[str] = ()) -> None:
        self.aliases = {k.casefold(): v for k, v in (aliases or {}).items()}
        self.ignore = {i.casefold() for i in ignore}

    @classmethod
    def fit(cls, headlines: Iterable[tuple[str, bool]], *, aliases: Mapping[str, str] | None = None,
            ignore: Iterable[str] = ()) -> "TopicModel":
        return cls(aliases, ignore)

    def topics(self, text: str, truncated: bool) -> list[Topic]:
        body = fold(complete_part(text) if truncated else text)
        found: dict[str, Topic] = {}
        for match, kind in [(m, "title") for m in _QUOTED.findall(body)] + \
                           [(m, "name") for m in _CAPS.findall(body)] + \
                           [(m, "acronym") for m in _ACRONYM.findall(body)]:
            words = [w for w in match.split() if w.casefold().strip(".'") not in _GENERIC]
            name = self.aliases.get(match.casefold(), " ".join(words))
            key = name.casefold()
            if len(key) > 1 and key not in self.ignore and key not in found:
                found[key] = Topic(name, key, kind)
        return list(found.values())
