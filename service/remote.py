"""Asking a running valuenet server, for ``valuenet query`` while a server holds the data.

An embedded data directory is locked by the one process whose engine uses it. A server
(``valuenet serve`` or ``valuenet demo``) writes its URL into the directory's
``server.url`` while it serves, and removes it when it stops; ``valuenet query`` reads it
when it finds the directory locked (or takes ``--url``), asks the server for the JSON
answer, and prints it as it would its own. A file a killed server left behind is harmless:
the lock died with the server, so the query runs locally.
"""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from service.engines.base import Result
from service.errors import EngineUnavailable, ValuenetError

__all__ = ["SERVER_FILE", "advertised", "ask_server", "local_url", "server_url"]

SERVER_FILE = "server.url"
#: How long the CLI waits for a server's answer, in seconds (its own time limit is shorter).
TIMEOUT_S = 600


def local_url(host: str, port: int) -> str:
    """The URL a client on this machine reaches a server bound to ``host`` at."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)  # noqa: S104 - a name, not a bind
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@contextlib.contextmanager
def advertised(data_dir: Path, url: str) -> Iterator[None]:
    """``url`` in ``data_dir``'s server file while the block runs."""
    path = data_dir / SERVER_FILE
    path.write_text(url + "\n", encoding="utf-8")
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


def server_url(data_dir: Path) -> str | None:
    """The URL of the server serving ``data_dir``, if one says so."""
    try:
        return (data_dir / SERVER_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def ask_server(url: str, name: str, given: Mapping[str, str]) -> tuple[Result, dict[str, Any]]:
    """The answer and the bound parameters of question ``name``, from the server at ``url``."""
    query = urllib.parse.urlencode({**given, "format": "json"})
    address = f"{url.rstrip('/')}/v1/queries/{urllib.parse.quote(name)}?{query}"
    request = urllib.request.Request(address, headers={"Accept": "application/json"})  # noqa: S310 - http(s) only
    if urllib.parse.urlsplit(address).scheme not in ("http", "https"):
        raise ValuenetError(f"--url {url!r}: expected an http:// or https:// URL")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310 - checked above
            document = json.load(response)
    except urllib.error.HTTPError as error:
        raise ValuenetError(_detail(error)) from None
    except (OSError, ValueError) as error:
        raise EngineUnavailable(f"no valuenet server answers at {url}: {error}") from None
    rows = document["rows"] if "rows" in document else document["edges"]
    columns = [c["name"] for c in document["columns"]]
    result = Result(
        columns,
        [[row.get(c) for c in columns] for row in rows],
        nodes=document.get("nodes"),
        more=document["page"]["has_more"] if "page" in document else None,
    )
    return result, document["parameters"]


def _detail(error: urllib.error.HTTPError) -> str:
    """The problem detail of an error answer, else its status."""
    try:
        detail = json.load(error).get("detail")
    except (OSError, ValueError, AttributeError):
        detail = None
    return str(detail or f"the server answered {error.code} {error.reason}")
