"""Merger overlap: what two companies share and what each brings, per dimension."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import NamedTuple

from service.analytics.rows import (
    COUNTERPART_WEIGHTS,
    PARTY_COUNTERPARTS,
    PARTY_ITEMS,
    CounterpartWeight,
    PartyItem,
)
from service.analytics.supply import Supply, supply_for
from service.engines.base import Result
from service.errors import InvalidParameter
from service.queries.rows import Handle
from service.queries.steps import Filters, Steps, flow, page

__all__ = [
    "DIMENSIONS",
    "Dependency",
    "dependencies",
    "holdings",
    "jaccard",
    "merger_dependencies",
    "merger_overlap",
    "parties_of",
]

DIMENSIONS = ("customers", "suppliers", "capabilities", "markets", "ecosystems", "value_streams")
COUNTERPARTS = ("customers", "suppliers")  # the dimensions of companies, weighed for a page only
SIDES = {(True, True): "both", (True, False): "a", (False, True): "b"}
KINDS = ("in_house", "choice_lost", "already_sole")

Held = dict[str, tuple[set[str], set[str]]]  # dimension -> (a's items, b's items)


def parties_of(acquirer: str, targets: list[str]) -> list[str]:
    """The acquirer, then each distinct target; at least one target is required."""
    parties = [acquirer, *dict.fromkeys(t for t in targets if t != acquirer)]
    if len(parties) < 2:
        raise InvalidParameter("targets", "name at least one company other than the acquirer")
    return parties


@dataclass(frozen=True)
class MergerDependenciesParams:
    """The parameters of cypher/merger_dependencies.cypher."""

    acquirer: str
    targets: list[str]
    categories: list[str]
    as_of: str | None
    limit: int
    offset: int


def merger_dependencies(steps: Steps, params: MergerDependenciesParams, columns: list[str]) -> Result:
    """See cypher/merger_dependencies.cypher."""
    supply = supply_for(steps)
    parties = supply.handles(parties_of(params.acquirer, params.targets))
    filters = flow(params.categories, params.as_of)
    customers = set(supply.customers_of(list(parties.values()), filters))
    shown = page(dependencies(supply, parties, customers, filters), params)
    info = steps.companies(sorted({d.receiver for d in shown}))
    return Result(
        columns, [[d.kind, d.receiver, info[d.receiver].name, d.category, d.suppliers, d.value] for d in shown]
    )


class Dependency(NamedTuple):
    """Supply the merger takes in-house, or a receiver's category its parties supply alone."""

    kind: str  # one of KINDS
    receiver: str
    category: str
    suppliers: list[str]
    value: float


def dependencies(
    supply: Supply, parties: dict[str, Handle], customers: Iterable[Handle], filters: Filters
) -> list[Dependency]:
    """In the module's order: supply among ``parties`` (their node handles by id), and which
    of the parties' ``customers`` (node handles) get a category from parties alone."""
    in_house: dict[tuple[str, str, str], float] = defaultdict(float)
    for link in supply.steps.flows([(s, r) for s in parties for r in parties if s != r], **filters):
        in_house[link.target, link.category, link.source] += link.value or 0.0
    rows = [Dependency("in_house", r, c, [s], value) for (r, c, s), value in in_house.items()]
    receivers = sorted(set(customers).difference(parties.values()))
    for sole in supply.sourced_only_by(receivers, parties, filters):
        kind = "choice_lost" if len(sole.suppliers) > 1 else "already_sole"
        rows.append(Dependency(kind, sole.receiver, sole.category, sorted(sole.suppliers), sole.value))
    rows.sort(key=lambda d: (KINDS.index(d.kind), d.receiver, d.category, d.suppliers))
    return rows


def holdings(steps: Steps, a: str, b: str, as_of: str | None) -> tuple[Held, list[PartyItem]]:
    """Per dimension, the items a holds and those b holds (the parties are not items of
    each other); and the ``party_items`` rows of the small dimensions. Customers and
    suppliers come as ids only: two hubs hold tens of thousands, and only a page of them
    needs a name and weights."""
    held: Held = {d: (set(), set()) for d in DIMENSIONS}
    side = {a: 0, b: 1}
    for counterparts in steps.rows(PARTY_COUNTERPARTS, [a, b], per_call=1, as_of=as_of):
        held[counterparts.dimension][side[counterparts.party]].update(counterparts.items)
    small = steps.run(PARTY_ITEMS, ids=[a, b], as_of=as_of)
    for row in small:
        held[row.dimension][side[row.party]].add(row.item)
    for dimension in COUNTERPARTS:
        for items in held[dimension]:
            items.difference_update((a, b))
    return held, small


def jaccard(mine: set[str], theirs: set[str]) -> float | None:
    """Items both hold over items either holds."""
    either = len(mine | theirs)
    return len(mine & theirs) / either if either else None


@dataclass(frozen=True)
class MergerOverlapParams:
    """The parameters of cypher/merger_overlap.cypher."""

    a: str
    b: str
    as_of: str | None
    only: str
    limit: int
    offset: int


def merger_overlap(steps: Steps, params: MergerOverlapParams, columns: list[str]) -> Result:
    """See cypher/merger_overlap.cypher. Each dimension is counted from ids; names and
    weights are looked up for the page's items only."""
    a, b, as_of = params.a, params.b, params.as_of
    if a == b:
        raise InvalidParameter("b", "must differ from a")
    held, small = holdings(steps, a, b, as_of)
    index = {d: jaccard(*items) for d, items in held.items()}
    wanted = {"all": ("both", "a", "b"), "shared": ("both",), "complementary": ("a", "b")}[params.only]

    def chosen() -> Iterator[tuple[str, str, str]]:
        for dimension, (of_a, of_b) in held.items():  # in DIMENSIONS order
            for item in sorted(of_a | of_b):
                side = SIDES[item in of_a, item in of_b]
                if side in wanted:
                    yield dimension, item, side

    start = params.offset
    shown = list(islice(chosen(), start, start + params.limit))
    names, weights = _details(steps, a, b, as_of, shown, small)
    stages = {(row.dimension, row.item): row.stage for row in small}
    return Result(
        columns,
        [
            [
                dimension,
                item,
                names[dimension, item],
                side,
                *(weights.get((dimension, item, p)) for p in (a, b)),
                index[dimension],
                stages.get((dimension, item)),
            ]
            for dimension, item, side in shown
        ],
    )


def _details(
    steps: Steps, a: str, b: str, as_of: str | None, shown: list[tuple[str, str, str]], small: list[PartyItem]
) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str, str], float | None]]:
    """Names by (dimension, item) and weights by (dimension, item, party) of the rows shown."""
    wanted = {d: [item for dimension, item, _ in shown if dimension == d] for d in COUNTERPARTS}
    counted = wanted["customers"] or wanted["suppliers"]
    more = steps.run(COUNTERPART_WEIGHTS, ids=[a, b], as_of=as_of, **wanted) if counted else []
    names, weights = {}, {}
    rows: list[PartyItem | CounterpartWeight] = [*small, *more]
    for row in rows:
        names[row.dimension, row.item] = row.name
        weights[row.dimension, row.item, row.party] = row.weight
    return names, weights
