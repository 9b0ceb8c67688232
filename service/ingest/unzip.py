"""Unpacking a dataset's ``.zip`` within bounds: plain files only, never more than the limits.

The sizes a zip declares are not trusted: bytes are counted as they are decompressed, and
unpacking stops at the first bound passed (the whole dataset's expanded size, one entry's
ratio of expanded to compressed bytes), so a zip bomb costs no more than the bound. Entries
must be regular files, neither encrypted nor packed with a method Python cannot unpack, and
name no path outside the zip. Each refusal names the entry.
"""

from __future__ import annotations

import lzma
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import IO

from service.errors import InvalidDataset
from service.ingest.limits import ImportLimits

__all__ = ["Unpacker"]

METHODS = {
    zipfile.ZIP_STORED: "stored",
    zipfile.ZIP_DEFLATED: "deflate",
    zipfile.ZIP_BZIP2: "bzip2",
    zipfile.ZIP_LZMA: "lzma",
}
ENCRYPTED = 0x1  # general purpose flag bit 0
UNIX = 3  # create_system of entries whose external attributes hold a Unix mode
#: An entry's ratio is judged once it has expanded past this: a small table may compress well.
RATIO_FLOOR = 1 << 20
CHUNK = 1 << 20
#: What a damaged entry raises while it is decompressed (bz2 raises OSError).
DAMAGED = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError)


def _hidden(name: str) -> bool:
    """Entries a zip tool adds by itself (``.DS_Store``, ``__MACOSX/``): skipped."""
    return any(part.startswith((".", "__MACOSX")) for part in PurePosixPath(name).parts)


class Unpacker:
    """Vets a zip's entries and extracts them, counting every byte against ``limits``."""

    def __init__(self, archive: Path, zipped: zipfile.ZipFile, limits: ImportLimits) -> None:
        self.archive = archive
        self.zipped = zipped
        self.limits = limits
        self.size = archive.stat().st_size
        self.expanded = 0  # bytes extracted so far, all entries together

    def entries(self) -> list[zipfile.ZipInfo]:
        """The entries that hold files (not folders, not hidden), each vetted."""
        for entry in self.zipped.infolist():
            path = PurePosixPath(entry.filename)
            if path.is_absolute() or ".." in path.parts or "\\" in entry.filename:
                raise self._refuse(entry, "names a path outside the zip")
        entries = [e for e in self.zipped.infolist() if not e.is_dir() and not _hidden(e.filename)]
        for entry in entries:
            self._vet(entry)
        return entries

    def extract(self, entry: zipfile.ZipInfo, target: Path) -> None:
        """Write ``entry`` to ``target``; stop at the first bound it passes."""
        # A liar's compressed size cannot exceed the archive's.
        most = max(RATIO_FLOOR, self.limits.max_ratio * min(entry.compress_size, self.size))
        written = 0
        with self._open(entry) as source, target.open("wb") as sink:
            while chunk := self._read(entry, source):
                written += len(chunk)
                self.expanded += len(chunk)
                if self.expanded > self.limits.max_bytes:
                    raise self._refuse(
                        entry, f"the dataset expands past {self.limits.max_bytes:,} bytes, the most taken"
                    )
                if written > most:
                    raise self._refuse(
                        entry, f"expands more than {self.limits.max_ratio}-fold, the most taken (a zip bomb?)"
                    )
                sink.write(chunk)

    def _open(self, entry: zipfile.ZipInfo) -> IO[bytes]:
        try:
            return self.zipped.open(entry)
        except DAMAGED as exc:
            raise self._refuse(entry, f"is damaged ({exc})") from None

    def _read(self, entry: zipfile.ZipInfo, source: IO[bytes]) -> bytes:
        try:
            return source.read(CHUNK)
        except DAMAGED as exc:
            raise self._refuse(entry, f"is damaged ({exc})") from None

    def _vet(self, entry: zipfile.ZipInfo) -> None:
        """Refuse an entry that is not a regular file, is encrypted or is packed in a way
        Python cannot unpack."""
        mode = entry.external_attr >> 16 if entry.create_system == UNIX else 0
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
            kind = "a symbolic link" if stat.S_ISLNK(mode) else "a special file"
            raise self._refuse(entry, f"is {kind}; a dataset holds regular files only")
        if entry.flag_bits & ENCRYPTED:
            raise self._refuse(entry, "is encrypted; tables must not be")
        if entry.compress_type not in METHODS:
            taken = ", ".join(METHODS.values())
            raise self._refuse(entry, f"is compressed with method {entry.compress_type}; valuenet takes {taken}")

    def _refuse(self, entry: zipfile.ZipInfo, message: str) -> InvalidDataset:
        return InvalidDataset(f"{self.archive.name}:{entry.filename}: {message}")
