"""Value network analysis of a scope over the supply index's arrays (``MemorySupply``): the
rows of ``exchange_indicators`` and ``exchange_analysis`` as their headers define them, and
as their steps (``cypher/steps/scope_indicators.cypher``, ``scope_exchanges.cypher``) give
them where no index is held.

What this buys: a sector's indicators at 1M companies read about 1.6M deliverables, whose
properties the engines read one by one (81 s on FalkorDB); here they are masks, sorts and
sums over arrays. The scope's companies come from ``CompanyFacts`` (in id order); their
deliverables from the index's offsets, both ways.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from service.analytics.rows import Exchange, Indicator
from service.analytics.supply_index import CODES, Ints, SupplyIndex, distinct, ranges
from service.ingest.schema import CATEGORIES

__all__ = ["Cells", "Exchange", "Indicator", "Labels", "company_cells", "exchanges", "indicators", "sector_cells"]

MONEY = CODES["money"]
#: Categories by name (the answers' order): the code of each, and each code's place.
BY_NAME = sorted(range(len(CATEGORIES)), key=CATEGORIES.__getitem__)
NAME_RANK = np.argsort(BY_NAME).astype(np.int64)
NATURES = ("intangible", "tangible")  # by name; an intangible deliverable's nature key is 0
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


class Cells(NamedTuple):
    """exchange_analysis's rows as arrays, ordered by node, counterpart, nature, category:
    node and counterpart as positions (company zoom) or sector codes (sector zoom); the
    figures of the pair each row belongs to on each of its rows."""

    node: Ints
    counterpart: Ints
    intangible: Bools
    category: Ints
    value_out: Floats
    value_in: Floats
    deliverables_out: Ints
    deliverables_in: Ints
    internal: Bools  # the pair is a sector with itself
    pair_out: Ints  # the pair's deliverables each way
    pair_in: Ints
    balance: Floats
    pair_value: Floats  # both ways
    pair_intangible: Floats  # both ways


def indicators(index: SupplyIndex, members: Ints, as_of: str | None) -> list[Indicator]:
    """exchange_indicators of the scope whose companies are ``members`` (positions)."""
    bound = len(index.out_offsets) - 1
    inside = np.zeros(bound, dtype=np.bool_)
    inside[members] = True
    given, received = _touching(index, members)
    edges = index.running(np.concatenate([given, received[~inside[index.source[received]]]]), as_of)
    if not len(edges):
        return []
    source, target = index.source[edges], index.target[edges]
    category = index.category[edges].astype(np.int64)
    pair = np.minimum(source, target) * bound + np.maximum(source, target)
    # (pair, category) groups, and the pairs they make up.
    order = np.argsort(pair * len(CATEGORIES) + category)
    pair, category, source, target = pair[order], category[order], source[order], target[order]
    forward = (source < target).astype(np.int64)
    edges = edges[order]
    value, intangible = index.value[edges], index.intangible[edges]
    cells = _firsts(pair * len(CATEGORIES) + category)
    new_pair = np.r_[True, pair[1:] != pair[:-1]]
    pairs = np.flatnonzero(new_pair)
    flows, forwards = np.diff(np.r_[pairs, len(pair)]), np.add.reduceat(forward, pairs)
    reciprocal = (forwards > 0) & (forwards < flows)
    depends = np.logical_or.reduceat(category != MONEY, pairs)
    cell_pair = np.cumsum(new_pair)[cells] - 1
    cell_category = category[cells]
    supplied = _supplied(source, category, value, bound)
    rows = []
    for code in sorted(set(cell_category.tolist()), key=CATEGORIES.__getitem__):
        mine, here = cell_category == code, category == code
        two_ways = reciprocal[cell_pair[mine]]
        rows.append(
            _indicator(
                CATEGORIES[code],
                value[here],
                intangible[here],
                int(mine.sum()),
                int(two_ways.sum()),
                int((~two_ways).sum()) if code != MONEY else 0,
                supplied[code],
            )
        )
    one_way = int((~reciprocal & depends).sum())
    rows.append(
        _indicator("all", value, intangible, len(pairs), int(reciprocal.sum()), one_way, supplied[len(CATEGORIES)])
    )
    return rows


def _indicator(
    category: str, value: Floats, intangible: Bools, pairs: int, reciprocal: int, one_way: int, supplied: Floats
) -> Indicator:
    """The row of a category's deliverables' ``value`` (``intangible`` their nature), its
    pairs and the value each supplier of it delivered."""
    total = float(value.sum())
    return Indicator(
        category=category,
        flows=len(value),
        value=total,
        intangible_share=float(value[intangible].sum()) / total if total > 0 else None,
        pairs=pairs,
        reciprocal_pairs=reciprocal,
        reciprocity=reciprocal / pairs,
        one_way_dependencies=one_way,
        suppliers=len(supplied),
        supplier_hhi=float(((100.0 * supplied / total) ** 2).sum()) if total > 0 else None,
    )


def _supplied(source: Ints, category: Ints, value: Floats, bound: int) -> list[Floats]:
    """By category code, and last over every category: the value each supplier delivered
    (one entry per supplier of at least one deliverable)."""
    order = np.argsort(source * len(CATEGORIES) + category)
    source, category, value = source[order], category[order], value[order]
    cells = _firsts(source * len(CATEGORIES) + category)
    sums, of = np.add.reduceat(value, cells), category[cells]
    by_category = [sums[of == code] for code in range(len(CATEGORIES))]
    return [*by_category, np.add.reduceat(value, _firsts(source))]


def sector_cells(index: SupplyIndex, members: Ints, as_of: str | None) -> tuple[Cells, list[str]]:
    """exchange_analysis at sector zoom: the cells, and the sectors' names by code (a
    company with no sector in sector "")."""
    facts = index.companies
    names = facts.sectors if "" in facts.sectors else [*facts.sectors, ""]
    edges, node, counterpart, out = _seen(index, members, as_of)
    sectors = np.r_[np.arange(len(facts.sectors)), names.index("")]  # by code, from -1 last
    node, counterpart = sectors[facts.sector[node]], sectors[facts.sector[counterpart]]
    # Few sectors: a count and a sum per (node, counterpart, nature, category, way), in the answer's order.
    size = (len(names), len(names), 2, len(CATEGORIES), 2)
    by_name = np.argsort(names)
    key = np.ravel_multi_index(
        (
            np.argsort(by_name)[node],
            np.argsort(by_name)[counterpart],
            (~index.intangible[edges]).astype(np.int64),
            NAME_RANK[index.category[edges]],
            (~out).astype(np.int64),
        ),
        size,
    )
    counts = np.bincount(key, minlength=int(np.prod(size))).reshape(-1, 2)
    sums = np.bincount(key, index.value[edges], int(np.prod(size))).astype(np.float64).reshape(-1, 2)
    cells = np.flatnonzero(counts.sum(axis=1))
    n, c, nature, category = np.unravel_index(cells, size[:4])
    return _cells(
        by_name[n], by_name[c], nature == 0, np.asarray(BY_NAME)[category], sums[cells], counts[cells], n == c
    ), names


def company_cells(index: SupplyIndex, members: Ints, as_of: str | None, wanted: int) -> Cells:
    """exchange_analysis at company zoom: the first cells in order, at least ``wanted`` (all
    there are if fewer). Each node with a deliverable has a cell with each counterpart, so
    only the first ``wanted`` such nodes in id order are read (members: in id order)."""
    read, chunk, nodes = 0, max(wanted, 1), 0
    parts: list[tuple[Ints, Ints, Ints, Bools]] = []
    while read < len(members) and nodes < wanted:
        parts.append(_seen(index, members[read : read + chunk], as_of))
        nodes += len(distinct(parts[-1][1]))
        read, chunk = read + chunk, chunk * 2
    edges, node, counterpart = (np.concatenate([p[i] for p in parts]) if parts else members[:0] for i in range(3))
    out = np.concatenate([p[3] for p in parts]) if parts else np.empty(0, dtype=np.bool_)
    rank, bound = index.companies.rank, len(index.companies.rank)
    nature = (~index.intangible[edges]).astype(np.int64)
    category = NAME_RANK[index.category[edges]]
    key = ((rank[node] * bound + rank[counterpart]) * 2 + nature) * len(CATEGORIES) + category
    order = np.argsort(key)
    firsts = _firsts(key[order])
    value, out = index.value[edges][order], out[order]
    ways = np.stack([np.where(out, value, 0.0), np.where(out, 0.0, value)], axis=1)
    at = order[firsts]
    return _cells(
        node[at],
        counterpart[at],
        nature[at] == 0,
        np.asarray(BY_NAME)[category[at]],
        _sums(ways, firsts),
        _sums(np.stack([out, ~out], axis=1).astype(np.int64), firsts),
        np.zeros(len(at), dtype=np.bool_),
    )


def _cells(
    node: Ints, counterpart: Ints, intangible: Bools, category: Ints, sums: Floats, counts: Ints, internal: Bools
) -> Cells:
    """The cells of (node, counterpart, nature, category) in the answer's order, with the
    value and deliverables each way (columns: out, in), and whether each is a node with
    itself: the exchange, balance and intangible share of each pair, on each of its cells."""
    starts = _firsts(node * (counterpart.max(initial=0) + 1) + counterpart)
    lengths = np.diff(np.r_[starts, len(node)])
    value = np.repeat(_sums(sums, starts), lengths, axis=0)  # the pair's, on each of its cells
    deliverables = np.repeat(_sums(counts, starts), lengths, axis=0)
    return Cells(
        node=node,
        counterpart=counterpart,
        intangible=intangible,
        category=category,
        value_out=sums[:, 0],
        value_in=sums[:, 1],
        deliverables_out=counts[:, 0],
        deliverables_in=counts[:, 1],
        internal=internal,
        pair_out=deliverables[:, 0],
        pair_in=deliverables[:, 1],
        balance=value[:, 1] - value[:, 0],
        pair_value=value.sum(axis=1),
        pair_intangible=np.repeat(_sums(sums.sum(axis=1) * intangible, starts), lengths),
    )


def _sums(values: npt.NDArray[Any], firsts: Ints) -> npt.NDArray[Any]:
    """The sums of ``values`` (along the first axis) over the runs starting at ``firsts``."""
    return np.add.reduceat(values, firsts, axis=0) if len(firsts) else values[:0]


def _seen(index: SupplyIndex, members: Ints, as_of: str | None) -> tuple[Ints, Ints, Ints, Bools]:
    """The deliverables of the ``members`` running on ``as_of``, each as a member sees it:
    (deliverable, the member, the other company, whether the member delivers it); one
    between two members is seen by both."""
    given, received = (index.running(edges, as_of) for edges in _touching(index, members))
    return (
        np.concatenate([given, received]),
        np.concatenate([index.source[given], index.target[received]]),
        np.concatenate([index.target[given], index.source[received]]),
        np.arange(len(given) + len(received)) < len(given),
    )


def _touching(index: SupplyIndex, members: Ints) -> tuple[Ints, Ints]:
    """The deliverables the ``members`` deliver, and those they receive (but those of a
    company to itself)."""
    given = ranges(index.out_offsets, members)
    received = index.in_order[ranges(index.in_offsets, members)]
    return (
        given[index.source[given] != index.target[given]],
        received[index.source[received] != index.target[received]],
    )


def _firsts(ordered: Ints) -> Ints:
    """Where each run of equal values starts in ``ordered``."""
    return np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(ordered) else ordered


#: What names the nodes of a page: (id, name) of each of them.
Labels = Callable[[Ints], list[tuple[str, str]]]


def exchanges(cells: Cells, labels: Labels, offset: int, limit: int) -> list[Exchange]:
    """The page of rows ``offset`` and ``limit`` ask for, its nodes and counterparts named
    by ``labels``."""
    page = slice(offset, offset + limit)
    nodes, counterparts = labels(cells.node[page]), labels(cells.counterpart[page])
    columns = zip(
        nodes,
        counterparts,
        cells.intangible[page].tolist(),
        cells.category[page].tolist(),
        cells.value_out[page].tolist(),
        cells.value_in[page].tolist(),
        cells.deliverables_out[page].tolist(),
        cells.deliverables_in[page].tolist(),
        cells.internal[page].tolist(),
        cells.pair_out[page].tolist(),
        cells.pair_in[page].tolist(),
        cells.balance[page].tolist(),
        cells.pair_value[page].tolist(),
        cells.pair_intangible[page].tolist(),
        strict=True,
    )
    return [
        Exchange(
            node,
            node_name,
            other,
            other_name,
            NATURES[not soft],
            CATEGORIES[code],
            value_out,
            value_in,
            deliverables_out,
            deliverables_in,
            "internal" if internal else "reciprocal" if outs and ins else "given" if outs else "received",
            balance,
            intangible / value if value > 0 else None,
        )
        for (
            (node, node_name),
            (other, other_name),
            soft,
            code,
            value_out,
            value_in,
            deliverables_out,
            deliverables_in,
            internal,
            outs,
            ins,
            balance,
            value,
            intangible,
        ) in columns
    ]
