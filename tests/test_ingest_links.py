"""A row's `url` cell through the real `headlines ingest`: a usable link is stored, a blank cell is
no link, anything else is a bad row named FILE:LINE (the file's good rows stored, exit 2)."""
from __future__ import annotations

import json
import sqlite3

from tests.serving import run_cli

SEEN = "2026-11-20T10:00:00Z"


def links(db_path) -> dict[str, str | None]:
    with sqlite3.connect(db_path) as conn:
        return dict(conn.execute("SELECT text, url FROM headlines"))


def story_sizes(db_path) -> list[int]:
    done = run_cli(db_path, "stories", "--at", "2026-11-20T12:00:00Z", "--window", "7d", "--json")
    assert done.returncode == 0, done.stderr
    return sorted(story["size"] for story in json.loads(done.stdout)["stories"])


def test_bad_url_cells_are_named_and_good_rows_kept(tmp_path):
    rows = [
        ("Storm Bert Brings Floods Across Wales", " https://wire.example/storm-bert "),
        ("Taylor Swift Announces New Album at the Grammys", ""),
        ("Apple Unveils New iPhone With Bigger Screen", "   "),
        ("Fed Holds Rates Steady Again", "javascript:void(0)"),
        ("Bank of England Cuts Rates by a Quarter Point", "/business/boe-cut"),
        ("Harbour Road Reopens After Repairs", "#"),
        ("Oil Prices Fall for a Third Day", "N/A"),
        ("Wales Names New Rugby Captain", "https://"),
        ("Local Library Extends Opening Hours", "mailto:desk@wire.example"),
        ("Train Strike Called Off at Last Minute", "https://wire.example/a\x01b"),
        ("Airport Opens Second Runway", "https://web.archive.org/web/20261120/https://wire.example/runway"),
    ]
    path = tmp_path / "rows.csv"
    path.write_text("text,url,source,seen_at\n" + "".join(f'"{t}","{u}",wire,{SEEN}\n' for t, u in rows))
    db_path = tmp_path / "h.db"
    done = run_cli(db_path, "ingest", str(path))
    assert done.returncode == 2, done.stderr
    named = sorted(int(line.split(":")[2]) for line in done.stderr.splitlines() if ": url: " in line)
    assert named == [5, 6, 7, 8, 9, 10, 11]
    assert f"{path}:6: url: '/business/boe-cut' is a relative link; give --url" in done.stderr
    assert f"{path}:5: url: 'javascript:void(0)' is not an http(s) link" in done.stderr
    assert f"{path}:11: url: control character U+0001" in done.stderr
    assert links(db_path) == {
        "Storm Bert Brings Floods Across Wales": "https://wire.example/storm-bert",
        "Taylor Swift Announces New Album at the Grammys": None,
        "Apple Unveils New iPhone With Bigger Screen": None,
        "Airport Opens Second Runway": "https://wire.example/runway",   # unwrapped, as a crawl stores it
    }


def test_a_placeholder_link_no_longer_glues_unrelated_headlines(tmp_path):
    """Stories join headlines sharing a link; rows sharing "javascript:void(0)" were one story."""
    texts = ["Storm Bert Brings Floods Across Wales", "Taylor Swift Announces New Album at the Grammys",
             "Apple Unveils New iPhone With Bigger Screen"]
    placeholder = tmp_path / "placeholder.jsonl"
    placeholder.write_text("".join(json.dumps({"text": t, "url": "javascript:void(0)", "seen_at": SEEN}) + "\n"
                                   for t in texts))
    blank = tmp_path / "blank.jsonl"
    blank.write_text("".join(json.dumps({"text": t, "url": "", "seen_at": SEEN}) + "\n" for t in texts))
    db_path = tmp_path / "h.db"
    assert run_cli(db_path, "ingest", str(placeholder)).returncode == 2
    assert links(db_path) == {}
    assert run_cli(db_path, "ingest", str(blank)).returncode == 0
    assert story_sizes(db_path) == [1, 1, 1]


def test_url_option_is_the_base_of_relative_cells_not_every_row_link(tmp_path):
    """`--url` names the page the rows came from: a relative cell resolves against it, and a row
    without a cell has no link (the page's address as every row's link made them one story)."""
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps({"text": "Bank of England Cuts Rates by a Quarter Point", "url": "/business/boe-cut"})
                    + "\n" + json.dumps({"text": "Storm Bert Brings Floods Across Wales"}) + "\n"
                    + json.dumps({"text": "Apple Unveils New iPhone With Bigger Screen", "url": None}) + "\n")
    db_path = tmp_path / "h.db"
    done = run_cli(db_path, "ingest", str(path), "--url", "https://wire.example/latest/", "--seen-at", SEEN)
    assert done.returncode == 0, done.stderr
    assert links(db_path) == {"Bank of England Cuts Rates by a Quarter Point": "https://wire.example/business/boe-cut",
                              "Storm Bert Brings Floods Across Wales": None,
                              "Apple Unveils New iPhone With Bigger Screen": None}
    assert story_sizes(db_path) == [1, 1, 1]


def test_a_c1_control_in_a_jsonl_link_is_named(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps({"text": "Wales Names New Rugby Captain", "url": "https://wire.example/\u0085x"}) + "\n"
                    + json.dumps({"text": "Storm Bert Brings Floods Across Wales", "url": "https://wire.example/s"}) + "\n")
    db_path = tmp_path / "h.db"
    done = run_cli(db_path, "ingest", str(path), "--seen-at", SEEN)
    assert done.returncode == 2
    assert f"{path}:1: url: control character U+0085" in done.stderr
    assert links(db_path) == {"Storm Bert Brings Floods Across Wales": "https://wire.example/s"}
