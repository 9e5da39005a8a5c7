"""The scheduler's pure parts, the due-queue on a real SQLite file, and the idempotent run ledger
the distributed writer stores through. Every "now" is passed explicitly."""
from __future__ import annotations

from datetime import datetime, timezone

from aggregator.model import HeadlineList, Page, Sighting
from aggregator.prepare import prepare_lists
from db.due import dispatch, due, held_runs, park, release, seed
from db.ledger import start_crawl, sync_sources
from db.runs import RunRef, close_run, store_page
from headlines.alerts import Alerter
from headlines.config import AlertSettings, Source
from headlines.distributed.protocol import lists_from_wire, lists_to_wire, source_from_dict, source_to_dict
from headlines.scheduler import SITE_BATCH, Planner, form_jobs, schedule_problem, site_of

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
NOW_ISO = "2026-03-01T12:00:00Z"


def sources(count: int, host: str = "news.example", every: float = 900.0) -> dict[str, Source]:
    return {f"s{i:05d}": Source(f"s{i:05d}", f"https://{host}/p{i}", every_seconds=every) for i in range(count)}


def test_ten_thousand_due_sources_of_one_site_make_one_bounded_job():
    many = sources(10_000)
    candidates = [(name, NOW_ISO, None) for name in many]
    jobs, unknown = form_jobs(candidates, many, busy=set(), capacity=10_000, now=NOW_ISO)
    assert len(jobs) == 1 and len(jobs[0].runs) == SITE_BATCH and not unknown
    assert jobs[0].runs[0].run_id == f"s00000@{NOW_ISO}"
    # embedded mode: a few jobs of one site per tick, still bounded by capacity
    jobs, _ = form_jobs(candidates, many, busy=set(), capacity=50, now=NOW_ISO, site_jobs=5)
    assert [len(j.runs) for j in jobs] == [SITE_BATCH, SITE_BATCH, 10]


def test_a_busy_site_waits_and_other_sites_still_go_within_capacity():
    mixed = {**sources(5, "a.example"), **{f"b{i}": Source(f"b{i}", f"https://b.example:8080/{i}") for i in range(3)}}
    candidates = [(name, NOW_ISO, None) for name in mixed] + [("gone", NOW_ISO, None)]
    jobs, unknown = form_jobs(candidates, mixed, busy={"a.example"}, capacity=2, now=NOW_ISO)
    assert [(j.site, [r.source.name for r in j.runs]) for j in jobs] == [("b.example", ["b0", "b1"])]
    jobs, unknown = form_jobs(candidates, mixed, busy=set(), capacity=100, now=NOW_ISO)
    assert sorted(j.site for j in jobs) == ["a.example", "b.example"] and unknown == ["gone"]


def test_a_run_sent_again_keeps_its_run_id():
    one = sources(1)
    jobs, _ = form_jobs([("s00000", "2026-03-01T11:00:00Z", "s00000@2026-03-01T10:00:00Z")], one, set(), 5, NOW_ISO)
    assert jobs[0].runs[0].run_id == "s00000@2026-03-01T10:00:00Z" and jobs[0].runs[0].started == NOW_ISO


def test_intervals_no_clock_can_hold_are_named():
    assert schedule_problem(Source("x", "https://x.example/", every_seconds=float("inf"),
                                   max_every_seconds=float("inf")), NOW) == \
        "key 'every': inf seconds is not a finite interval"
    huge = 99999999 * 86400.0
    problem = schedule_problem(Source("x", "https://x.example/", every_seconds=huge, min_every_seconds=huge,
                                      max_every_seconds=huge), NOW)
    assert problem and problem.startswith("key 'every'") and "too long" in problem
    assert schedule_problem(Source("x", "https://x.example/"), NOW) is None
    assert site_of("https://News.Example:8443/a") == "news.example"


