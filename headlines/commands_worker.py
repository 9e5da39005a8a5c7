"""`headlines worker`: crawl jobs sent by `schedule.py --redis` (the distributed mode)."""
from __future__ import annotations

import click

from headlines.cli_context import InputError, Seconds


@click.command()
@click.option("--redis", "redis_url", required=True, envvar="HEADLINES_REDIS",
              help="The leader's Redis, e.g. redis://10.0.0.5:6379/0 (env HEADLINES_REDIS).")
@click.option("--slots", default=4, show_default=True, type=click.IntRange(1, 1000),
              help="Jobs (one site's due sources each) held at once.")
@click.option("--claim-idle", default=60.0, show_default=True, type=Seconds(1.0, 86400.0),
              help="Seconds without a heartbeat after which a job of another worker is taken over.")
@click.option("--log-file", default=None, type=click.Path(dir_okay=False), help="Scrapy's log goes here.")
def worker(redis_url: str, slots: int, claim_idle: float, log_file: str | None) -> None:
    """Crawl jobs from a Redis stream and send their pages back to the leader's writer.

    Runs until SIGINT/SIGTERM; start one or more per host. Never opens the database.

    Example: headlines worker --redis redis://10.0.0.5:6379/0 --slots 4
    """
    from headlines.distributed.address import redis_address_problem
    from headlines.distributed.worker import WorkerError, run_worker
    from spiders import environment
    problem = redis_address_problem(redis_url)
    if problem:   # not an address at all: an input error (exit 2); an unreachable one is a failure (1)
        raise InputError(f"--redis: {problem}")
    problem = environment.problem()
    if problem:   # a bad HEADLINES_DOWNLOAD_DELAY & co.: an input error (exit 2), as for crawl and schedule.py
        raise InputError(problem)
    try:
        run_worker(redis_url, slots=slots, claim_idle=claim_idle, log_file=log_file)
    except WorkerError as exc:
        raise click.ClickException(str(exc)) from None


COMMANDS = (worker,)
