"""The quick start as a new user meets it: `make demo` runs `.venv/bin/headlines demo` from a
shell whose PATH holds no `headlines`; the line it ends with must work when pasted."""
from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from tests.serving import HEADLINES_BIN


def test_the_demo_crawls_twice_ranks_and_ends_with_a_command_that_works(tmp_path):
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep)
                           if p and not (Path(p) / "headlines").exists())
    env = {**os.environ, "PATH": path}
    program = os.path.relpath(HEADLINES_BIN, tmp_path)
    done = subprocess.run([program, "demo"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Crawl 1" in done.stdout and "Crawl 2" in done.stdout and "not_modified" in done.stdout
    assert "Emmys" in done.stdout
    explore = done.stdout.strip().splitlines()[-1]
    assert explore == f"Explore: {program} --db data/demo.db headlines --window 24h"
    pasted = subprocess.run(shlex.split(explore.removeprefix("Explore: ")), cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert pasted.returncode == 0 and "Emmys" in pasted.stdout, pasted.stderr