def test_due_queue_seeds_takes_in_order_leases_and_releases(db):
    srcs = list(sources(4).values())
    sync_sources(db, srcs)
    first = start_crawl(db, "s00001", started_at="2026-03-01T11:50:00Z")
    assert first
    assert seed(db, NOW_ISO, keep_runs=True) == 4
    # never run: due now; run at 11:50 every 15m: due 12:05
    assert [r[0] for r in due(db, NOW_ISO)] == ["s00000", "s00002", "s00003"]
    assert [r[1] for r in due(db, "2026-03-01T12:05:00Z", chunk=2)] == [NOW_ISO] * 3 + ["2026-03-01T12:05:00Z"]
    dispatch(db, [("s00000", f"s00000@{NOW_ISO}", "2026-03-01T12:06:00Z")])
    assert "s00000" not in [r[0] for r in due(db, NOW_ISO)]
    assert held_runs(db) == {"s00000": (f"s00000@{NOW_ISO}", "2026-03-01T12:06:00Z")}
    # the lease ran out: due again under the same run id
    assert ("s00000", "2026-03-01T12:06:00Z", f"s00000@{NOW_ISO}") in list(due(db, "2026-03-01T12:07:00Z"))
    release(db, "s00000", "another-run", "2026-03-01T13:00:00Z")   # not the held run: no change
    assert held_runs(db)["s00000"][0] == f"s00000@{NOW_ISO}"
    release(db, "s00000", f"s00000@{NOW_ISO}", "2026-03-01T13:00:00Z")
    assert held_runs(db) == {} and "s00000" not in [r[0] for r in due(db, "2026-03-01T12:30:00Z")]
    park(db, ["s00002"])
    assert "s00002" not in [r[0] for r in due(db, "2030-01-01T00:00:00Z")]


def test_embedded_restart_plans_runs_of_a_dead_scheduler_from_their_start(db):
    sync_sources(db, list(sources(1).values()))
    seed(db, NOW_ISO, keep_runs=False)
    dispatch(db, [("s00000", "s00000@x", "2026-03-01T12:30:00Z")])
    seed(db, "2026-03-01T12:01:00Z", keep_runs=True)
    assert held_runs(db)                    # distributed: a worker may still finish it
    seed(db, "2026-03-01T12:01:00Z", keep_runs=False)   # never in the ledger: due now
    assert held_runs(db) == {} and [r[0] for r in due(db, "2026-03-01T12:01:00Z")] == ["s00000"]
    dispatch(db, [("s00000", "s00000@y", "2026-03-01T12:30:00Z")])
    start_crawl(db, "s00000", started_at="2026-03-01T12:01:00Z")   # it had started when its scheduler died
    seed(db, "2026-03-01T12:02:00Z", keep_runs=False)   # its next run follows that start, as any run's
    assert [r[1] for r in due(db, "2026-03-01T13:00:00Z")] == ["2026-03-01T12:16:00Z"]


def test_planner_records_a_run_and_plans_from_its_start(db):
    srcs = sources(1)
    sync_sources(db, list(srcs.values()))
    seed(db, NOW_ISO, keep_runs=False)
    dispatch(db, [("s00000", "r1", "2026-03-01T12:30:00Z")])
    planner = Planner(srcs, Alerter(AlertSettings(log=False)))
    row = {"id": 1, "source": "s00000", "status": "ok", "items": 10, "new_headlines": 5, "error": None,
           "started_at": NOW_ISO}
    planner.after_run(db, row, "r1", now=datetime(2026, 3, 1, 12, 0, 30, tzinfo=timezone.utc))
    assert held_runs(db) == {} and "r1" in planner.recorded
    # many new headlines: faster, but never below min_every (900 s): next run at start + 900 s
    assert [r[0] for r in due(db, "2026-03-01T12:14:59Z")] == []
    assert [r[0] for r in due(db, "2026-03-01T12:15:00Z")] == ["s00000"]


