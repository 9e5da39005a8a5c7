"""The batch writer against the one-page-at-a-time writer it replaced, on generated pages with
cut titles, shared links, ambiguous prefixes, repeats and out-of-order times: same tables after."""
from __future__ import annotations

import random

import pytest
from legacy_writes import record_page as legacy_record_page
from legacy_writes import record_unchanged as legacy_record_unchanged

from aggregator.model import HeadlineList, Page, Sighting
from aggregator.prepare import prepare_lists
from db import open_db
from db.writes import PageInput, batches, record_pages

SUBJECTS = ["Jennifer Lopez and Ben Affleck Wedding", "Canada mass murder", "Federal Reserve Holds Rates Steady",
            "Taylor Swift Announces Surprise Album", "Storm Batters Coast as Thousands Lose Power",
            "Champions League Final Ends in Penalty Drama", "Local Council Approves Budget for Parks"]
TAILS = ["See Inside the Chapel Where They Said I Do", "Gunman kills eight in Nova Scotia",
         "Gunman kills eleven, police say", "as Inflation Cools", "for the First Time", "Amid Talks",
         "in Surprise Move", "Despite Criticism"]
TABLES = {
    "headlines": "SELECT id, text, key, truncated, url, first_seen, last_seen, story_id, tagged, grouped "
                 "FROM headlines ORDER BY id",
    "appearances": "SELECT * FROM appearances ORDER BY headline_id, source, list_name",
    "sightings_hourly": "SELECT * FROM sightings_hourly ORDER BY hour, headline_id, source",
    "headline_texts": "SELECT * FROM headline_texts ORDER BY headline_id, text",
    "captures": "SELECT id, source, page_url, digest, first_seen, last_seen, times_seen, payload FROM captures "
                "ORDER BY id",
    "dirty_hours": "SELECT * FROM dirty_hours ORDER BY hour",
    "fts": "SELECT rowid, text FROM headlines_fts ORDER BY rowid",
}


def generated_pages(seed: int, count: int, cut_rate: float = 0.35) -> list[PageInput]:
    """Pages of a few sources whose lists mix full and cut titles of a small pool of headlines."""
    rng = random.Random(seed)
    pool = [f"{s}: {t}" if rng.random() < 0.5 else f"{s} {t}{suffix}" for s in SUBJECTS for t in TAILS
            for suffix in ("", " (1)", ", Report Says")]
    links = {text: f"http://news.test/{i}" for i, text in enumerate(pool) if rng.random() < 0.6}
    pages = []
    for n in range(count):
        source = rng.choice(["rail", "feed", "home", "wire"])
        day, hour, minute = rng.randint(1, 3), rng.randint(0, 23), rng.choice([0, 15, 30, 45])
        seen_at = f"2026-11-0{day}T{hour:02d}:{minute:02d}:00Z"
        sightings = []
        for position, text in enumerate(rng.sample(pool, rng.randint(1, 8)), start=1):
            shown, url = text, links.get(text)
            roll = rng.random()
            if roll < cut_rate:  # a listing module cuts it, long or short
                shown = text[:rng.randint(8, len(text) - 1)].rstrip() + rng.choice(["\u2026", "...", " ..."])
                url = url if rng.random() < 0.5 else None
            elif roll < cut_rate + 0.1:
                shown = text.upper()
            elif roll < cut_rate + 0.3:  # a list without links
                url = None
            sightings.append(Sighting(shown, url, position))
        page_url = f"http://{source}.test/" + ("" if rng.random() < 0.7 else f"p{n % 3}")
        page = Page(url=page_url, lists=[HeadlineList(rng.choice(["trending", "latest"]), sightings)])
        pages.append(PageInput(source, page_url, seen_at, prepare_lists(page), rng.choice([1, 1, 1, 3])))
    return pages


def dump(database) -> dict[str, list]:
    return {name: database.execute(sql).fetchall() for name, sql in TABLES.items()}


@pytest.mark.parametrize("seed,cut_rate,size", [(1, 0.35, 40), (2, 0.35, 300), (3, 0.35, 5000), (4, 0.01, 100),
                                                (5, 0.01, 5000)])
