"""Embedded engine start time: to ready on a new data directory, and open_engine (start,
schema check) on an existing one.

    python bench/engine_start.py [--runs 10]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from service.engines import open_engine
from service.engines.embedded import EmbeddedServer
from service.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    fresh: list[float] = []
    opened: list[float] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            server = EmbeddedServer(Path(folder) / "data")
            server.start()
            fresh.append(time.perf_counter() - started)
            server.stop()
            started = time.perf_counter()
            engine = open_engine(Settings(database_url=f"embedded://{folder}/data"))
            opened.append(time.perf_counter() - started)
            engine.close()
    for name, times in (("start to ready, new directory", fresh), ("open_engine, existing directory", opened)):
        print(f"{name:<34} median {statistics.median(times) * 1000:6.0f} ms   max {max(times) * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
