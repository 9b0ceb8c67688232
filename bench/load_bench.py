"""Load benchmark: many clients at once against a running ``valuenet serve``, on loopback.

    valuenet generate --companies 100000 --seed 7 --out /tmp/ind7
    VALUENET_DATABASE_URL=embedded:///tmp/data7 valuenet import /tmp/ind7
    VALUENET_DATABASE_URL=embedded:///tmp/data7 valuenet serve --port 8000 &
    python -m bench.load_bench --dataset /tmp/ind7 --url http://127.0.0.1:8000

For each single-company question and each concurrency (1, 8 and 64 clients, each sending
its next request as soon as its last one is answered): requests/s, p50 and p99 of the
round trip, and errors (anything but 200). The companies asked about alternate between
the industry's hubs (the most deliverables) and leaves (one or two), so each module's
figures mix its cheapest and its dearest answers. The load is bounded: ``--requests``
per module and concurrency, ``--seconds`` at most per run, and only 127.0.0.1 is asked.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import statistics
import sys
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pandas as pd

from bench.tables import read_table

#: The questions about one company, and the parameters that name it.
MODULES: dict[str, Callable[[str], dict[str, Any]]] = {
    "company_profile": lambda c: {"id": c},
    "value_exchange": lambda c: {"company": c},
    "dependency_chain": lambda c: {"company": c, "max_tier": 3, "limit": 100},
    "ecosystem_map": lambda c: {"center": c, "hops": 1},
    "failure_impact": lambda c: {"companies": c, "mode": "direct", "limit": 100},
    "alignment_opportunities": lambda c: {"company": c},
    "value_stream_network": lambda c: {"company": c},
}
HUBS = 20
LEAVES = 200


@dataclass(frozen=True)
class Run:
    """One module at one concurrency: latencies in seconds, errors, and the wall time."""

    module: str
    concurrency: int
    latencies: list[float]
    errors: int
    seconds: float

    def row(self) -> str:
        ms = sorted(t * 1e3 for t in self.latencies) or [float("nan")]
        p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
        rate = (len(self.latencies) + self.errors) / self.seconds
        return (
            f"| {self.module} | {self.concurrency} | {rate:,.0f} | {statistics.median(ms):,.1f} | {p99:,.1f} "
            f"| {self.errors} |"
        )


def companies(dataset: Path, seed: int) -> list[str]:
    """Hubs and leaves of the dataset's supply network, interleaved."""
    delivers = read_table(dataset, "delivers", ["source", "target", "source_label", "target_label"])
    between = delivers[delivers.source_label.isna() & delivers.target_label.isna()]
    degree = pd.concat([between.source, between.target]).value_counts()
    hubs = list(degree.index[:HUBS])
    few = list(degree[degree <= 2].index)
    leaves = random.Random(seed).sample(few, min(LEAVES, len(few)))
    return [c for leaf, hub in zip(leaves, itertools.cycle(hubs)) for c in (hub, leaf)]


async def load(
    client: aiohttp.ClientSession, module: str, names: list[str], concurrency: int, count: int, until: float
) -> Run:
    """``count`` requests for ``module`` from ``concurrency`` clients, stopped at ``until``."""
    latencies: list[float] = []
    errors = 0
    sent = 0

    async def one_client() -> None:
        nonlocal errors, sent
        while sent < count and time.monotonic() < until:
            company = names[sent % len(names)]
            sent += 1
            query = urllib.parse.urlencode(MODULES[module](company))
            started = time.perf_counter()
            try:
                async with client.get(f"/v1/queries/{module}?{query}") as reply:
                    await reply.read()
                    ok = reply.status == 200
            except aiohttp.ClientError:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(concurrency)))
    return Run(module, concurrency, latencies, errors, time.perf_counter() - started)


async def main_async(args: argparse.Namespace) -> int:
    names = companies(args.dataset, args.seed)
    connector = aiohttp.TCPConnector(limit=max(args.concurrency))
    timeout = aiohttp.ClientTimeout(total=60.0)
    until = time.monotonic() + args.seconds
    print("| module | concurrency | requests/s | p50 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    async with aiohttp.ClientSession(base_url=args.url, connector=connector, timeout=timeout) as client:
        for module in args.modules:
            for _ in range(min(len(names), 10)):  # warm: connections, caches, the supply index
                query = urllib.parse.urlencode(MODULES[module](names[0]))
                async with client.get(f"/v1/queries/{module}?{query}") as reply:
                    await reply.read()
            for concurrency in args.concurrency:
                count = args.requests if concurrency > 1 else max(args.requests // 4, 1)
                run = await load(client, module, names, concurrency, count, until)
                print(run.row(), flush=True)
                if time.monotonic() >= until:
                    print(f"stopped: the run's {args.seconds:.0f} s were used up", file=sys.stderr)
                    return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", type=Path, required=True, help="the generated dataset the server holds")
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 64])
    parser.add_argument("--requests", type=int, default=800, help="per module and concurrency (a quarter at 1)")
    parser.add_argument("--seconds", type=float, default=900.0, help="the whole run stops after this long")
    parser.add_argument("--modules", nargs="+", default=list(MODULES), choices=list(MODULES))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if urllib.parse.urlsplit(args.url).hostname != "127.0.0.1":
        parser.error("--url must be on 127.0.0.1: this benchmark only loads the local machine")
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
