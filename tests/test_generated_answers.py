"""Every ecosystem question on generated industries (several seeds, 2,000 companies each),
against the same answer computed here independently with pandas and networkx."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from service.queries import Catalog, run_module
from tests.utils.industry import INPUTS, Industry, rounded, run


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
        {"direction": "upstream", "max_tier": 6},
        {"direction": "downstream", "max_tier": 3},
        {"direction": "upstream", "max_tier": 4, "as_of": "2015-06-30"},
        {"direction": "downstream", "max_tier": 10, "critical_only": True},
        {"direction": "upstream", "max_tier": 2, "categories": ["information", "compliance", "money"]},
    ],
    ids=str,
)
def test_dependency_chain_matches_networkx_bfs(industry: Industry, catalog: Catalog, variant: dict[str, Any]) -> None:
    categories = variant.get("categories", INPUTS)
    flows = industry.flows(categories, variant.get("as_of"), variant.get("critical_only", False))
    graph = industry.supply_graph(flows)
    up = variant["direction"] == "upstream"
    info = industry.companies()
    for company in sample(industry, graph, "in" if up else "out"):
        tier = nx.single_source_shortest_path_length(
            graph.reverse(copy=False) if up else graph, company, cutoff=variant["max_tier"]
        )
        expected = [
            [
                t,
                n,
                info.at[n, "name"],
                info.at[n, "sector"],
                info.at[n, "country"],
                *best_link(graph, n, tier, up),
                1,
                n,
            ]
            for t, n in sorted((t, n) for n, t in tier.items() if t > 0)
        ]
        expected = rounded(expected)
        params = {**variant, "company": company, "limit": 1_000_000}
        assert run(industry, catalog, "dependency_chain", **params) == expected, company
        for limit, offset in ((7, 0), (5, 11), (40, 25)):  # pages that cut tiers, or skip them
            page = {**params, "limit": limit, "offset": offset}
            assert run(industry, catalog, "dependency_chain", **page) == expected[offset : offset + limit], page


def failure_reference(industry: Industry, failed: list[str], mode: str, as_of: str | None) -> list[list[Any]]:
    """Who loses what, computed from the definition rather than round by round: the round a
    company stops delivering (full: it fails, as a fixed point over all companies; all: its
    distance from the failed ones; direct: only the failed ones do), and it fails one round
    after the last supplier of some category stops."""
    flows = industry.flows(INPUTS, as_of)
    supply = flows.groupby(["target", "category", "source"])["value"].sum()
    by_receiver: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for (target, category, source), value in supply.items():
        by_receiver[target][category][source] = value
    seeds = set(failed)

    def fails(stop: dict[str, int], company: str) -> int | None:
        ends = [
            max(stop[s] for s in sources) + 1
            for sources in by_receiver[company].values()
            if stop.keys() >= sources.keys()
        ]
        return min(ends, default=None)

    if mode == "full":
        stop = dict.fromkeys(seeds, 0)
        while True:  # round numbers only fall, from none; at the fixed point they are the cascade's
            found = {c: r for c in by_receiver if c not in seeds and (r := fails(stop, c)) is not None}
            if found == {c: r for c, r in stop.items() if c not in seeds}:
                break
            stop = {**found, **dict.fromkeys(seeds, 0)}
    elif mode == "all":
        graph = industry.supply_graph(flows)
        stop = nx.multi_source_dijkstra_path_length(graph, seeds, weight=lambda *_: 1)
    else:
        stop = dict.fromkeys(seeds, 0)
    info = industry.companies()
    rows = []
    for company in set(by_receiver) - seeds:
        end = fails(stop, company)
        for category, sources in by_receiver[company].items():
            for level in sorted({stop[s] + 1 for s in sources if s in stop}):
                if end is not None and level > end:
                    break
                lost = sorted(s for s in sources if stop.get(s, -1) + 1 == level)
                others = sum(stop.get(s, level) >= level for s in sources)
                value = round(sum(sources[s] for s in lost), 6)
                name, sector = info.at[company, "name"], info.at[company, "sector"]
                row = [level, company, name, sector, category, len(lost), value, others, others == 0]
                rows.append([*row, end is not None, end, lost])
    return sorted(rows, key=lambda r: (r[0], r[1], r[4]))


@pytest.mark.parametrize(
    "variant", [{"mode": "full"}, {"mode": "all"}, {"mode": "direct"}, {"mode": "full", "as_of": "2018-01-01"}], ids=str
)
def test_failure_impact_matches_a_fixed_point(industry: Industry, catalog: Catalog, variant: dict[str, Any]) -> None:
    graph = industry.supply_graph(industry.flows(INPUTS))
    suppliers = sample(industry, graph, "out", hubs=3, others=3)
    later = again = 0  # rows of round 2 or later; companies losing inputs in two rounds: none would prove little
    for failed in [[s] for s in suppliers] + [suppliers[:2], suppliers[3:]]:
        expected = failure_reference(industry, failed, variant["mode"], variant.get("as_of"))
        params = {**variant, "companies": failed, "limit": 1_000_000}
        assert run(industry, catalog, "failure_impact", **params) == expected, failed
        later += sum(r[0] > 1 for r in expected)
        again += sum(n > 1 for n in Counter(r[1] for r in {(r[0], r[1]) for r in expected}).values())
        if variant["mode"] == "full":  # direct: the full cascade's first round, as far as it goes
            first = [r[:9] for r in expected if r[0] == 1]
            direct = run(industry, catalog, "failure_impact", **{**params, "mode": "direct"})
            assert [r[:9] for r in direct] == first, failed
    assert later or variant["mode"] == "direct", "no company beyond round 1"
    assert again or variant not in ({"mode": "full"}, {"mode": "all"}), "no company losing inputs in two rounds"


def between_companies(industry: Industry) -> pd.DataFrame:
    """Every DELIVERS between two different companies, values as numbers."""
    flows = industry.flows()
    return flows[flows.source != flows.target].assign(value=flows.value.fillna(0.0))


@pytest.mark.parametrize("measure", ["degree", "value"])
def test_key_players_match_pandas(industry: Industry, catalog: Catalog, measure: str) -> None:
    flows = between_companies(industry)
    ends = pd.concat(
        [
            flows[["source", "target", "value"]],
            flows.rename(columns={"source": "target", "target": "source"})[["source", "target", "value"]],
        ]
    )
    info = industry.companies()
    stats = pd.DataFrame(
        {"degree": ends.groupby("source")["target"].nunique(), "value": ends.groupby("source")["value"].sum()}
    ).reindex(info.index, fill_value=0)
    stats["sector"] = info["sector"]
    for sector in [None, *sorted(info["sector"].dropna().unique())[:3]]:
        scope = stats if sector is None else stats[stats.sector == sector]
        ranked = scope.rename_axis("company").reset_index().rename(columns={"company": "id"})
        ranked = ranked.sort_values([measure, "id"], ascending=[False, True]).head(50)
        expected = [[r.id, int(r.degree), round(float(r.value), 6)] for r in ranked.itertuples()]
        rows = run(industry, catalog, "key_players", measure=measure, sector=sector, limit=50)
        assert [[r[1], r[4], r[5]] for r in rows] == expected, sector


def test_key_players_pagerank_matches_numpy(industry: Industry, catalog: Catalog) -> None:
    """The engines' PageRank (damping 0.85, no redistribution of dangling mass), by power iteration."""
    flows = between_companies(industry).drop_duplicates(["source", "target"])
    ids = list(industry.companies().index)
    index = {c: i for i, c in enumerate(ids)}
    source = flows.source.map(index).to_numpy()
    target = flows.target.map(index).to_numpy()
    out_degree = np.bincount(source, minlength=len(ids))
    rank = np.full(len(ids), 1 / len(ids))
    for _ in range(200):
        spread = np.bincount(target, weights=rank[source] / out_degree[source], minlength=len(ids))
        rank = 0.15 / len(ids) + 0.85 * spread
    rows = run(industry, catalog, "key_players", measure="pagerank", limit=30)
    scores = np.array([r[6] for r in rows])
    # Scores are on each engine's own scale: compare them relative to the top one.
    assert np.allclose(scores / scores[0], rank[[index[r[1]] for r in rows]] / rank.max(), atol=2e-3)
    assert [r[1] for r in rows[:5]] == [ids[i] for i in np.argsort(-rank, kind="stable")[:5]]


