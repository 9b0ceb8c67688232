"""merger_network_effect: by hand on a small graph, and against networkx on generated industries."""

from __future__ import annotations

import random
from typing import Any

import networkx as nx
import pandas as pd
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python  # scipy's needs scipy

from service.engines import Engine
from service.errors import InvalidParameter
from service.ingest.schema import CATEGORIES
from service.queries import Catalog
from tests.test_dependency import run
from tests.utils.graphs import merging_network
from tests.utils.industry import INPUTS, Industry, rounded
from tests.utils.industry import run as run_industry

# merging_network, a acquiring t, money left out (v's 50 to w is not in the graph).
# Before: a alone; after: a and t as one company, a's id (a -> t, information 3, in-house).
MERGER = [
    ("companies", None, 11, 10, -1, None, None),  # t leaves
    # Tier 1 {t, u}, 2 {v, w}, 3 {y}; after: 1 {u, v}, 2 {w, y}, 3 {z}.
    ("reach_downstream", None, 5, 5, 0, None, None),
    # {s, r}; after, q (t's supplier) too.
    ("reach_upstream", None, 2, 3, 1, None, None),
    ("customers", None, 2, 2, 0, None, None),  # {t, u}; {u, v}
    ("suppliers", None, 2, 3, 1, None, None),  # {s, r}; {s, r, q}
    ("value_out", None, 23, 33, 10, None, None),  # 20 + 3; 20 + 5 + 8
    ("value_in", None, 11, 18, 7, None, None),  # 10 + 1; 10 + 4 + 2 + 1 + 1
    # In and out: a 34 < u 26 + 20 = 46; after 18 + 33 = 51 > 46.
    ("value_rank", None, 2, 1, -1, None, None),
    # networkx's PageRank (pure Python, tolerance 1e-13) of the 14 pairs and lone; then with
    # t contracted into a: before w z u t y v rank above a; after z and w only.
    ("pagerank", None, 0.065579, 0.137667, 0.072088, None, None),
    ("pagerank_rank", None, 7, 3, -4, None, None),
    # u got product from a and t (its choice falls to one); v gets service from t alone.
    ("sole_sourced", "product", 0, 1, 1, ["u"], []),
    ("sole_sourced", "service", 1, 1, 0, [], []),
    ("sole_sourced", None, 1, 2, 1, ["u"], []),
    # Before: s alone supplies a, t (product), u, w (data); r alone supplies a and t
    # (knowledge). After: s supplies the entity, u, w; r the entity only (1 < 2); the
    # entity alone supplies u (product) and v (service).
    ("single_points_of_failure", None, 2, 2, 0, ["a"], ["r"]),
]


def rows(engine: Engine, catalog: Catalog, **params: Any) -> list[tuple[Any, ...]]:
    return [
        tuple(round(v, 6) if isinstance(v, float) else v for v in row)
        for row in run(engine, catalog, "merger_network_effect", **params)
    ]


def test_merger_network_effect_compares_the_acquirer_with_the_combined_entity(engine: Engine, catalog: Catalog) -> None:
    merging_network(engine)
    assert rows(engine, catalog, acquirer="a", targets="t") == MERGER
    # The acquirer named among the targets, or twice, changes nothing.
    assert rows(engine, catalog, acquirer="a", targets="t,a,t") == MERGER


def test_merger_network_effect_counts_tiers_and_categories_as_asked(engine: Engine, catalog: Catalog) -> None:
    merging_network(engine)
    found = rows(engine, catalog, acquirer="a", targets="t", tiers=1, categories="product,money")
    expected = [
        ("companies", None, 11, 10, -1, None, None),
        ("reach_downstream", None, 1, 1, 0, None, None),  # {u}; {u}: t's is the same u
        ("reach_upstream", None, 1, 1, 0, None, None),  # {s}; {s}
        ("customers", None, 1, 1, 0, None, None),
        ("suppliers", None, 1, 1, 0, None, None),
        ("value_out", None, 20, 25, 5, None, None),  # 20; 20 + 5
        ("value_in", None, 10, 14, 4, None, None),  # 10; 10 + 4
        # u 20 + 5 + 20 = 45, v 50 + 2 = 52 and w 20 + 50 = 70 rank above a's 30
        # and above the entity's 39.
        ("value_rank", None, 4, 4, 0, None, None),
        *found[8:10],  # PageRank: the generated industries check it against networkx
        # u got product from a and t; its choice falls to one.
        ("sole_sourced", "product", 0, 1, 1, ["u"], []),
        ("sole_sourced", None, 0, 1, 1, ["u"], []),
        # s alone supplies a and t product (2); after, the entity only; the entity alone
        # supplies u only; v alone supplies w (money) and y (product) before and after.
        ("single_points_of_failure", None, 2, 1, -1, [], ["s"]),
    ]
    assert found == expected


def test_merger_network_effect_needs_a_target_other_than_the_acquirer(engine: Engine, catalog: Catalog) -> None:
    merging_network(engine)
    with pytest.raises(InvalidParameter) as raised:
        run(engine, catalog, "merger_network_effect", acquirer="a", targets="a")
    assert raised.value.parameter == "targets"


