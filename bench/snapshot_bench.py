"""Snapshot stress benchmark: readers ask questions while replace imports swap the graph
between two generated industries, and every answer is compared with the answers of each
industry alone. An answer that matches neither is mixed; the target is none.

    python -m bench.snapshot_bench --companies 100000 --imports 4 --readers 4

The two industries (seeds 7 and 8 by default) have the same company ids, linked
differently, so every question has an answer on both and the two differ. The questions
are the multi-step ones (tiers over node handles, the supply index) about the largest
companies of both, and one-text ones. The run is bounded: ``--imports`` swaps, then the
readers stop; everything runs in this process on a fresh embedded engine.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

from bench.tables import read_table
from service.analytics import load_catalog
from service.engines import open_engine
from service.engines.base import Engine
from service.errors import ValuenetError
from service.ingest.generate import generate_dataset
from service.ingest.importer import import_dataset
from service.queries import Catalog, run_module
from service.settings import Settings

Question = tuple[str, dict[str, Any]]


def hubs(folder: Path) -> list[str]:
    """Companies by the number of deliverables between companies they take part in, most first."""
    d = read_table(folder, "delivers", ["source", "target", "source_label", "target_label"])
    between = d[d.source_label.isna() & d.target_label.isna()]
    return list(pd.concat([between.source, between.target]).value_counts().index)


def questions(first: list[str], second: list[str]) -> list[Question]:
    return [
        ("dependency_chain", {"company": first[0], "direction": "up", "max_tier": 6}),
        ("dependency_chain", {"company": second[0], "direction": "down", "max_tier": 4, "offset": 50}),
        ("dependency_chain", {"company": first[3], "max_tier": 10, "limit": 1000}),
        ("failure_impact", {"companies": [first[1], second[1]], "max_tier": 3}),
        ("connection_paths", {"a": first[-1], "b": second[0], "max_hops": 6}),
        ("connection_paths", {"a": second[-2], "b": first[2], "direction": "downstream", "max_hops": 6}),
        ("merger_scenario", {"acquirer": first[0], "targets": [second[0], first[5]]}),
        ("alignment_opportunities", {"company": second[2]}),
        ("company_profile", {"id": first[0]}),
        ("value_exchange", {"company": second[0]}),
    ]


def canonical(value: Any) -> Any:
    """The answer with floats to 9 significant digits: sums may round differently."""
    if isinstance(value, float):
        return float(f"{value:.9g}")
    if isinstance(value, list | tuple):
        return tuple(canonical(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, canonical(v)) for k, v in value.items()))
    return value


def answer(engine: Engine, catalog: Catalog, question: Question) -> Any:
    result, _ = run_module(engine, catalog, question[0], question[1])
    return canonical([result.nodes, result.rows])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--seeds", type=int, nargs=2, default=[7, 8])
    parser.add_argument("--imports", type=int, default=4, help="replace imports (swaps) during the run")
    parser.add_argument("--readers", type=int, default=4, help="threads asking questions meanwhile")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="valuenet-snapshot-") as tmp:
        folders = [Path(tmp) / f"industry-{seed}" for seed in args.seeds]
        for folder, seed in zip(folders, args.seeds, strict=True):
            generate_dataset(args.companies, seed, folder, "csv", None)
        settings = Settings(database_url=f"embedded://{tmp}/data", query_timeout_ms=120_000)
        engine = open_engine(settings)
        catalog = load_catalog()
        try:
            asked = questions(hubs(folders[0]), hubs(folders[1]))
            expected: list[dict[int, Any]] = []
            for folder in folders:
                import_dataset(engine, folder, replace=True)
                expected.append({i: answer(engine, catalog, q) for i, q in enumerate(asked)})
            same = [i for i in range(len(asked)) if expected[0][i] == expected[1][i]]
            print(f"{len(asked)} questions; answered alike on both graphs: {same or 'none'}", flush=True)

            counts: Counter[str] = Counter()
            mixed: list[str] = []
            done = threading.Event()
            lock = threading.Lock()

            def read(seed: int) -> None:
                rng = random.Random(seed)
                while not done.is_set():
                    i = rng.randrange(len(asked))
                    try:
                        found = answer(engine, catalog, asked[i])
                        outcome = "graph A" if found == expected[0][i] else "graph B" if found == expected[1][i] else ""
                    except ValuenetError as exc:
                        outcome = f"error {type(exc).__name__}"
                    with lock:
                        counts[outcome or "mixed"] += 1
                        if not outcome:
                            mixed.append(f"{asked[i][0]} {asked[i][1]}")

            readers = [threading.Thread(target=read, args=(n,)) for n in range(args.readers)]
            started = time.perf_counter()
            for reader in readers:
                reader.start()
            try:
                for n in range(args.imports):
                    took = time.perf_counter()
                    import_dataset(engine, folders[n % 2], replace=True)
                    print(f"swap {n + 1}: graph {'AB'[n % 2]} in {time.perf_counter() - took:.1f} s", flush=True)
            finally:
                done.set()
                for reader in readers:
                    reader.join()
            seconds = time.perf_counter() - started
        finally:
            engine.close()
    total = sum(counts.values())
    print(f"{total} answers in {seconds:.0f} s over {args.imports} swaps: {dict(counts)}")
    print(f"mixed answers: {counts['mixed']}")
    for line in mixed[:10]:
        print(f"  mixed: {line}")
    return 1 if counts["mixed"] else 0


if __name__ == "__main__":
    sys.exit(main())