def map_reference(
    flows: pd.DataFrame, seeds: list[str], hops: int, max_nodes: int
) -> tuple[dict[str, int], list[str], bool]:
    """Hop by hop from the seeds, strongest links first, capped: nodes with hops, edge ids, capped."""
    pairs = pd.concat(
        [
            flows[["source", "target", "value"]],
            flows.rename(columns={"source": "target", "target": "source"})[["source", "target", "value"]],
        ]
    )
    around = pairs.groupby("source").apply(lambda g: list(zip(g.target, g.value, strict=True))).to_dict()
    hop = {s: 0 for s in seeds[:max_nodes]}
    capped, frontier = len(seeds) > max_nodes, list(hop)
    for level in range(1, hops + 1):
        if not frontier or capped:
            break
        strength: dict[str, float] = defaultdict(float)
        for node in frontier:
            for other, value in around.get(node, ()):
                if other not in hop:
                    strength[other] += value
        frontier = sorted(strength, key=lambda n: (-strength[n], n))
        if len(frontier) > max_nodes - len(hop):
            capped, frontier = True, frontier[: max_nodes - len(hop)]
        hop.update(dict.fromkeys(frontier, level))
    inside = flows[flows.source.isin(hop) & flows.target.isin(hop)].sort_values(["source", "target", "id"])
    return hop, list(inside.id), capped


