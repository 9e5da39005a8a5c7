"""Datasette opens the database with datasette/metadata.yml: titled, described tables, canned
queries that return rows, and full-text search on headlines (migration m005_headlines_fts)."""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from datasette.app import Datasette

from db import open_db
from tests.serving import XSS_HEADLINES, build_db

METADATA = Path(__file__).resolve().parent.parent / "datasette" / "metadata.yml"
CORE_TABLES = ("sources", "crawls", "headlines", "appearances", "topics", "headline_topics",
               "sightings_hourly", "captures", "headline_texts", "topic_hourly", "snapshots")
DATASETTE_BIN = Path(sys.executable).with_name("datasette")


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("datasette")
    path = tmp / "headlines.db"  # the metadata's database key is the file stem
    build_db(path, tmp)
    return path


@pytest.fixture(scope="module")
def metadata() -> dict:
    return yaml.safe_load(METADATA.read_text())


def get_json(db_path: Path, metadata: dict, path: str):
    async def fetch():
        datasette = Datasette([str(db_path)], metadata=metadata)
        response = await datasette.client.get(path)
        assert response.status_code == 200, (path, response.text[:500])
        return response.json()
    return asyncio.run(fetch())


def test_every_core_column_is_described(db_path, metadata):
    tables = metadata["databases"]["headlines"]["tables"]
    db = open_db(db_path)
    for name in CORE_TABLES:
        assert tables[name]["title"] and tables[name]["description"], name
        described = set(tables[name]["columns"])
        actual = set(db[name].columns_dict)
        assert actual <= described, f"{name}: undescribed columns {sorted(actual - described)}"
        assert all(tables[name]["columns"].values())
    db.close()


def test_canned_queries_return_rows(db_path, metadata):
    queries = metadata["databases"]["headlines"]["queries"]
    assert {"top_topics", "trending_topics", "topic_history"} <= set(queries)
    for name in queries:
        rows = get_json(db_path, metadata, f"/headlines/{name}.json?_shape=array&topic=RHOSLC")
        assert rows, name
    top = get_json(db_path, metadata, "/headlines/top_topics.json?_shape=array")
    assert "RHOSLC" in [row["topic"] for row in top]
    trending = get_json(db_path, metadata, "/headlines/trending_topics.json?_shape=array")
    assert all(row["why"] in ("new", "rising", "steady") for row in trending)
    history = get_json(db_path, metadata, "/headlines/topic_history.json?_shape=array&topic=rhoslc&days=2")
    assert sum(row["headlines"] for row in history) >= 2


def test_full_text_search_on_headlines(db_path, metadata):
    found = get_json(db_path, metadata, "/headlines/headlines.json?_shape=array&_search=bombshells")
    assert [row["text"] for row in found] == ["'Love Island' Villa Welcomes Two New Bombshells"]
    found = get_json(db_path, metadata, "/headlines/headlines.json?_shape=array&_search=heather")
    assert [row["text"] for row in found] == [XSS_HEADLINES[0]]


def test_fts_follows_writes_and_merges(tmp_path):
    """Triggers keep the index current: new rows are found, deleted (merged) rows are not."""
    db = open_db(tmp_path / "headlines.db")
    db.execute("INSERT INTO headlines (text, key, truncated, first_seen, last_seen) "
               "VALUES ('Storm Bert Floods Wales', 'storm bert floods wales', 0, '2026-01-01', '2026-01-01')")
    assert [r["text"] for r in db["headlines"].search("floods")] == ["Storm Bert Floods Wales"]
    db.execute("DELETE FROM headlines WHERE key = 'storm bert floods wales'")
    assert list(db["headlines"].search("floods")) == []
    db.close()


def test_datasette_command_line_opens_it(db_path):
    done = subprocess.run([str(DATASETTE_BIN), str(db_path), "-m", str(METADATA), "--get",
                           "/headlines.json"], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    tables = {t["name"]: t for t in json.loads(done.stdout)["tables"]}
    assert set(CORE_TABLES) <= set(tables)
    assert tables["headlines_fts"]["hidden"]
    page = subprocess.run([str(DATASETTE_BIN), str(db_path), "-m", str(METADATA), "--get",
                           "/headlines/sightings_hourly"], capture_output=True, text=True, timeout=120, check=False)
    assert "Hourly sightings" in page.stdout and "Crawls that saw it in that hour." in page.stdout
