"""The engines a benchmark runs one workload on, side by side in one run: the embedded
FalkorDB and, with ``--neo4j``, a Neo4j 5: a running server by URL (the password from
``VALUENET_NEO4J_PASSWORD``, as the service reads it) or, with ``--neo4j start``, one
started for the run (``tests.utils.neo4j_server``: 4 GB of heap and 4 GB of page cache
unless ``--neo4j-heap``/``--neo4j-pagecache`` say otherwise, data thrown away at the end).

Each side names the process whose memory is reported (the FalkorDB child, the Neo4j JVM);
a server reached by URL may run elsewhere, so its memory is measured only if
``--neo4j-pid`` names its JVM.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from pydantic import SecretStr

from service.engines import limits, open_engine
from service.engines.base import Engine
from service.engines.embedded import EmbeddedServer
from service.engines.falkordb import FalkorDBEngine
from service.settings import Settings
from tests.utils.neo4j_server import Neo4jServer

__all__ = ["LoadAverage", "Sampler", "Side", "add_arguments", "embedded", "neo4j", "peak_mb", "resident_mb"]

#: Time limit of every call of a benchmark: a question at 1M companies may take minutes on one side.
LONG_MS = 3_600_000


@dataclass
class Side:
    """One engine under test, and how to stop what the benchmark started for it."""

    name: str
    engine: Engine
    pid: int | None
    stop: Callable[[], None]

    def close(self) -> None:
        self.engine.close()
        self.stop()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--neo4j",
        metavar="URL|start",
        help="also run on Neo4j: bolt://host:port (password in VALUENET_NEO4J_PASSWORD), or start one",
    )
    parser.add_argument("--neo4j-pid", type=int, help="the JVM of a local Neo4j given by URL, for its memory")
    parser.add_argument("--neo4j-heap", default="4g", help="heap of a started Neo4j (default 4g)")
    parser.add_argument("--neo4j-pagecache", default="4g", help="page cache of a started Neo4j (default 4g)")


def embedded(folder: Path, *, fresh: bool = True) -> Side:
    """The embedded engine on ``folder`` (emptied first when ``fresh``)."""
    if fresh:
        shutil.rmtree(folder, ignore_errors=True)
    given = settings(f"embedded://{folder}")
    server = EmbeddedServer(folder, limits(given), given.engine_start_timeout_s)  # a 1M engine loads for minutes
    server.start()
    engine = FalkorDBEngine(
        server.client(),
        "valuenet",
        query_timeout_ms=LONG_MS,
        write_timeout_ms=LONG_MS,
        index_timeout_ms=LONG_MS,
        server=server,
        owns_server=True,
    )
    engine.ensure_schema()
    return Side("embedded", engine, server.pid, lambda: None)


def neo4j(args: argparse.Namespace) -> Side:
    """The Neo4j ``--neo4j`` names: a URL, or ``start`` for a server of this run's own."""
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)  # not a deprecation per query run
    if args.neo4j != "start":
        engine = open_engine(settings(args.neo4j, os.environ.get("VALUENET_NEO4J_PASSWORD", "")))
        return Side("neo4j", engine, args.neo4j_pid, lambda: None)
    home = Path(tempfile.mkdtemp(prefix="valuenet-bench-neo4j-"))
    server = Neo4jServer(home, heap=args.neo4j_heap, pagecache=args.neo4j_pagecache)

    def stop() -> None:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)

    try:
        server.start(lambda message: print(message, file=sys.stderr, flush=True))
        engine = open_engine(settings(server.url, server.password))
    except BaseException:
        stop()
        raise
    return Side(f"neo4j (heap {args.neo4j_heap}, page cache {args.neo4j_pagecache})", engine, server.pid, stop)


def settings(url: str, password: str | None = None) -> Settings:
    """The settings of an engine at ``url``, with the benchmark's long time limits."""
    secret = SecretStr(password) if password is not None else None
    return Settings(
        database_url=url,
        neo4j_password=secret,
        query_timeout_ms=LONG_MS,
        write_timeout_ms=LONG_MS,
        index_timeout_ms=LONG_MS,
    )


def _status(pid: int | None, field: str) -> float:
    """A memory field of ``/proc/PID/status`` in MB; NaN when the process is not local."""
    if pid is None:
        return float("nan")
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb(pid: int | None) -> float:
    """Peak resident memory (VmHWM) of a process since it started."""
    return _status(pid, "VmHWM")


def resident_mb(pid: int | None) -> float:
    """Resident memory (VmRSS) of a process now."""
    return _status(pid, "VmRSS")


class Sampler:
    """Calls ``sample`` every ``every`` seconds on a thread of its own while in the block."""

    every = 5.0

    def __init__(self) -> None:
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()

    def sample(self) -> None:
        raise NotImplementedError

    def _run(self) -> None:
        while True:
            self.sample()
            if self._done.wait(self.every):
                return


class LoadAverage(Sampler):
    """The machine's 1-minute load average, sampled every 5 s while in the block: other
    work on the machine slows both sides, so a run says how busy it was."""

    def __init__(self) -> None:
        super().__init__()
        self.samples: list[float] = []

    def __str__(self) -> str:
        if not self.samples:
            return "load average: not sampled"
        mean = sum(self.samples) / len(self.samples)
        most = max(self.samples)
        return f"load average (1 min) during the run: mean {mean:.1f}, max {most:.1f} on {os.cpu_count()} cores"

    def sample(self) -> None:
        self.samples.append(os.getloadavg()[0])
