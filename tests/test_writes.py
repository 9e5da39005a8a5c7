"""Dedupe and storage rules on a real SQLite file: keys, cut titles, appearances in place."""
from __future__ import annotations

from legacy_writes import record_page as legacy_record_page

from aggregator.model import HeadlineList, Page, Sighting
from aggregator.prepare import prepare_lists
from db import open_db
from db.writes import record_page

FULL = "Jennifer Lopez and Ben Affleck Wedding: See Inside the Chapel Where They Said I Do"
CUT = "Jennifer Lopez and Ben Affleck Wedding: See Inside the Chapel Wh\u2026"


def store(db, source, seen_at, *texts, list_name="trending", urls=None):
    page = Page(url=f"http://{source}.test/", lists=[HeadlineList(list_name, [
        Sighting(t, (urls or {}).get(t), i) for i, t in enumerate(texts, start=1)])])
    return record_page(db, source, page.url, seen_at, prepare_lists(page))


def count(db, table):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_same_list_three_times_is_one_headline_seen_three_times(db):
    for hour in ("08", "09", "09"):
        store(db, "a", f"2026-11-27T{hour}:10:00Z", "Stocks Close Lower as Oil Slides", "Rain Ends Drought")
    assert count(db, "headlines") == 2
    assert [r[0] for r in db.execute("SELECT times_seen FROM appearances")] == [3, 3]
    hourly = db.execute("SELECT hour, sightings FROM sightings_hourly WHERE headline_id = 1 ORDER BY hour").fetchall()
    assert hourly == [("2026-11-27T08:00:00Z", 1), ("2026-11-27T09:00:00Z", 2)]
    assert count(db, "captures") == 1


def test_case_punctuation_and_quotes_share_a_key(db):
    store(db, "a", "2026-11-27T08:00:00Z", "\u2018RHOBH\u2019 Star Returns \u2014 Again")
    written = store(db, "b", "2026-11-27T08:05:00Z", "'rhobh' star returns - again")
    assert written.new_headlines == 0 and count(db, "headlines") == 1


def test_cut_title_then_full_form_merge_into_one(db):
    store(db, "rail", "2026-11-27T08:00:00Z", CUT)
    written = store(db, "feed", "2026-11-27T08:30:00Z", FULL)
    rows = db.execute("SELECT text, truncated, first_seen FROM headlines").fetchall()
    assert rows == [(FULL, 0, "2026-11-27T08:00:00Z")]
    assert written.new_headlines == 1
    assert {r[0] for r in db.execute("SELECT source FROM appearances")} == {"rail", "feed"}
    assert db.execute("SELECT text FROM headline_texts").fetchall() == [(CUT,)]


def test_full_form_first_then_cut_title_resolves_to_it(db):
    store(db, "feed", "2026-11-27T08:00:00Z", FULL)
    written = store(db, "rail", "2026-11-27T08:05:00Z", CUT)
    assert written.new_headlines == 0 and count(db, "headlines") == 1


def test_ambiguous_prefix_stays_apart_unless_the_link_decides(db):
    store(db, "feed", "2026-11-27T08:00:00Z", "Canada mass murder: Gunman kills eight in Nova Scotia",
          "Canada mass murder: Gunman kills eleven, police say",
          urls={"Canada mass murder: Gunman kills eleven, police say": "http://x.test/eleven"})
    store(db, "rail", "2026-11-27T08:05:00Z", "Canada mass murder: Gunman kills e\u2026")
    assert count(db, "headlines") == 3  # two full forms start with the cut text: no guess
    store(db, "rail2", "2026-11-27T08:06:00Z", "Canada mass murder: Gunman kills e\u2026",
          urls={"Canada mass murder: Gunman kills e\u2026": "http://x.test/eleven"})
    linked = db.execute("SELECT h.text FROM appearances a JOIN headlines h ON h.id = a.headline_id "
                        "WHERE a.source = 'rail2'").fetchone()[0]
    assert linked.endswith("eleven, police say")