def test_batches_write_the_same_tables_as_one_page_at_a_time(tmp_path, seed, cut_rate, size):
    pages = generated_pages(seed, 300, cut_rate)
    old, new = open_db(tmp_path / "old.db"), open_db(tmp_path / "new.db")
    for page in pages:
        legacy_record_page(old, page.source, page.page_url, page.seen_at, page.lists, times=page.times)
    new_counts = []
    for batch in batches(pages, size):
        new_counts += record_pages(new, batch)
    before, after = dump(old), dump(new)
    assert after["headline_texts"]                    # cut titles were merged into full ones
    assert any(row[3] for row in after["headlines"])  # and some stayed cut (short or ambiguous)
    for table in TABLES:
        assert after[table] == before[table], table
    assert sum(c.items for c in new_counts) == sum(len(r) for p in pages for r in p.lists.values())


def test_an_unchanged_page_and_a_304_add_sightings_of_the_same_headlines(db):
    page = generated_pages(9, 1)[0]
    page.times = 1
    record_pages(db, [page])
    again = PageInput(page.source, page.page_url, "2026-11-05T10:00:00Z", None)
    written = record_pages(db, [again])[0]
    assert written.items == sum(len(rows) for rows in page.lists.values()) and written.new_headlines == 0
    assert db.execute("SELECT count(*), sum(times_seen) FROM captures").fetchone() == (1, 2)


def with_repeats(pages: list[PageInput], seed: int) -> list[PageInput]:
    """The pages with repeats after some: a 304 or the same lists again, mostly later (some earlier:
    a headline's first sighting then moves, and the per-sighting rules must decide)."""
    rng = random.Random(seed)
    out = []
    for page in pages:
        out.append(page)
        while rng.random() < 0.45:
            day, hour = rng.randint(1, 4), rng.randint(0, 23)
            seen_at = f"2026-11-0{day}T{hour:02d}:{rng.choice([5, 20, 35, 50]):02d}:00Z"
            if rng.random() < 0.6:  # a 304 (the reference has no `times` for one)
                out.append(PageInput(page.source, page.page_url, seen_at, None))
            else:
                out.append(PageInput(page.source, page.page_url, seen_at, page.lists, rng.choice([1, 1, 2])))
    return out


@pytest.mark.parametrize("seed,cut_rate,size", [(11, 0.35, 40), (12, 0.35, 5000), (13, 0.01, 300), (14, 0.6, 200)])
def test_304s_and_unchanged_pages_write_the_same_tables_as_one_page_at_a_time(tmp_path, seed, cut_rate, size):
    pages = with_repeats(generated_pages(seed, 200, cut_rate), seed)
    old, new = open_db(tmp_path / "old.db"), open_db(tmp_path / "new.db")
    for page in pages:
        if page.lists is None:
            legacy_record_unchanged(old, page.source, page.page_url, page.seen_at)
        else:
            legacy_record_page(old, page.source, page.page_url, page.seen_at, page.lists, times=page.times)
    for batch in batches([PageInput(p.source, p.page_url, p.seen_at, p.lists, p.times) for p in pages], size):
        record_pages(new, batch)
    before, after = dump(old), dump(new)
    if size < 1000:   # 304s of captures written by earlier batches were cached
        assert new.execute("SELECT count(DISTINCT capture_id) FROM capture_rows").fetchone()[0] > 5
    for table in TABLES:
        assert after[table] == before[table], table


def test_a_304_is_counted_by_a_few_statements_whatever_the_page_holds(db):
    """The repeat of a 50-headline page runs a constant number of statements, none per headline."""
    rows = [Sighting(f"Headline number {n} about the council budget vote", f"http://news.test/{n}", n)
            for n in range(1, 51)]
    page = Page(url="http://home.test/", lists=[HeadlineList("latest", rows)])
    record_pages(db, [PageInput("home", page.url, "2026-11-01T10:00:00Z", prepare_lists(page))])
    record_pages(db, [PageInput("home", page.url, "2026-11-01T10:30:00Z", None)])   # fills the cache
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    written = record_pages(db, [PageInput("home", page.url, "2026-11-01T11:00:00Z", None, times=2)])[0]
    db.conn.set_trace_callback(None)
    assert written.items == 50 and written.new_headlines == 0
    assert len(statements) < 25
    assert db.execute("SELECT count(*), sum(times_seen) FROM appearances").fetchone() == (50, 50 * (1 + 1 + 2))
    assert db.execute("SELECT sightings FROM sightings_hourly WHERE hour = '2026-11-01T11:00:00Z'").fetchall() \
        == [(2,)] * 50
    assert db.execute("SELECT times_seen, last_seen FROM captures").fetchone() == (4, "2026-11-01T11:00:00Z")