def reference(industry: Industry, acquirer: str, targets: list[str], params: dict[str, Any]) -> list[list[Any]]:
    """The module's rows computed here: networkx on the company graph and on the graph with
    the targets contracted into the acquirer, pandas for values and sole supply."""
    flows = industry.flows(params["categories"], params.get("as_of"))
    flows = flows[flows.source != flows.target].assign(value=lambda f: f.value.fillna(0.0))
    parties = [acquirer, *targets]
    merged = flows.assign(source=flows.source.replace(dict.fromkeys(targets, acquirer)))
    merged = merged.assign(target=merged.target.replace(dict.fromkeys(targets, acquirer)))
    merged = merged[merged.source != merged.target]
    before = nx.DiGraph()
    before.add_nodes_from(industry.tables["company"]["id"])
    before.add_edges_from(zip(flows.source, flows.target, strict=True))
    after = before
    for target in targets:
        after = nx.contracted_nodes(after, acquirer, target, self_loops=False)
    rows: list[list[Any]] = [["companies", None, len(before), len(after)]]
    figures = [figures_of(graph, f, acquirer, params["tiers"]) for graph, f in ((before, flows), (after, merged))]
    rows += [[name, None, figures[0][name], figures[1][name]] for name in figures[0]]
    sole = [sole_groups(flows), sole_groups(merged)]
    had = sole[0][sole[0].source.isin(parties) & ~sole[0].target.isin(parties)]
    has = sole[1][sole[1].source.eq(acquirer) & ~sole[1].target.isin(parties)]
    by_category = []
    for category in [c for c in CATEGORIES if c in params["categories"]]:
        was, now = (set(g.target[g.category == category]) for g in (had, has))
        if was or now:
            by_category.append(["sole_sourced", category, len(was), len(now), sorted(now - was), sorted(was - now)])
    gained = sorted({c for r in by_category for c in r[4]})
    lost = sorted({c for r in by_category for c in r[5]})
    rows += [*by_category, ["sole_sourced", None, len(had), len(has), gained, lost]]
    spofs = [
        set(k for k, n in g.groupby("source").target.nunique().items() if n >= params["min_receivers"]) for g in sole
    ]
    rows.append(
        ["single_points_of_failure", None, *map(len, spofs), sorted(spofs[1] - spofs[0]), sorted(spofs[0] - spofs[1])]
    )
    return [[*r[:4], None if r[0] == "pagerank_rank" else r[3] - r[2], *(r[4:] or [None, None])] for r in rows]


def figures_of(graph: nx.DiGraph, flows: pd.DataFrame, node: str, tiers: int) -> dict[str, Any]:
    totals = flows.groupby("source").value.sum().add(flows.groupby("target").value.sum(), fill_value=0.0)
    totals = totals.reindex(list(graph.nodes), fill_value=0.0)
    scores = _pagerank_python(graph, tol=1e-13, max_iter=1000)
    return {
        "reach_downstream": len(nx.single_source_shortest_path_length(graph, node, cutoff=tiers)) - 1,
        "reach_upstream": len(nx.single_source_shortest_path_length(graph.reverse(copy=False), node, cutoff=tiers)) - 1,
        "customers": graph.out_degree(node),
        "suppliers": graph.in_degree(node),
        "value_out": flows.value[flows.source == node].sum(),
        "value_in": flows.value[flows.target == node].sum(),
        "value_rank": 1 + int((totals > totals[node] * (1 + 1e-9)).sum()),  # sums in another order tie
        "pagerank": scores[node],
        # Scores within a millionth may rank either way: the module's and this are computed apart.
        "pagerank_rank": (
            1 + sum(s > scores[node] * (1 + 1e-6) for s in scores.values()),
            1 + sum(s > scores[node] * (1 - 1e-6) for s in scores.values()),
        ),
    }


def sole_groups(flows: pd.DataFrame) -> pd.DataFrame:
    """(target, category, source) where one supplier alone delivers the category."""
    groups = flows.groupby(["target", "category"]).source.agg(["nunique", "first"]).reset_index()
    return groups[groups["nunique"] == 1].rename(columns={"first": "source"})[["target", "category", "source"]]


@pytest.mark.parametrize(
    "variant",
    [
        {"tiers": 3, "min_receivers": 2, "categories": INPUTS},
        {"tiers": 2, "min_receivers": 1, "categories": [*INPUTS, "money"], "as_of": "2015-06-30"},
    ],
    ids=str,
)
def test_merger_network_effect_matches_networkx_on_generated_industries(
    industry: Industry, catalog: Catalog, variant: dict[str, Any]
) -> None:
    graph = industry.supply_graph(industry.flows(INPUTS))
    hubs = sorted(graph.nodes, key=lambda n: (-graph.out_degree(n), n))[:3]
    rng = random.Random(industry.seed)
    others = rng.sample(sorted(graph.nodes), 4)
    # Two suppliers that alone supply some company a category: the merger leaves it one.
    flows = industry.flows(variant["categories"], variant.get("as_of"))
    pairs = flows.groupby(["target", "category"]).source.agg(lambda s: sorted(set(s)))
    rival = next(p for p in pairs if len(p) == 2)
    cases = [(hubs[0], hubs[1:]), (hubs[2], others[:1]), (others[1], others[2:]), (rival[0], rival[1:])]
    for acquirer, targets in cases:
        params = {**variant, "acquirer": acquirer, "targets": targets}
        found = run_industry(industry, catalog, "merger_network_effect", **params)
        expected = rounded(reference(industry, acquirer, targets, variant))
        low, high = expected[9][2]
        assert low <= found[9][2] <= high, (acquirer, targets)  # pagerank_rank before
        low, high = expected[9][3]
        assert low <= found[9][3] <= high, (acquirer, targets)
        for at in (2, 3, 4):
            assert found[8][at] == pytest.approx(expected[8][at], rel=1e-5, abs=1e-6)
        assert found[:8] + found[10:] == expected[:8] + expected[10:], (acquirer, targets)
    assert found[-2][5], "the last merger gives some company one supplier less"
    # Before the merger, the single points of failure are single_points_of_failure's.
    asked = {k: variant[k] for k in ("min_receivers", "categories") if k in variant}
    spofs = run_industry(
        industry, catalog, "single_points_of_failure", **asked, as_of=variant.get("as_of"), limit=10000
    )
    assert found[-1][2] == len(spofs) > 0