def test_short_cut_text_never_resolves_by_prefix(db):
    store(db, "feed", "2026-11-27T08:00:00Z", "Watch Live: Senate Votes on Budget Bill")
    store(db, "rail", "2026-11-27T08:05:00Z", "Watch Li\u2026")
    assert count(db, "headlines") == 2


def test_repeats_within_a_list_count_once(db):
    written = store(db, "a", "2026-11-27T08:00:00Z", "Rain Ends Drought", "RAIN ENDS DROUGHT!", "Rain ends drought")
    assert written.items == 1
    assert db.execute("SELECT times_seen, best_position FROM appearances").fetchall() == [(1, 1)]


def test_best_position_and_last_seen_update_in_place(db):
    store(db, "a", "2026-11-27T08:00:00Z", "First Story Here Today", "Rain Ends Drought")
    store(db, "a", "2026-11-27T10:00:00Z", "Rain Ends Drought")
    row = db.execute("SELECT a.first_seen, a.last_seen, times_seen, best_position FROM appearances a "
                     "JOIN headlines h ON h.id = a.headline_id WHERE h.key = 'rain ends drought'").fetchone()
    assert row == ("2026-11-27T08:00:00Z", "2026-11-27T10:00:00Z", 2, 1)


def test_a_cut_title_seen_before_its_full_form_moves_the_first_sighting_back(db, tmp_path):
    """Historical ingest out of order: the teaser of 08:10 is the headline's first sighting, as a full
    copy of 08:10 would be; the hour it was first known in (10:00) must be recounted."""
    link = {FULL: "http://a.test/wedding", CUT: "http://a.test/wedding"}
    old = open_db(tmp_path / "legacy.db")
    for database, write in ((db, record_page), (old, legacy_record_page)):
        for seen_at, text in (("2026-11-27T10:10:00Z", FULL), ("2026-11-27T08:10:00Z", CUT)):
            page = Page(url="http://a.test/", lists=[HeadlineList("trending", [Sighting(text, link[text], 1)])])
            write(database, "a", page.url, seen_at, prepare_lists(page))
        database.execute("DELETE FROM dirty_hours WHERE hour = '2026-11-27T08:00:00Z'")
    for database in (db, old):
        assert database.execute("SELECT text, first_seen, last_seen, grouped FROM headlines").fetchall() == [
            (FULL, "2026-11-27T08:10:00Z", "2026-11-27T10:10:00Z", 0)]
        assert [r[0] for r in database.execute("SELECT hour FROM dirty_hours")] == ["2026-11-27T10:00:00Z"]


def test_row_lists_clean_as_a_page_holding_only_them():
    """prepare_rows (row files) gives what prepare_lists gives a one-list page: repeats, empties,
    cut texts, over-long links and positions renumbered."""
    from aggregator.prepare import MAX_URL_CHARS, prepare_rows
    items = [(FULL, "http://a.test/1"), ("  ", None), (FULL.upper(), None), (CUT, "http://a.test/" + "x" * MAX_URL_CHARS),
             ("Rain &amp; Wind Ends Drought", None), ("ok", None), ("Stocks Close Lower", "")]
    page = Page(url="file:///rows.jsonl", lists=[HeadlineList("ingest", [Sighting(t, u, i)
                                                                         for i, (t, u) in enumerate(items, 1)])])
    assert prepare_rows("ingest", items) == prepare_lists(page, None)
    assert prepare_rows("ingest", [("  ", None)]) == {}


def test_capture_payload_is_the_json_of_the_lists():
    """The hand-written payload is byte for byte json.dumps(..., ensure_ascii=False): quotes,
    backslashes, control and non-ASCII characters, a missing link."""
    import json

    from aggregator.prepare import CleanSighting
    from db.writes import capture_payload
    lists = {'a "list"': [CleanSighting("t", "k", False, None, 1, 'Say "hi"\\ \x01 \u2028 caf\u00e9 \U0001f600'),
                          CleanSighting("Plain", "plain", True, "http://x.test/?a=1&b=\u00e9", 12)],
             "empty": []}
    expected = json.dumps({name: [[r.raw or r.text, r.url, r.position] for r in rows] for name, rows in lists.items()},
                          ensure_ascii=False)
    assert capture_payload(lists) == expected
