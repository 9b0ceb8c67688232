"""Unpacking a dataset's ``.zip`` within bounds: plain files only, never more than the limits.

The sizes a zip declares are not trusted: bytes are counted as they are decompressed, and
unpacking stops at the first bound passed (the whole dataset's expanded size, one entry's
ratio of expanded to compressed bytes), so a zip bomb costs no more than the bound; and
entries are decompressed here, a MiB at a time. Entries must be regular files, neither
encrypted nor packed other than stored, deflate, bzip2 or lzma, and name no path outside
the zip. Each refusal names the entry.
"""

from __future__ import annotations

import bz2
import lzma
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Protocol

from service.errors import InvalidDataset
from service.settings import ImportLimits

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
CHUNK = 1 << 20  # bytes read, and bytes decompressed, at a time
LZMA_MAX_DICTIONARY = 64 << 20  # what ``xz -9`` uses
#: What a damaged entry raises while it is decompressed (bz2 raises OSError).
DAMAGED = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError)


def _hidden(name: str) -> bool:
    """Entries a zip tool adds by itself (``.DS_Store``, ``__MACOSX/``): skipped."""
    return any(part.startswith((".", "__MACOSX")) for part in PurePosixPath(name).parts)


class Decoder(Protocol):
    """What bz2's and lzma's decompressors offer: output bounded by ``max_length``."""

    @property
    def eof(self) -> bool: ...

    @property
    def needs_input(self) -> bool: ...

    def decompress(self, data: bytes, max_length: int = -1) -> bytes: ...


class _Stored:
    """An entry stored as is, behind the decompressors' interface."""

    eof = False
    needs_input = True

    def decompress(self, data: bytes, max_length: int = -1) -> bytes:
        self.eof = not data
        return data


class _Inflate:
    """zlib's raw deflate behind the bz2 and lzma decompressors' interface."""

    def __init__(self) -> None:
        self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)

    @property
    def eof(self) -> bool:
        return self._zlib.eof

    @property
    def needs_input(self) -> bool:
        return not self._zlib.unconsumed_tail

    def decompress(self, data: bytes, max_length: int = -1) -> bytes:
        return self._zlib.decompress(self._zlib.unconsumed_tail + data, max(max_length, 0))


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
        crc = 0
        with target.open("wb") as sink:
            for piece in self._pieces(entry):
                written += len(piece)
                self.expanded += len(piece)
                if self.expanded > self.limits.max_bytes:
                    raise self._refuse(
                        entry, f"the dataset expands past {self.limits.max_bytes:,} bytes, the most taken"
                    )
                if written > most:
                    raise self._refuse(
                        entry, f"expands more than {self.limits.max_ratio}-fold, the most taken (a zip bomb?)"
                    )
                crc = zlib.crc32(piece, crc)
                sink.write(piece)
        if crc != entry.CRC:
            raise self._refuse(entry, "is damaged (its checksum does not match)")

    def _pieces(self, entry: zipfile.ZipInfo) -> Iterator[bytes]:
        """The entry's bytes, decompressed at most CHUNK at a time.

        Python's zipfile hands a bzip2 or lzma entry's compressed bytes to the decompressor
        without a bound on the output (a 1.7 KB bzip2 entry comes out as 2 GB at once), so
        the entry's compressed bytes are read here, from its local header on.
        """
        with self.archive.open("rb") as handle:
            handle.seek(entry.header_offset)
            signature, name, extra = struct.unpack("<4s22xHH", handle.read(30).ljust(30, b"\0"))
            if signature != b"PK\x03\x04":
                raise self._refuse(entry, "is damaged (no local header where the directory says)")
            handle.seek(name + extra, 1)
            left = min(entry.compress_size, self.size)

            def read(size: int) -> bytes:
                nonlocal left
                data = handle.read(min(size, left))
                left -= len(data)
                return data

            decoder = self._decoder(entry, read)
            try:
                while not decoder.eof:
                    data = read(CHUNK) if decoder.needs_input else b""
                    piece = decoder.decompress(data, CHUNK)
                    if not (piece or data or decoder.eof):
                        raise self._refuse(entry, "is damaged (it ends early)")
                    yield piece
            except DAMAGED as exc:
                raise self._refuse(entry, f"is damaged ({exc})") from None

    def _decoder(self, entry: zipfile.ZipInfo, read: Callable[[int], bytes]) -> Decoder:
        if entry.compress_type == zipfile.ZIP_STORED:
            return _Stored()
        if entry.compress_type == zipfile.ZIP_DEFLATED:
            return _Inflate()
        if entry.compress_type == zipfile.ZIP_BZIP2:
            return bz2.BZ2Decompressor()
        # LZMA in a zip: version (2 bytes), the size of the properties (2), the properties.
        _version, size = struct.unpack("<2sH", read(4).ljust(4, b"\0"))
        properties = read(size).ljust(5, b"\0")
        dictionary = int.from_bytes(properties[1:5], "little")
        if dictionary > LZMA_MAX_DICTIONARY:  # the decoder takes that much memory at once
            raise self._refuse(entry, f"needs an lzma dictionary of {dictionary:,} bytes, over {LZMA_MAX_DICTIONARY:,}")
        bits = properties[0]  # lc + 9 * (lp + 5 * pb)
        lzma1 = {"id": lzma.FILTER_LZMA1, "lc": bits % 9, "lp": bits // 9 % 5, "pb": bits // 45}
        lzma1["dict_size"] = dictionary
        try:
            return lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[lzma1])
        except lzma.LZMAError as exc:
            raise self._refuse(entry, f"is damaged ({exc})") from None

    def _vet(self, entry: zipfile.ZipInfo) -> None:
        """Refuse an entry that is not a regular file, is encrypted or is packed with a
        method valuenet does not unpack."""
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
