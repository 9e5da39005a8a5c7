"""`headlines ingest`: saved files go through the crawl's clean/dedupe/store path."""
from __future__ import annotations

import json

from click.testing import CliRunner

from headlines.cli import cli
from tests.conftest import FIXTURES


def run(db_path, *args):
    return CliRunner().invoke(cli, ["--db", str(db_path), *args])


def test_txt_jsonl_csv_and_feed_share_one_dedupe(tmp_path, db_path):
    (tmp_path / "a.txt").write_text("Zendaya and Tom Holland Make Rare Red Carpet Appearance at…\n\nRain Ends Drought\n")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "Rain ends drought", "source": "wire",
                                                  "seen_at": "2026-11-20T10:00:00Z"}) + "\n")
    (tmp_path / "c.csv").write_text("text,url,source,seen_at\n\"Stocks Close Lower, Oil Slides\",http://x.test/s,desk,2026-11-20T11:00:00Z\n")
    result = run(db_path, "ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl"), str(tmp_path / "c.csv"),
                 str(FIXTURES / "feed.xml"), "--source", "saved", "--seen-at", "2026-11-20T09:00:00Z")
    assert result.exit_code == 0, result.output
    listed = json.loads(run(db_path, "headlines", "--since", "2026-11-20", "--until", "2026-11-21", "--json").stdout)
    texts = sorted(h["text"] for h in listed["headlines"])
    assert texts == ["Grammys 2026: The Night\u2019s Biggest Winners and the Surprise Snubs",
                     "Rain Ends Drought", "Stocks Close Lower, Oil Slides",
                     "Taylor Swift & Travis Kelce Spotted Courtside in New York",
                     "Zendaya and Tom Holland Make Rare Red Carpet Appearance at the Grammys"]
    rain = next(h for h in listed["headlines"] if h["text"] == "Rain Ends Drought")
    assert rain["sources"] == 2 and rain["first_seen"] == "2026-11-20T09:00:00Z"


def test_saved_html_page_with_seen_at(tmp_path, db_path):
    result = run(db_path, "ingest", str(FIXTURES / "rail.html"), "--source", "starwatch",
                 "--url", "http://starwatch.test/video", "--seen-at", "2026-10-01T12:30:00+02:00")
    assert result.exit_code == 0, result.output
    rows = json.loads(run(db_path, "headlines", "--since", "2026-10-01", "--until", "2026-10-02",
                          "--json").stdout)["headlines"]
    assert rows and all(r["first_seen"] == "2026-10-01T10:30:00Z" for r in rows)
    assert any(r["url"] == "http://starwatch.test/video/2026/02/beyonce-cowboy-carter-stadium-tour-dates-10233" for r in rows)


def test_bad_rows_are_named_by_line_and_good_rows_kept(tmp_path, db_path):
    bad = tmp_path / "rows.jsonl"
    bad.write_text('{"text": "Rain Ends Drought"}\n{not json\n{"url": "http://x"}\n'
                   '{"text": "Snow Returns Early", "seen_at": "yesterday"}\n{"text": "Wind Topples Trees"}\n')
    result = run(db_path, "ingest", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:2: invalid JSON" in result.stderr
    assert f"{bad}:3: missing 'text'" in result.stderr
    assert f"{bad}:4: seen_at:" in result.stderr
    assert "Traceback" not in result.output
    rows = json.loads(run(db_path, "headlines", "--json").stdout)["headlines"]
    assert sorted(r["text"] for r in rows) == ["Rain Ends Drought", "Wind Topples Trees"]


def test_unknown_file_type_and_bad_seen_at_are_usage_errors(tmp_path, db_path):
    odd = tmp_path / "notes.docx"
    odd.write_bytes(b"PK\x03\x04")
    result = run(db_path, "ingest", str(odd))
    assert result.exit_code == 2 and f"{odd}: unknown file type .docx" in result.stderr
    result = run(db_path, "ingest", str(odd), "--seen-at", "last tuesday")
    assert result.exit_code == 2 and "--seen-at" in result.output


def test_a_line_that_is_not_utf8_is_named_and_the_rest_kept(tmp_path, db_path):
    rows = tmp_path / "mixed.txt"
    rows.write_bytes("Rain Ends Drought\n".encode() + "Caf\xe9 Owner Wins Award\n".encode("latin-1")
                     + "Wind Topples Trees\n".encode())
    result = run(db_path, "ingest", str(rows))
    assert result.exit_code == 2 and f"{rows}:2: not UTF-8 text" in result.stderr
    listed = json.loads(run(db_path, "headlines", "--json").stdout)["headlines"]
    assert sorted(h["text"] for h in listed) == ["Rain Ends Drought", "Wind Topples Trees"]


def test_seen_at_is_stored_in_one_form_however_written(tmp_path, db):
    """A row's seen_at with an offset, a space or no seconds is stored as UTC "...Z"; one already
    in that form is kept as written."""
    from datetime import datetime, timezone

    from headlines.ingest import ingest_file
    rows = tmp_path / "rows.jsonl"
    rows.write_text("\n".join(json.dumps({"text": text, "source": "wire", "seen_at": seen}) for text, seen in (
        ("Rain Ends Drought", "2026-11-20T12:30:00+02:00"), ("Stocks Close Lower", "2026-11-20 10:31"),
        ("Oil Slides Again", "2026-11-20T10:32:00Z"))) + "\n")
    ingest_file(db, rows, source="x", seen_at="2026-11-01T00:00:00Z", now=datetime(2026, 12, 1, tzinfo=timezone.utc))
    assert db.execute("SELECT text, first_seen FROM headlines ORDER BY first_seen").fetchall() == [
        ("Rain Ends Drought", "2026-11-20T10:30:00Z"), ("Stocks Close Lower", "2026-11-20T10:31:00Z"),
        ("Oil Slides Again", "2026-11-20T10:32:00Z")]
