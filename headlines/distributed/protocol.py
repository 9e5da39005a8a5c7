"""What travels through Redis: stream and group names, and the job and item messages.

Jobs stream: one entry per job (the due runs of one site), read by the `workers` group.
Items stream: page / unchanged / done messages, read by the `writer` group. Both carry one JSON
field, so a message is decoded in one place. A worker needs nothing else: each run carries its
source's URL, kind, options and HTTP validators, so workers never open the database.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import redis

from aggregator.model import ListSpec
from aggregator.prepare import CleanSighting
from headlines.config import Source

PREFIX = "headlines"
JOBS = f"{PREFIX}:jobs"
ITEMS = f"{PREFIX}:items"
WORKERS = "workers"
WRITER = "writer"
FIELD = "m"


def encode(message: dict[str, Any]) -> dict[str, str]:
    return {FIELD: json.dumps(message, ensure_ascii=False, separators=(",", ":"))}


def decode(fields: dict) -> dict[str, Any]:
    raw = fields.get(FIELD) if FIELD in fields else fields.get(FIELD.encode())
    return json.loads(raw)


def source_to_dict(source: Source) -> dict[str, Any]:
    return asdict(source)


def source_from_dict(data: dict[str, Any]) -> Source:
    lists = tuple(ListSpec(**spec) for spec in data.get("lists", ()))
    return Source(**{**data, "lists": lists})


def lists_to_wire(lists: dict[str, list[CleanSighting]]) -> dict[str, list[list]]:
    return {name: [[r.text, r.key, r.truncated, r.url, r.position, r.raw] for r in rows]
            for name, rows in lists.items()}


def lists_from_wire(data: dict[str, list[list]]) -> dict[str, list[CleanSighting]]:
    return {name: [CleanSighting(text, key, bool(cut), url, position, raw)
                   for text, key, cut, url, position, raw in rows] for name, rows in data.items()}


def ensure_group(client: redis.Redis, stream: str, group: str) -> None:
    """Create the stream and its group (reading from the start) unless they exist."""
    try:
        client.xgroup_create(stream, group, id="0", mkstream=True)
    except redis.ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise
