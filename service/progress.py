"""A one-line progress display on stderr for long work (imports, exports, generation)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["ProgressLine"]


class ProgressLine:
    """Rows done, rate and time left, redrawn in place on a terminal, a line every few
    seconds elsewhere (logs, CI).

    >>> progress = ProgressLine(); progress("write", "company.csv", 500, 1000); progress.close()  # doctest: +SKIP
    """

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.interval = 0.2 if self.tty else 5.0
        self.started = time.monotonic()
        self.last = 0.0
        self.starts: dict[tuple[str, str], float] = {}  # per phase and table: they can interleave

    def __call__(self, phase: str, table: str, done: int, total: int = 0) -> None:
        now = time.monotonic()
        key_started = self.starts.setdefault((phase, table), now)
        finished = total and done >= total
        if now - self.last < self.interval and not finished:
            return
        self.last = now
        elapsed = now - key_started
        rate = done / elapsed if elapsed > 0.1 else 0.0
        text = f"{phase} {table}: {done:,} rows"
        if total:
            text += f" of {total:,}"
        if rate:
            text += f", {rate:,.0f} rows/s"
        if total and rate and not finished:
            text += f", {(total - done) / rate:,.0f} s left"
        text += f" ({now - self.started:,.1f} s)"
        if self.tty:
            self.stream.write("\r\x1b[2K" + text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
