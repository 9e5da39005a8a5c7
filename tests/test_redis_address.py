"""`--redis` of `headlines worker` and `schedule.py`, run as real processes: an address that is no
Redis URL is an input error (exit 2, one line naming --redis and the value) before anything starts;
an unreachable one is one line naming the address; a password is never echoed."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEADLINES_BIN = Path(sys.executable).with_name("headlines")
# Port 1 on loopback: nothing listens there, so the connection is refused at once.
UNREACHABLE = "redis://:s3cret@127.0.0.1:1/0"


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("HEADLINES_REDIS", "HEADLINES_SOURCES")}


def worker(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(HEADLINES_BIN), "worker", *args], capture_output=True, text=True, timeout=120,
                          env={**clean_env(), **(env or {})})


def scheduler(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    (tmp_path / "sources.toml").write_text('[[source]]\nname = "wire"\nurl = "http://127.0.0.1:9/feed"\n')
    return subprocess.run([sys.executable, str(ROOT / "schedule.py"), "--sources", str(tmp_path / "sources.toml"),
                           "--db", str(tmp_path / "h.db"), "--once", *args], capture_output=True, text=True,
                          timeout=120, env=clean_env(), cwd=tmp_path)


@pytest.mark.parametrize("address, why", [
    ("foo", "Redis URL must specify one of the following schemes"),
    ("10.0.0.5:6379", "Redis URL must specify one of the following schemes"),
    ("redis://127.0.0.1:99999/0", "Port out of range"),
    ("redis://127.0.0.1:6379/jobs", "the database after the host must be a number, not 'jobs'"),
])
def test_worker_refuses_an_address_that_is_no_redis_url(address, why):
    done = worker("--redis", address)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: --redis: {address!r} is not a Redis URL like "
                                                   "redis://HOST:6379/0 (") and why in lines[0], lines


def test_worker_reads_the_address_from_the_environment_too():
    done = worker(env={"HEADLINES_REDIS": "redis//10.0.0.5"})
    assert done.returncode == 2 and "--redis: 'redis//10.0.0.5' is not a Redis URL" in done.stderr


def test_worker_without_a_reachable_redis_is_one_line_without_the_password():
    done = worker("--redis", UNREACHABLE)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "Error: --redis redis://:***@127.0.0.1:1/0: cannot use this Redis ("), lines
    assert "s3cret" not in done.stderr


def test_a_bad_password_bearing_address_is_shown_masked():
    done = worker("--redis", "redis://:s3cret@127.0.0.1:port/0")
    assert done.returncode == 2 and "'redis://:***@127.0.0.1:port/0' is not a Redis URL" in done.stderr
    assert "s3cret" not in done.stderr


def test_scheduler_refuses_a_bad_address_before_opening_the_database(tmp_path):
    done = scheduler(tmp_path, "--redis", "foo")
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        "error: --redis: 'foo' is not a Redis URL like redis://HOST:6379/0 (Redis URL must specify one of "
        "the following schemes (redis://, rediss://, unix://))"]
    assert not (tmp_path / "h.db").exists()


def test_scheduler_without_a_reachable_redis_hides_the_password(tmp_path):
    done = scheduler(tmp_path, "--redis", UNREACHABLE)
    assert done.returncode == 2, done.stderr
    assert "error: --redis redis://:***@127.0.0.1:1/0: cannot use this Redis (" in done.stderr
    assert "s3cret" not in done.stderr
