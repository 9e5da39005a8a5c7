"""The crawl pipeline stores pages in batches: runs that end while a batch-mate is still fetching
share one transaction, yet every run's `crawls` row counts exactly its own pages; a 304 is stored
as the lists of the page's last capture seen again, with the validators of the page it answers for."""
from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner

from headlines.cli import cli

PAGE = ("<html><body><ul class='rail'>{items}</ul></body></html>")
SOURCE = '[[source]]\nname = "{name}"\nurl = "{url}"\n[[source.lists]]\nname = "rail"\nitems = "ul.rail li a"\n\n'


def rail(prefix: str, count: int) -> str:
    items = "".join(f"<li><a href='/{prefix}/{i}'>{prefix.title()} Story Number {i} Makes the Front Page</a></li>"
                    for i in range(count))
    return PAGE.format(items=items)


def crawl(db_path, sources) -> dict[str, dict]:
    result = CliRunner().invoke(cli, ["--db", str(db_path), "crawl", "--sources", str(sources), "--json"])
    assert result.exit_code == 0, result.output
    return {r["source"]: r for r in json.loads(result.stdout)["crawls"]}


def test_runs_ending_together_keep_their_own_counts_and_a_304_repeats_the_capture(site, tmp_path):
    sizes = {"alpha": 3, "beta": 5, "gamma": 7, "delta": 2}
    for name, count in sizes.items():
        site.add(f"/batch/{name}.html", rail(name, count), etag=f'"{name}-v1"')
    site.add("/batch/slow.html", rail("slow", 4), delay=1.5)  # in flight while the others end
    sources = tmp_path / "sources.toml"
    sources.write_text("".join(SOURCE.format(name=name, url=site.url(f"/batch/{name}.html"))
                               for name in [*sizes, "slow"]))
    db_path = tmp_path / "h.db"

    first = crawl(db_path, sources)
    assert {name: (run["status"], run["items"], run["new_headlines"]) for name, run in first.items()} == {
        **{name: ("ok", count, count) for name, count in sizes.items()}, "slow": ("ok", 4, 4)}
    conn = sqlite3.connect(db_path)
    stored = dict(conn.execute("SELECT source, count(*) FROM appearances GROUP BY source").fetchall())
    assert stored == {**sizes, "slow": 4}
    assert conn.execute("SELECT count(*) FROM http_validators").fetchone()[0] == len(sizes)
    assert conn.execute("SELECT count(*) FROM crawls WHERE finished_at IS NULL").fetchone()[0] == 0

    second = crawl(db_path, sources)  # the four with an ETag answer 304
    assert {name: run["status"] for name, run in second.items()} == {
        **{name: "not_modified" for name in sizes}, "slow": "ok"}
    times = conn.execute("SELECT source, min(times_seen), max(times_seen) FROM appearances GROUP BY source")
    assert {source: (low, high) for source, low, high in times} == {name: (2, 2) for name in [*sizes, "slow"]}
    captures = conn.execute("SELECT source, times_seen FROM captures ORDER BY source").fetchall()
    assert captures == sorted((name, 2) for name in [*sizes, "slow"])  # unchanged lists: one capture each
    conn.close()
