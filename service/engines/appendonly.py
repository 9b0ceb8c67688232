"""The embedded engine's append-only log, cleared of unfinished imports before each start.

Why: what an import wrote can crash the engine when it is replayed (FalkorDB 4.16
segfaults building a unique constraint over an id with surrounding whitespace), and a log
that crashes the engine at every start would leave the committed graph unreachable.

How the log is laid out: redis keeps it in ``appendonlydir`` as a base (a snapshot written
by a rewrite) and incremental files of commands in the order they ran, listed by a
manifest (``file <name> seq <n> type b|i``). An import writes only its staging key
(``<graph>~import``) and ends with ``RENAME`` over the graph (committed) or ``GRAPH.DELETE``
of the key (abandoned); valuenet rewrites the log after each commit, while no import
runs, so the base never holds a staging key.

What is done: ``drop_unfinished_imports`` removes from the incremental files every command
on a staging key that no ``RENAME`` follows (an import abandoned, or cut short by a crash
or a kill), so the engine replays the committed graphs and nothing else. That changes no
committed graph, since those commands touch the staging key alone. A file that names no
staging key is not even parsed; one that changes is written beside, synced, and renamed
over the old one, so a crash during the repair leaves the old file or the new one.
"""

from __future__ import annotations

import logging
import mmap
import os
import shlex
from collections.abc import Iterator
from pathlib import Path

import hiredis

__all__ = ["STAGING_SUFFIX", "drop_unfinished_imports"]

log = logging.getLogger("valuenet.engine")

#: A graph's staging key is its name with this suffix (see ``FalkorDBEngine.staged``).
STAGING_SUFFIX = "~import"
LOG_DIR = "appendonlydir"
CHUNK = 1 << 24
Command = list[bytes]


def drop_unfinished_imports(data_dir: Path) -> int:
    """Remove the commands of imports that did not commit from the log in ``data_dir``;
    return how many were removed. A log that cannot be parsed is left to the engine, which
    reports it."""
    files = [file for file in _incremental_files(data_dir / LOG_DIR) if _names_a_stage(file)]
    if not files:
        return 0
    try:
        dropped = _unfinished(_commands(files))
    except hiredis.ProtocolError:
        return 0
    if dropped:
        _rewrite(files, dropped)
        log.warning("dropped %d command(s) of an unfinished import from the engine's log", len(dropped))
    return len(dropped)


def _incremental_files(log_dir: Path) -> list[Path]:
    """The incremental files of the log, in replay order, from its manifest."""
    manifests = list(log_dir.glob("*.manifest"))
    if len(manifests) != 1:
        return []
    files = []
    for line in manifests[0].read_text().splitlines():
        fields = shlex.split(line)
        entry = dict(zip(fields[::2], fields[1::2], strict=False))
        if entry.get("type") == "i" and "file" in entry:
            files.append(log_dir / entry["file"])
    return files


def _names_a_stage(file: Path) -> bool:
    with file.open("rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return False
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return data.find(STAGING_SUFFIX.encode()) >= 0


def _commands(files: list[Path]) -> Iterator[Command]:
    """The commands of ``files`` in order; a command cut short at the end is left out (the
    engine drops it too)."""
    for file in files:
        reader = hiredis.Reader()
        with file.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                reader.feed(chunk)
                while (command := reader.gets()) is not False:
                    yield command


def _key(command: Command) -> bytes | None:
    position = 2 if command[0].upper() == b"GRAPH.CONSTRAINT" else 1
    return command[position] if len(command) > position else None


def _unfinished(commands: Iterator[Command]) -> set[int]:
    """The positions of the commands of every import that no ``RENAME`` committed, its
    closing ``GRAPH.DELETE`` included."""
    suffix = STAGING_SUFFIX.encode()
    stages: dict[bytes, list[int]] = {}
    dropped: set[int] = set()
    for position, command in enumerate(commands):
        key = _key(command)
        if key is None or not key.endswith(suffix):
            continue
        name = command[0].upper()
        if name == b"RENAME":
            stages.pop(key, None)
        elif name == b"GRAPH.DELETE":
            if key in stages:  # else it deletes a key older than the log: kept
                dropped.update(stages.pop(key), [position])
        else:
            stages.setdefault(key, []).append(position)
    for positions in stages.values():
        dropped.update(positions)
    return dropped


def _rewrite(files: list[Path], dropped: set[int]) -> None:
    position = 0
    for file in files:
        temporary = file.with_name(file.name + ".repair")
        with temporary.open("wb") as out:
            for command in _commands([file]):
                if position not in dropped:
                    out.write(_encoded(command))
                position += 1
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, file)
    directory = os.open(files[0].parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _encoded(command: Command) -> bytes:
    """``command`` as the log writes it (a RESP array of bulk strings)."""
    parts = [b"*%d\r\n" % len(command)]
    for argument in command:
        parts += [b"$%d\r\n" % len(argument), argument, b"\r\n"]
    return b"".join(parts)