@pytest.mark.parametrize(
    "variant",
    [
        {"hops": 1, "max_nodes": 200},
        {"hops": 2, "max_nodes": 150, "natures": ["intangible"]},
        {"hops": 3, "max_nodes": 5000, "categories": ["product", "money"], "as_of": "2016-01-01"},
    ],
    ids=str,
)
def test_ecosystem_map_matches_networkx(industry: Industry, catalog: Catalog, variant: dict[str, Any]) -> None:
    flows = industry.flows(variant.get("categories"), variant.get("as_of"))
    flows = flows[flows.nature.isin(variant.get("natures", ["tangible", "intangible"]))].assign(
        value=flows.value.fillna(0.0)
    )
    graph = industry.supply_graph(flows)
    centers = [(c, "company") for c in sample(industry, graph, "out", hubs=2, others=3)]
    centers += [(industry.tables["member_of"].target.iloc[0], "ecosystem"), ("assembly", "sector")]
    info = industry.companies()
    for center, kind in centers:
        if kind == "company":
            seeds = [center]
        elif kind == "ecosystem":
            members = industry.tables["member_of"]
            seeds = sorted(members[members.target == center].source)
        else:
            seeds = sorted(info.index[info.sector == center])
        hop, edges, capped = map_reference(flows, seeds, variant["hops"], variant["max_nodes"])
        params = {**variant, "center": center, "center_kind": kind}
        result, _ = run_module(industry.engine, catalog, "ecosystem_map", params)
        assert [row[0] for row in result.rows] == edges, center
        assert {row[7] for row in result.rows} <= {capped}
        assert {n["id"]: n["hop"] for n in result.nodes or []} == hop, center


@pytest.mark.parametrize("direction", ["any", "downstream", "upstream"])
def test_connection_paths_match_networkx(industry: Industry, catalog: Catalog, direction: str) -> None:
    flows = industry.flows(INPUTS)
    graph: nx.Graph = industry.supply_graph(flows)
    if direction == "any":
        graph = graph.to_undirected()
    elif direction == "upstream":
        graph = graph.reverse()
    rng = random.Random(industry.seed)
    hubs = sample(industry, industry.supply_graph(flows), "out", hubs=3, others=0)
    companies = sorted(graph.nodes)
    pairs = [(hubs[0], hubs[1]), (hubs[1], hubs[2])] + [tuple(rng.sample(companies, 2)) for _ in range(8)]
    for a, b in pairs:
        try:
            expected = sorted(nx.all_shortest_paths(graph, a, b))
        except nx.NetworkXNoPath:
            expected = []
        if expected and len(expected[0]) - 1 > 4:
            expected = []
        rows = run(industry, catalog, "connection_paths", a=a, b=b, direction=direction, max_hops=4, limit=1000)
        assert [row[2] for row in rows] == expected[:1000], (a, b)
        assert all(row[1] == len(row[2]) - 1 for row in rows)


def test_value_stream_network_matches_networkx(industry: Industry, catalog: Catalog) -> None:
    d = industry.tables["delivers"]
    flows = d[d.source_label.eq("ValueStream") & d.target_label.eq("ValueStream")]
    graph = nx.Graph(list(zip(flows.source, flows.target, strict=True)))
    owner = industry.tables["operates"].groupby("target")["source"].min()
    names = industry.tables["value_stream"].set_index("id")["name"]
    operates = industry.tables["operates"]
    rng = random.Random(industry.seed)
    owners = sorted(operates[operates.target.isin(graph.nodes)].source.unique())
    for start in [{"company": c} for c in rng.sample(owners, 3)] + [
        {"stream": s} for s in rng.sample(sorted(graph.nodes), 3)
    ]:
        seeds = list(operates[operates.source == start["company"]].target) if "company" in start else [start["stream"]]
        for hops in (1, 2):
            near: set[str] = set()
            for seed in seeds:
                if seed in graph:
                    near |= set(nx.single_source_shortest_path_length(graph, seed, cutoff=hops))
            near |= set(seeds)
            inside = flows[flows.source.isin(near) & flows.target.isin(near)].sort_values(["source", "target", "id"])
            expected = [
                [
                    r.id,
                    r.source,
                    names[r.source],
                    owner.get(r.source),
                    r.target,
                    names[r.target],
                    owner.get(r.target),
                    r.deliverable,
                    r.nature,
                    r.category,
                    round(r.value, 6) if r.value == r.value else None,
                ]
                for r in inside.itertuples()
            ]
            assert run(industry, catalog, "value_stream_network", hops=hops, limit=10_000, **start) == expected, start
