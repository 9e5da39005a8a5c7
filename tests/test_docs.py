"""The README documents every command, sources.toml key and environment variable."""
from __future__ import annotations

import re
from pathlib import Path

import click

from headlines import config
from headlines.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def command_paths(group: click.Group, prefix: str = "") -> list[str]:
    paths = []
    for name, command in group.commands.items():
        paths.append(f"{prefix}{name}")
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, f"{prefix}{name} "))
    return paths


def test_every_command_is_in_the_readme():
    start = README.index("## Command line")
    block = README[start:README.index("JSON shapes", start)]
    missing = [p for p in command_paths(cli) if not re.search(rf"^\s+{re.escape(p)}\b", block, re.M)]
    assert not missing, f"commands missing from README's Command line section: {missing}"


def test_every_sources_key_is_in_the_readme():
    section = README[README.index("### `sources.toml`"):README.index("### `topics.toml`")]
    missing = [key for key in sorted(config._KNOWN_KEYS)
               if not re.search(rf"^({key} = |\[\[source\.{key}\]\])", section, re.M)]
    assert not missing, f"sources.toml keys missing from README: {missing}"


def test_every_environment_variable_is_in_the_readme():
    root = Path(__file__).resolve().parent.parent
    used = set()
    paths = [root / "schedule.py"] + [p for d in ("aggregator", "db", "headlines", "spiders") for p in (root / d).rglob("*.py")]
    for path in paths:
        used.update(re.findall(r"[\"'](HEADLINES_[A-Z_]+)[\"']", path.read_text()))
    internal = {"HEADLINES_PARENT_PID", "HEADLINES_RUN_STARTED"}  # set by the runner for its child
    missing = sorted(used - internal - set(re.findall(r"HEADLINES_[A-Z_]+", README)))
    assert not missing, f"environment variables missing from README: {missing}"
