"""`headlines serve`: the dashboard and the JSON/CSV API over HTTP (see docs/contract.md "HTTP API")."""
from __future__ import annotations

import socket
from pathlib import Path

import click

from db import DatabaseError
from headlines.cli_context import Context, Seconds


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. The default is this machine only; 0.0.0.0 opens it to the network.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port (0 picks a free one).")
@click.option("--cache-seconds", default=10.0, show_default=True, type=Seconds(0, 86400),
              help="Reuse an API answer this long (at most a day), and longer while the database is unchanged; "
              "0 turns it off.")
@click.option("--log-level", default="warning", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              help="uvicorn's log level; info logs every request.")
@click.pass_obj
def serve(obj: Context, host: str, port: int, cache_seconds: float, log_level: str) -> None:
    """Serve the dashboard at / and the JSON API at /api/ (top, trending, topic, headlines, stories, sources).

    Every /api/ endpoint takes the parameters of its CLI command (window, since, until, at,
    source, limit; trending also baseline; topic needs name) and answers with the command's
    --json payload; add format=csv or .csv for CSV.

    Example: headlines serve --port 8080 && curl 'http://127.0.0.1:8080/api/top?window=24h&limit=5'
    """
    import uvicorn

    from headlines.web.app import create_app
    if obj.db_path != ":memory:" and not Path(obj.db_path).exists():
        click.echo(f"warning: {obj.db_path} does not exist yet; serving an empty database "
                   "(run `headlines crawl` or `headlines ingest`, or pass --db)", err=True)
    try:
        app = create_app(obj.db_path, cache_seconds=cache_seconds)
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from None
    sock = listen(host, port)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving {obj.db_path} on http://{shown}:{sock.getsockname()[1]}/ (Ctrl+C to stop)", err=True)
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, access_log=log_level in ("info", "debug"),
                            server_header=False, lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])


def listen(host: str, port: int) -> socket.socket:
    """The server's listening socket, bound here so a busy port or an unknown address is one line
    naming the option (uvicorn would print "Serving on ..." first, then its own error)."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0][0]
    except (socket.gaierror, UnicodeError) as exc:
        raise click.UsageError(f"--host: cannot listen on {host!r} ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        return socket.create_server((host, port), family=family, backlog=2048)
    except OSError as exc:
        raise click.ClickException(f"--port: cannot listen on {host}:{port} ({exc.strerror or exc}); "
                                   "pick another --port, or 0 for a free one") from None


COMMANDS = (serve,)
