"""docs/ stands on its own and stays true to the code: every pointer to docs/ names a file
and heading that exist, and the contract lists every command, sources key, status and column."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from headlines import config
from headlines.cli import cli
from headlines.output import HEADLINE_COLUMNS, SOURCE_COLUMNS, TRENDING_COLUMNS
from tests.test_docs import command_paths

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = (ROOT / "docs" / "contract.md").read_text()


def tracked_text_files() -> list[Path]:
    names = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    paths = [ROOT / n for n in names.split() if n.endswith((".py", ".md", ".toml", ".yml", ".js", ".html", ".css"))]
    return [p for p in paths if p.exists()]


def text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", "replace")  # some fixture pages are not UTF-8


def test_no_file_points_outside_the_repository():
    found = [str(p.relative_to(ROOT)) for p in tracked_text_files()
             if "DESIGN" + ".md" in text(p) and p != Path(__file__).resolve()]
    assert not found, f"these point to a DESIGN.md the repository lacks: {found}"
    docs = [p for p in (ROOT / "docs").glob("*.md") if "../shared" in p.read_text()]
    assert not docs


def test_every_pointer_into_docs_names_a_file_and_heading_that_exist():
    pointers = set()
    for path in tracked_text_files():
        for doc, section in re.findall(r"docs/(\w+\.md)(?:\s*\"([^\"]+)\")?", text(path)):
            pointers.add((doc, section))
    assert pointers
    for doc, section in sorted(pointers):
        target = ROOT / "docs" / doc
        assert target.exists(), f"docs/{doc} is missing"
        if section:
            headings = re.findall(r"^#+ (.+)$", target.read_text(), re.M)
            assert section in headings, f"docs/{doc} has no heading {section!r}"


def test_the_contract_lists_every_command_and_sources_key():
    block = CONTRACT[CONTRACT.index("## Command line"):CONTRACT.index("## `sources.toml`")]
    missing = [p for p in command_paths(cli) if not re.search(rf"^\s+{re.escape(p)}\b", block, re.M)]
    assert not missing, f"commands missing from docs/contract.md: {missing}"
    section = CONTRACT[CONTRACT.index("## `sources.toml`"):CONTRACT.index("## User extractors")]
    keys = [k for k in sorted(config._KNOWN_KEYS) if not re.search(rf"\b{k} = |\[\[source\.{k}\]\]", section)]
    assert not keys, f"sources.toml keys missing from docs/contract.md: {keys}"


def test_the_contract_names_every_status_and_payload_column():
    for status in ("ok", "empty", "not_modified", "degraded", "failed", "running"):
        assert f"`{status}`" in CONTRACT
    for column in {*TRENDING_COLUMNS, *HEADLINE_COLUMNS, *SOURCE_COLUMNS}:
        assert f'"{column}"' in CONTRACT, f"{column} is missing from the JSON shapes"
