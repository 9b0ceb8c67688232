"""How much an import takes: the bounds that keep a hostile or broken dataset from
filling the disk or the memory (a zip bomb, a file of one endless line)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_LIMITS", "ImportLimits"]


@dataclass(frozen=True)
class ImportLimits:
    """The bounds of one import; each is a ``VALUENET_IMPORT_*`` setting."""

    max_bytes: int = 16 << 30  # a zip's tables once expanded, all together
    max_ratio: int = 200  # one zip entry's expanded bytes per compressed byte
    max_line_bytes: int = 1 << 20  # one line of a CSV or JSON lines table
    max_field_bytes: int = 64 << 10  # one text value


DEFAULT_LIMITS = ImportLimits()
