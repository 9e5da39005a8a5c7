"""The CLI and the API answer every report from one request layer (headlines/reports.py): the
same parameters give the same payload, the same CSV, and the same parameter errors."""
from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from db import open_db
from headlines import reports
from headlines.cli import cli
from headlines.web.app import create_app
from tests.serving import NOW, build_db, iso

AT = iso(NOW - timedelta(days=2, hours=12))      # after OLDER, before RECENT
LATER = iso(NOW - timedelta(minutes=30))          # after both sightings of RECENT (two sources: trending)
POSSESSIVES = ["Men’s Wearhouse Closes Stores in Ohio", "Men's Wearhouse Sale Draws Crowds"]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("one_layer")
    db_path = tmp / "headlines.db"
    build_db(db_path, tmp)
    (tmp / "possessive.txt").write_text("\n".join(POSSESSIVES) + "\n")
    done = CliRunner().invoke(cli, ["--db", str(db_path), "ingest", str(tmp / "possessive.txt"),
                                    "--seen-at", iso(NOW - timedelta(hours=1))])
    assert done.exit_code == 0, done.output
    return db_path, create_app(db_path, cache_seconds=0)


def api(app, path: str, params: dict[str, str]) -> tuple[int, bytes]:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "query_string": urlencode(params).encode(),
             "headers": []}
    asyncio.run(app(scope, receive, send))
    return sent[0]["status"], sent[1]["body"]


def command_line(db_path, report: str, params: dict[str, str], fmt: str) -> list[str]:
    """The CLI invocation for an API request: `name` is the topic's argument, the rest options."""
    command = "status" if report == "sources" else report
    args = ["--db", str(db_path), command]
    for key, value in params.items():
        args += [value] if key == "name" else [f"--{key}", value]
    return [*args, f"--{fmt}"]


CASES = [
    ("top", {}), ("top", {"window": "7d", "limit": "3"}), ("top", {"window": "24h", "at": AT}),
    ("top", {"source": "gossip", "since": "2026-11-19T00:00:00Z", "until": "2026-11-21T00:00:00Z"}),
    ("trending", {}), ("trending", {"window": "3d", "at": LATER}), ("trending", {"window": "12h", "baseline": "2d"}),
    ("topic", {"name": "Love Island"}), ("topic", {"name": "Love Island", "window": "24h", "at": AT}),
    ("topic", {"name": "MEN’S  WEARHOUSE"}),
    ("headlines", {}), ("headlines", {"window": "7d", "at": AT, "limit": "5"}),
    ("headlines", {"topic": "RHOSLC", "search": "Reunion"}), ("headlines", {"source": "wire", "window": "7d"}),
    ("stories", {}), ("stories", {"window": "7d", "at": AT, "limit": "2"}),
    ("sources", {}),
]


def test_every_report_is_covered():
    assert {report for report, _ in CASES} == set(reports.REPORTS)
    assert all(any("at" in params for report, params in CASES if report == name)
               for name in reports.REPORTS if "at" in reports.REPORTS[name].params)