def page() -> Page:
    return Page(url="https://news.example/", lists=[HeadlineList("top", [
        Sighting("Storm Bert Brings Floods Across Wales", "https://news.example/a", 1),
        Sighting("Taylor Swift Announces New Album at the Grammys", "https://news.example/b", 2)])])


def test_a_page_delivered_twice_is_stored_once_and_a_run_closed_once(db):
    run = RunRef("news@2026-03-01T12:00:00Z", "news", NOW_ISO)
    lists = lists_from_wire(lists_to_wire(prepare_lists(page())))
    assert lists == prepare_lists(page())
    assert store_page(db, run, "https://news.example/", "2026-03-01T12:00:05Z", lists,
                      validators=("https://news.example/", '"v1"', None))
    assert not store_page(db, run, "https://news.example/", "2026-03-01T12:00:09Z", lists)
    assert db.execute("SELECT sum(times_seen) FROM appearances").fetchone() == (2,)
    assert db.execute("SELECT etag FROM http_validators").fetchall() == [('"v1"',)]
    row = close_run(db, run, [], [], False)
    assert (row["status"], row["items"], row["new_headlines"], row["run_id"]) == ("ok", 2, 2, run.run_id)
    assert close_run(db, run, ["late"], [], False) is None
    assert not store_page(db, run, "https://news.example/other", "2026-03-01T12:00:10Z", lists)  # run closed
    assert db.execute("SELECT count(*) FROM crawls").fetchone() == (1,)
    assert db.execute("SELECT count(*) FROM run_pages").fetchone() == (0,)


def test_a_source_travels_whole_in_a_job():
    from aggregator.model import ListSpec
    source = Source("rail", "https://news.example/", kind="html", follow=2, timeout_seconds=30.0,
                    lists=(ListSpec("latest", "ul.latest a", ".t"),))
    assert source_from_dict(source_to_dict(source)) == source


def test_a_large_sources_file_parses_in_chunks_exactly_as_whole(monkeypatch):
    import rtoml

    from headlines import tomlchunks
    monkeypatch.setattr(tomlchunks, "CHUNK_ENTRIES", 3)
    text = "[alerts]\nfailures = 2\n" + "".join(
        f'\n[[source]]\nname = "s{i}"\nurl = "https://x.example/{i}"\n[[source.lists]]\nitems = "li a"\n'
        for i in range(20)) + "\n[retention]\ncaptures = \"30d\"\n"
    assert tomlchunks.loads(text) == rtoml.loads(text)
    assert [e["name"] for e in tomlchunks.loads(text, convert=dict)["source"]][-1] == "s19"
    broken = text.replace('name = "s7"', 'name = "s7')          # an error: rtoml's own message, whole-file lines
    try:
        rtoml.loads(broken)
    except rtoml.TomlParsingError as whole:
        try:
            tomlchunks.loads(broken)
        except rtoml.TomlParsingError as chunked:
            assert str(chunked) == str(whole)
    twice = text + "\n[alerts]\nfailures = 3\n"                  # a table defined twice is still refused
    try:
        tomlchunks.loads(twice)
        raise AssertionError("duplicate [alerts] accepted")
    except rtoml.TomlParsingError:
        pass


def test_the_first_aggregate_comes_soon_after_start_not_a_whole_interval_later(tmp_path):
    from headlines.config import SourcesFile
    from headlines.schedule_main import FIRST_AGGREGATE_SECONDS, build_scheduler
    sources = {"slow": Source("slow", "https://slow.example/", every_seconds=3600, min_every_seconds=3600,
                              max_every_seconds=7200)}
    job = build_scheduler(Alerter(AlertSettings()), sources, SourcesFile("x"), str(tmp_path / "h.db")).get_job("aggregate")
    built = datetime.now(timezone.utc)   # the job was planned before this moment
    assert job.trigger.interval.total_seconds() == 300   # then every 5 min (the bound for hourly sources)
    assert (job.next_run_time - built).total_seconds() <= FIRST_AGGREGATE_SECONDS
