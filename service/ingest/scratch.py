"""Scratch folders of imports: removed after use and, when a process was killed, later.

They live in one folder valuenet owns: ``valuenet-<uid>`` in the system's temporary folder
(``TMPDIR``), private to the user and checked to be a real folder of theirs. Each is named
``import-*`` and holds a ``lock`` file, locked while the folder is in use: a folder whose
lock can be taken belongs to no running process, so any valuenet may remove it.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from service.errors import ConfigError

__all__ = ["remove_leftovers", "scratch", "scratch_root"]

log = logging.getLogger("valuenet.import")

LOCK = "lock"
#: A folder without its lock file is being made, unless it is older than this.
UNLOCKED_GRACE_S = 60.0


def scratch_root() -> Path:
    """The folder of every scratch folder, made if need be (mode 0700)."""
    root = Path(tempfile.gettempdir()) / f"valuenet-{os.getuid()}"
    root.mkdir(mode=0o700, exist_ok=True)
    info = root.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise ConfigError(f"{root}: not a private folder of this user; remove it, or set TMPDIR elsewhere")
    return root


@contextmanager
def scratch(purpose: str) -> Iterator[Path]:
    """A new scratch folder, locked while the block runs and removed after it."""
    folder = Path(tempfile.mkdtemp(prefix=f"import-{purpose}-", dir=scratch_root()))
    try:
        with (folder / LOCK).open("wb") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_leftovers() -> int:
    """Remove the scratch folders of imports that were killed; return how many."""
    removed = 0
    for folder in scratch_root().glob("import-*"):
        if _abandoned(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    if removed:
        log.info("removed %d scratch folder(s) left by killed imports", removed)
    return removed


def _abandoned(folder: Path) -> bool:
    try:
        with (folder / LOCK).open("rb") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False  # in use
            return True
    except FileNotFoundError:  # killed before it was locked, or being made now
        try:
            return time.time() - folder.stat().st_mtime > UNLOCKED_GRACE_S
        except FileNotFoundError:
            return False
