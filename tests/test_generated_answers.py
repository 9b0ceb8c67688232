"""Every ecosystem question on generated industries (several seeds, 2,000 companies each),
against the same answer computed here independently with pandas and networkx."""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

import networkx as nx
import pytest

from service.ingest.schema import CATEGORIES
from service.queries import Catalog, run_module
from tests.utils.industry import Industry

INPUTS = [c for c in CATEGORIES if c != "money"]


def run(industry: Industry, catalog: Catalog, name: str, **params: Any) -> list[list[Any]]:
    result, _ = run_module(industry.engine, catalog, name, params)
    return [[round(v, 6) if isinstance(v, float) else v for v in row] for row in result.rows]


def sample(industry: Industry, graph: nx.DiGraph, by: str, hubs: int = 3, others: int = 5) -> list[str]:
    """The biggest companies by in- or out-degree, and some others picked by the seed."""
    degree = graph.in_degree if by == "in" else graph.out_degree
    ranked = sorted(graph.nodes, key=lambda n: (-degree(n), n))
    rng = random.Random(industry.seed)
    return ranked[:hubs] + rng.sample(ranked[hubs:], others)


def best_link(graph: nx.DiGraph, node: str, toward: dict[str, int], up: bool) -> tuple[str, float]:
    """The neighbour one tier closer with the largest link value, then the smallest id."""
    links = graph.succ[node] if up else graph.pred[node]
    closer = [(n, data["weight"]) for n, data in links.items() if toward.get(n) == toward[node] - 1]
    return min(closer, key=lambda link: (-link[1], link[0]))


@pytest.mark.parametrize(
    "variant",
    [
        {"direction": "up", "max_tier": 6},
        {"direction": "down", "max_tier": 3},
        {"direction": "up", "max_tier": 4, "as_of": "2015-06-30"},
        {"direction": "down", "max_tier": 10, "critical_only": True},
        {"direction": "up", "max_tier": 2, "categories": ["information", "compliance", "money"]},
    ],
    ids=str,
)
def test_dependency_chain_matches_networkx_bfs(industry: Industry, catalog: Catalog, variant: dict[str, Any]) -> None:
    categories = variant.get("categories", INPUTS)
    flows = industry.flows(categories, variant.get("as_of"), variant.get("critical_only", False))
    graph = industry.supply_graph(flows)
    up = variant["direction"] == "up"
    info = industry.companies()
    for company in sample(industry, graph, "in" if up else "out"):
        tier = nx.single_source_shortest_path_length(
            graph.reverse(copy=False) if up else graph, company, cutoff=variant["max_tier"]
        )
        expected = [
            [t, n, info.at[n, "name"], info.at[n, "sector"], info.at[n, "country"], *best_link(graph, n, tier, up)]
            for t, n in sorted((t, n) for n, t in tier.items() if t > 0)
        ]
        expected = [[round(v, 6) if isinstance(v, float) else v for v in row] for row in expected]
        params = {**variant, "company": company, "limit": 1_000_000}
        assert run(industry, catalog, "dependency_chain", **params) == expected, company


def failure_reference(
    industry: Industry, failed: list[str], max_tier: int, cascade: str, as_of: str | None
) -> list[list[Any]]:
    """Who loses what, computed on pandas tables: suppliers per (receiver, category)."""
    flows = industry.flows(INPUTS, as_of)
    supply = flows.groupby(["target", "category", "source"])["value"].sum()
    by_receiver: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for (target, category, source), value in supply.items():
        by_receiver[target][category][source] = value
    customers = flows.groupby("source")["target"].agg(set).to_dict()
    info = industry.companies()
    down, seen, frontier, rows = set(failed), set(failed), set(failed), []
    for level in range(1, max_tier + 1):
        reached = sorted({c for f in frontier for c in customers.get(f, ())} - seen)
        seen.update(reached)
        stopped = set()
        for company in reached:
            for category, sources in sorted(by_receiver[company].items()):
                lost = sorted(s for s in sources if s in down)
                if lost:
                    others = len(sources) - len(lost)
                    value = sum(sources[s] for s in lost)
                    rows.append(
                        [
                            level,
                            company,
                            info.at[company, "name"],
                            info.at[company, "sector"],
                            category,
                            len(lost),
                            round(value, 6),
                            others,
                            others == 0,
                        ]
                    )
                    if not others:
                        stopped.add(company)
        frontier = set(reached) if cascade == "all" else stopped
        down |= frontier
    return rows


@pytest.mark.parametrize(
    "variant",
    [
        {"max_tier": 3, "cascade": "all"},
        {"max_tier": 10, "cascade": "broken"},
        {"max_tier": 2, "cascade": "all", "as_of": "2018-01-01"},
    ],
    ids=str,
)
def test_failure_impact_matches_pandas(industry: Industry, catalog: Catalog, variant: dict[str, Any]) -> None:
    graph = industry.supply_graph(industry.flows(INPUTS))
    suppliers = sample(industry, graph, "out", hubs=3, others=3)
    for failed in [[s] for s in suppliers] + [suppliers[:2], suppliers[3:]]:
        expected = failure_reference(industry, failed, variant["max_tier"], variant["cascade"], variant.get("as_of"))
        params = {**variant, "companies": failed, "limit": 1_000_000}
        assert run(industry, catalog, "failure_impact", **params) == expected, failed
