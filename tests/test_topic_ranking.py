"""The owner's check, on a page we wrote in the same style: a video rail of 20 mostly cut-off
titles plus related links, crawled without selectors, must rank the award show first, then the
couple who married and the reality show known by its acronym, with no generic word, no cut-off
fragment and not the site's own name in the top 10."""
from __future__ import annotations

import json
import re

from click.testing import CliRunner

from aggregator.clean import complete_part, is_truncated
from headlines.cli import cli
from tests.conftest import fixture_bytes

GENERIC = {"watch", "see", "exclusive", "return", "reveals", "photos", "video", "update", "inside", "new"}


def test_video_rail_page_ranks_the_award_show_couple_and_acronym_show(site, tmp_path):
    url = site.add("/video/2026/09/mark-hamill-emmys-speech", fixture_bytes("video_rail.html"))
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "showbiz-video"\nurl = "{url}"\nfollow = 0\n')
    runner = CliRunner()
    db = str(tmp_path / "h.db")
    crawl = runner.invoke(cli, ["--db", db, "crawl", "--sources", str(sources), "--json"])
    assert json.loads(crawl.stdout)["crawls"][0]["status"] == "ok", crawl.output
    ranked = [t["topic"] for t in json.loads(runner.invoke(cli, ["--db", db, "top", "--json", "--limit", "10"]).stdout)["topics"]]
    assert ranked[0] == "Emmys", ranked
    assert {"Selena Gomez", "Benny Blanco", "RHOSLC"} <= set(ranked[1:4]), ranked
    titles = re.findall(r'<span class="title">([^<]*)</span>', fixture_bytes("video_rail.html").decode())
    fragments = {t[len(complete_part(t)):].strip(" …").casefold() for t in titles if is_truncated(t)}
    assert "car" in fragments and "reu" in fragments
    for topic in ranked:
        words = set(topic.casefold().split())
        assert not words & GENERIC, topic
        assert not words & fragments, topic
        assert topic not in {"ST", "Showbiz Tonight"}, topic  # the site's own name
