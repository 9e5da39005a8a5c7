"""The distributed writer stores the pages of a stream batch through one batch write: the same
tables as one page at a time, each (run, page URL) once, a bad entry skipped alone."""
from __future__ import annotations

import logging
import threading

from aggregator.model import HeadlineList, Page, Sighting
from aggregator.prepare import prepare_lists
from db import open_db
from headlines.alerts import Alerter, AlertSettings
from headlines.distributed.protocol import encode, lists_to_wire
from headlines.distributed.writer import Writer
from headlines.scheduler import Planner

RUN = {"run": "wire@2026-11-02T10:00:00Z", "source": "wire", "started_at": "2026-11-02T10:00:00Z"}
NEXT = {"run": "wire@2026-11-02T10:30:00Z", "source": "wire", "started_at": "2026-11-02T10:30:00Z"}
TABLES = ("SELECT id, text, key, truncated, url, first_seen, last_seen FROM headlines ORDER BY id",
          "SELECT * FROM appearances ORDER BY 1, 2, 3", "SELECT * FROM sightings_hourly ORDER BY 1, 2, 3",
          "SELECT id, source, page_url, first_seen, last_seen, times_seen FROM captures ORDER BY id",
          "SELECT source, status, items, new_headlines, run_id FROM crawls ORDER BY id",
          # updated_at is the wall clock of the write: two databases written a second apart differ there
          "SELECT url, etag, last_modified FROM http_validators ORDER BY url")


def page_message(url: str, at: str, titles: list[str], **extra) -> dict:
    page = Page(url=url, lists=[HeadlineList("latest", [Sighting(t, f"{url}/{n}", n) for n, t in
                                                        enumerate(titles, start=1)])])
    return {**RUN, "type": "page", "url": url, "fetched_at": at, "lists": lists_to_wire(prepare_lists(page)),
            **extra}


def entries() -> list[tuple[str, dict]]:
    home = page_message("https://wire.test/", "2026-11-02T10:00:05Z",
                        ["Storm batters the coast as thousands lose power", "Council approves the budget for parks",
                         "Champions League final ends in penalty drama"],
                        validators_url="https://wire.test/", etag='"v1"')
    world = page_message("https://wire.test/world", "2026-11-02T10:00:07Z",
                         ["Storm batters the coast as thousands lose power", "Talks on the rail strike resume"])
    bad = page_message("https://wire.test/bad", "2026-11-02T10:00:08Z", ["A headline the writer cannot store"])
    bad["lists"]["latest"][0][0] = None   # no text: the headlines table refuses it
    messages = [home, world, home, bad,  # home twice: a redelivery inside one batch
                {**RUN, "type": "done", "errors": [], "notes": []},
                {**NEXT, "type": "unchanged", "url": "https://wire.test/", "fetched_at": "2026-11-02T10:30:04Z"},
                {**RUN, "type": "page", "url": "https://wire.test/late", "fetched_at": "2026-11-02T10:01:00Z",
                 "lists": world["lists"]}]   # after its run closed: ignored
    return [(f"1-{n}", encode(message)) for n, message in enumerate(messages)]


def writer() -> Writer:
    return Writer(None, "", Planner({}, Alerter(AlertSettings(log=False))), lambda run: None, threading.Event())


def test_a_batch_stores_what_one_entry_at_a_time_stores(tmp_path, caplog):
    together, alone = open_db(tmp_path / "together.db"), open_db(tmp_path / "alone.db")
    with caplog.at_level(logging.ERROR, logger="headlines.writer"):
        writer().store(together, entries())
    assert len(caplog.records) == 1 and "1-3" in caplog.text and "skipped" in caplog.text
    for entry in entries():
        writer().store(alone, [entry])
    for sql in TABLES:
        assert together.execute(sql).fetchall() == alone.execute(sql).fetchall(), sql
    crawl = together.execute("SELECT status, items, new_headlines FROM crawls ORDER BY id").fetchall()
    assert crawl == [("ok", 3 + 2, 4), ("running", 3, 0)]   # the repeat, bad and late pages are not counted
    assert together.execute("SELECT * FROM run_pages").fetchall() == [(NEXT["run"], "https://wire.test/")]
    assert together.execute("SELECT sum(sightings) FROM sightings_hourly").fetchone() == (3 + 2 + 3,)


def test_a_batch_stored_again_changes_nothing(tmp_path):
    db = open_db(tmp_path / "again.db")
    writer().store(db, entries()[:6])
    first = [db.execute(sql).fetchall() for sql in TABLES]
    writer().store(db, entries()[:6])   # redelivered after a lost ack
    assert [db.execute(sql).fetchall() for sql in TABLES] == first
