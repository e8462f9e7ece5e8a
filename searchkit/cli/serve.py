"""``searchkit serve``: the search pages and JSON API on a local web server (searchkit.web, served by uvicorn).

The web stack is imported only when the command runs, so other commands start
as fast as before.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import sys

import click

from searchkit.cli.search_commands import open_for_query
from searchkit.cli.shared import index_option, library_errors, quiet_option
from searchkit.cli.terminal import one_line, plural
from searchkit.errors import SearchkitError
from searchkit.web.defaults import DEFAULT_TIMEOUT, LOCAL_HOSTS

LOCAL = "127.0.0.1"
EVERY_INTERFACE = ("0.0.0.0", "::")


class _OneLine(logging.Handler):
    """The web app's log records as ``searchkit: ...`` lines on stderr, terminal escapes removed."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"searchkit: {record.levelname.lower()}: {one_line(record.getMessage())}", err=True)


@click.command()
@index_option
@click.option("--host", default=LOCAL, show_default=True,
              help="Address to listen on; 0.0.0.0 listens on every interface (a warning says so).")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True,
              help="Port to listen on (0: any free port; the URL printed says which).")
@click.option("--allow-host", "allowed", multiple=True, metavar="NAME",
              help="Also answer requests addressed to NAME, the host name or address clients use "
                   "(repeatable; '*': any). Others are refused, against DNS rebinding.")
@click.option("--timeout", type=click.FloatRange(0.1), default=DEFAULT_TIMEOUT, show_default=True,
              metavar="SECONDS", help="Longest a request waits for its answer (its turn included) before a 503.")
@click.option("-v", "--verbose", is_flag=True, help="Log every request on stderr.")
@quiet_option
@library_errors
def serve(index_path, host, port, allowed, timeout, verbose, quiet) -> None:
    """Search the index in a browser: a search page and a JSON API.

    Prints the URL to open (on stdout), then serves until Ctrl-C. The server is
    read-only and sees each new commit (a sync, `index --watch`) at the next
    request. It listens on 127.0.0.1 unless --host says otherwise. The API is
    described at /api/openapi.json.
    """
    import uvicorn

    from searchkit.web import create_app

    web_log = logging.getLogger("searchkit.web")
    web_log.addHandler(_OneLine())
    web_log.propagate = False
    with contextlib.closing(_listen(host, port)) as listener, open_for_query(index_path, quiet) as ix:
        names = None if "*" in allowed else [*LOCAL_HOSTS, host, *allowed]
        app = create_app(ix, allowed_hosts=names, timeout=timeout)
        url = _url(host, listener.getsockname()[1])
        if host in EVERY_INTERFACE:
            reach = "any host name" if names is None else "localhost and the --allow-host names"
            click.echo(f"searchkit: warning: listening on every interface ({host}): anyone who can reach this "
                       f"machine can read the index (requests addressed to {reach} are answered)", err=True)
        if not quiet:
            click.echo(f"searchkit: serving {index_path} ({plural(len(ix), 'article')}); Ctrl-C stops", err=True)
        click.echo(url)
        sys.stdout.flush()
        config = uvicorn.Config(app, log_level="info" if verbose else "warning", access_log=verbose,
                                server_header=False, lifespan="on")
        server = uvicorn.Server(config)
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            server.run(sockets=[listener])
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
    if not quiet:
        click.echo("searchkit: stopped", err=True)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port, or one clear error (address in use, unknown host...)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
        listener = socket.socket(family, kind, proto)
    except (OSError, UnicodeError) as exc:
        raise SearchkitError(f"cannot listen on {host!r}: {getattr(exc, 'strerror', None) or exc}") from exc
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(128)
    except OSError as exc:
        listener.close()
        hint = " (choose another with --port, or --port 0 for any free one)" if port else ""
        raise SearchkitError(f"cannot listen on {host} port {port}: {exc.strerror or exc}{hint}") from exc
    return listener


def _url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host == "0.0.0.0" else "[::1]" if host == "::" else f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"

