"""`headlines sources suggest` prints an entry that loads and pins the same headlines."""
from __future__ import annotations

from click.testing import CliRunner

from aggregator.extract import extract_page
from headlines.cli import cli
from headlines.config import load_sources
from tests.conftest import FIXTURES


def test_suggested_entry_loads_and_pins_the_detected_lists(tmp_path):
    page = FIXTURES / "rail.html"
    result = CliRunner().invoke(cli, ["sources", "suggest", str(page), "--url", "https://starwatch.test/video"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "sources.toml"
    path.write_text(result.stdout)
    config = load_sources(path)
    assert not config.errors and len(config.sources) == 1
    source = config.sources[0]
    assert source.name == "starwatch-video" and source.lists
    body = page.read_bytes()
    detected = extract_page(body, source.url)
    pinned = extract_page(body, source.url, lists=source.lists)
    assert not pinned.layout_changed
    assert [s.text for lst in pinned.lists for s in lst.headlines] == \
        [s.text for lst in detected.lists for s in lst.headlines]


def test_a_page_without_lists_is_a_one_line_error(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><body><p>Nothing to see</p></body></html>")
    result = CliRunner().invoke(cli, ["sources", "suggest", str(page), "--url", "https://quiet.example/"])
    assert result.exit_code == 1 and result.output.strip().endswith("no links in page")


def test_what_would_print_an_entry_that_does_not_load_is_refused_first(tmp_path, monkeypatch):
    monkeypatch.setenv("HEADLINES_MIN_EVERY", "1m")   # the tests' 0.1s would let 1s through
    page = FIXTURES / "rail.html"
    for args, words in (([], "--url: a saved page needs the http(s) URL it was saved from"),
                        (["--url", "starwatch.test/video"], "--url: 'starwatch.test/video' is not an http(s) URL"),
                        (["--url", "https://starwatch.test/video", "--every", "soon"], "--every: 'soon' is not a duration"),
                        (["--url", "https://starwatch.test/video", "--every", "1s"], "--every: 1s is shorter than")):
        result = CliRunner().invoke(cli, ["sources", "suggest", str(page), *args])
        assert result.exit_code == 2 and words in result.output, result.output


def test_saved_page_without_its_address_keeps_links_relative():
    page = extract_page((FIXTURES / "rail.html").read_bytes(), "")
    urls = [s.url for lst in page.lists for s in lst.headlines]
    assert urls and all(u.startswith("/video/2026/02/") for u in urls)