@pytest.mark.parametrize("report, params", CASES)
def test_cli_json_equals_api_body(data, report, params):
    db_path, app = data
    status, body = api(app, f"/api/{report}", params)
    assert status == 200, body
    result = CliRunner().invoke(cli, command_line(db_path, report, params, "json"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(body)
    rows = json.loads(body)[reports.REPORTS[report].rows_key]
    assert rows, "a case that answers nothing cannot show a difference"
    if "at" in params:
        assert json.loads(body)["until"] == params["at"]


@pytest.mark.parametrize("report, params", CASES[::3])
def test_cli_csv_equals_api_csv(data, report, params):
    db_path, app = data
    status, body = api(app, f"/api/{report}.csv", params)
    assert status == 200, body
    result = CliRunner().invoke(cli, command_line(db_path, report, params, "csv"))
    assert result.exit_code == 0 and result.stdout_bytes == body


def test_a_topic_is_found_by_its_key_whatever_the_quotes_case_and_spacing(data):
    db_path, _ = data
    db = open_db(str(db_path), create=False)
    try:
        for spelling in ("Men's Wearhouse", "men’s wearhouse", "  MEN’S   Wearhouse "):
            found = reports.topic(db, name=spelling)
            assert found["topic"] == "Men's Wearhouse"
            assert {row["text"] for row in found["headlines"]} == set(POSSESSIVES)
        tagged = reports.headlines(db, topic="Men’s  Wearhouse")["headlines"]
        assert {row["text"] for row in tagged} == set(POSSESSIVES)
    finally:
        db.close()


@pytest.mark.parametrize("report, params, param", [
    ("top", {"window": "soon"}, "window"),
    ("top", {"since": "yesterday"}, "since"),
    ("top", {"at": "noonish"}, "at"),
    ("top", {"since": "2026-11-20", "until": "2026-11-19"}, "since"),
    ("top", {"limit": "0"}, "limit"),
    ("headlines", {"limit": "１"}, "limit"),
    ("trending", {"baseline": "forever"}, "baseline"),
    ("headlines", {"search": "a\x01b"}, "search"),
])
def test_a_bad_parameter_is_the_same_error_naming_it(data, report, params, param):
    db_path, app = data
    status, body = api(app, f"/api/{report}", params)
    message = json.loads(body)["error"]
    assert status == 400 and message.startswith(f"{param}: ")
    result = CliRunner().invoke(cli, command_line(db_path, report, params, "json"))
    # The same words; a parameter named inside the message is spelled as each caller types it.
    words = message.removeprefix(param + ": ")
    if words == "the window is empty: since must be before until":
        words = "the window is empty: --since must be before --until"
    assert result.exit_code == 2 and f"--{param}: {words}" in result.output, result.output


def test_an_unknown_topic_is_404_and_exit_1(data):
    db_path, app = data
    status, body = api(app, "/api/topic", {"name": "No Such Topic Here"})
    assert status == 404 and "no topic named 'No Such Topic Here'" in json.loads(body)["error"]
    result = CliRunner().invoke(cli, command_line(db_path, "topic", {"name": "No Such Topic Here"}, "json"))
    assert result.exit_code == 1 and "no topic named 'No Such Topic Here'" in result.output


def test_defaults_are_the_reports(data):
    """The CLI's help shows the report's defaults; without parameters both use them."""
    for name, report in reports.REPORTS.items():
        if "window" in report.defaults:
            command = cli.commands["status" if name == "sources" else name]
            helps = {param.name: param.help for param in command.params}
            assert f"Default {report.defaults['window']}." in helps["window"]
    db_path, _ = data
    db = open_db(str(db_path), create=False)
    try:
        answer = reports.trending(db)
        assert answer["baseline_since"] == reports.baseline_start(answer["since"], "7d")
        assert reports.span(db, "6h") == (answer["since"], answer["until"])
    finally:
        db.close()


def test_stored_snapshots_answer_the_reports_default_windows():
    """db/aggregate.py stores rankings for the default windows (db/ cannot import headlines/):
    if a default moved without them, every default question would miss its snapshot."""
    from aggregator.timewindow import parse_duration
    from db.aggregate import SNAPSHOT_WINDOWS
    from db.queries import SNAPSHOT_BASELINE
    for name, seconds in SNAPSHOT_WINDOWS.items():
        assert parse_duration(reports.REPORTS[name].defaults["window"]) == seconds
    assert parse_duration(reports.DEFAULT_BASELINE) == SNAPSHOT_BASELINE


@pytest.mark.parametrize("alerts, window, baseline", [
    ("trending_score = 2.0\n", None, None),                     # the trending report's own defaults
    ('trending_score = 2.0\ntrending_window = "12h"\ntrending_baseline = "3d"\n', 43200.0, 259200.0),
])
def test_trending_alerts_ask_the_trending_report(data, tmp_path, alerts, window, baseline):
    from headlines.config import load_sources
    path = tmp_path / "sources.toml"
    path.write_text(f"[alerts]\n{alerts}")
    settings = load_sources(str(path)).alerts
    assert (settings.trending_window, settings.trending_baseline) == (window, baseline)
    db = open_db(str(data[0]), create=False)
    try:
        asked = reports.trending(db, window=settings.trending_window, baseline=settings.trending_baseline)
        assert asked == reports.trending(db, window=window or "6h", baseline=baseline or "7d")
    finally:
        db.close()


def test_a_bad_alert_window_names_its_key(tmp_path):
    from headlines.config import ConfigError, load_sources
    path = tmp_path / "sources.toml"
    path.write_text('[alerts]\ntrending_window = "soon"\n')
    with pytest.raises(ConfigError, match=r"\[alerts\] key 'trending_window': 'soon' is not a duration"):
        load_sources(str(path))
