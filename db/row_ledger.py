"""What the moments of a row-file ingest hold already, kept from one of its batches to the next.

An ingested sighting (source, list, key, seen_at) counts once: a batch leaves out the sightings
its moments hold, which the captures `row_moments` names for each moment recorded. Read afresh by
every batch, a file whose batches share a time (one `--seen-at`, or JSONL without `seen_at`) made
each batch read and re-clean every earlier batch's capture, and merge the moment's keys again for
every page: quadratic. Here a time's captures are read once per ingest, and a batch adds its own
sightings as it counts them.

Only times that a later batch meets again are kept (the first such batch reads the earlier
captures once); a file in time order keeps nothing. A sighting is held as a 16-byte digest of its
list and key, not its text: a file whose rows share one time keeps all of its keys.
"""
from __future__ import annotations

import hashlib

from aggregator.prepare import Lists

_blake2b = hashlib.blake2b   # called once a sighting of a moment shown twice: bound once


def mark(name: str, key: str) -> bytes:
    """A sighting of a moment as the ledger holds it: 16 bytes of its (list, key). Two of a
    billion keys share a 128-bit digest with odds of about 1e-21: as exact as the keys."""
    return _blake2b(f"{name}\x1f{key}".encode(), digest_size=16).digest()


def marks(lists: Lists) -> set[bytes]:
    return {mark(name, row.key) for name, rows in lists.items() for row in rows}


class RowLedger:
    """The sightings of each (source, seen_at) held by the captures read so far, per time.

    `held[seen_at][source]` is exact when every capture `row_moments` names for `seen_at` is in
    `read[seen_at]`: `unread` names the ones a batch must still read. Pass one to every batch of
    an ingest (db.writes.record_pages); a batch given none uses a fresh one.
    """

    def __init__(self) -> None:
        self.held: dict[str, dict[str, set[bytes]]] = {}
        self.read: dict[str, set[int]] = {}

    def unread(self, named: dict[str, set[int]]) -> dict[int, set[str]]:
        """Capture id -> the times it must be read for, given the captures `row_moments` names per
        time now. A time whose read captures are not all named any more (pruned meanwhile) is
        forgotten and read again whole."""
        wanted: dict[int, set[str]] = {}
        for seen_at, ids in named.items():
            read = self.read.get(seen_at)
            if read is not None and not read <= ids:
                del self.read[seen_at]
                self.held.pop(seen_at, None)
                read = None
            for capture_id in ids if read is None else ids - read:
                wanted.setdefault(capture_id, set()).add(seen_at)
        return wanted

    def hold(self, source: str, seen_at: str, lists: Lists) -> None:
        """Sightings a capture read recorded at (source, seen_at)."""
        self.held.setdefault(seen_at, {}).setdefault(source, set()).update(marks(lists))

    def note_read(self, capture_id: int, times: set[str]) -> None:
        for seen_at in times:
            self.read.setdefault(seen_at, set()).add(capture_id)

    def tracks(self, seen_at: str) -> bool:
        return seen_at in self.read

    def moment(self, source: str, seen_at: str) -> set[bytes] | None:
        """The sightings (source, seen_at) holds, as a set a batch adds to in place; None when
        none is known (a time not tracked, or a source without sightings at it)."""
        return self.held.get(seen_at, {}).get(source)

    def keep(self, source: str, seen_at: str, held: set[bytes]) -> None:
        """A batch's sightings of a tracked time, once its capture is written."""
        self.held.setdefault(seen_at, {})[source] = held
