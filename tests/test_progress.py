"""The progress line of long work."""

from __future__ import annotations

import io

import pytest

from service import progress as progress_module
from service.progress import ProgressLine


def test_interleaved_phases_each_keep_their_own_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bulk load reports its batches and, from another thread, a finished table's
    interning: switching between them must not restart either one's clock."""
    times = iter([0.0, 0.0, 5.0, 10.0, 25.0])
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: next(times))
    out = io.StringIO()
    line = ProgressLine(out)
    line("import", "delivers.csv", 0, 1_000)  # not shown: too soon after the start
    line("intern", "company.csv", 100, 100)  # 5 s after its first report: that is its start
    line("import", "delivers.csv", 1_000, 1_000)  # 10 s after its start, though another came between
    line("intern", "contract.csv", 400, 400)
    assert out.getvalue().splitlines() == [
        "intern company.csv: 100 rows of 100 (5.0 s)",
        "import delivers.csv: 1,000 rows of 1,000, 100 rows/s (10.0 s)",
        "intern contract.csv: 400 rows of 400 (25.0 s)",
    ]
