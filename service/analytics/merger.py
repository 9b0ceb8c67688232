"""Merger overlap: what two companies share and what each brings, per dimension."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from service.analytics.supply import Filters, Supply, supply_for
from service.engines.base import Result
from service.errors import InvalidParameter
from service.queries.steps import Steps, flow, page

__all__ = ["DIMENSIONS", "dependencies", "holdings", "jaccard", "merger_dependencies", "merger_overlap", "parties_of"]

DIMENSIONS = ("customers", "suppliers", "capabilities", "markets", "ecosystems", "value_streams")
COUNTERPARTS = ("customers", "suppliers")  # the dimensions of companies, weighed for a page only
SIDES = {(True, True): "both", (True, False): "a", (False, True): "b"}
KINDS = ("in_house", "choice_lost", "already_sole")

Held = dict[str, tuple[set[str], set[str]]]  # dimension -> (a's items, b's items)


def parties_of(params: dict[str, Any]) -> list[str]:
    """The acquirer, then each distinct target; at least one target is required."""
    parties = [params["acquirer"], *dict.fromkeys(t for t in params["targets"] if t != params["acquirer"])]
    if len(parties) < 2:
        raise InvalidParameter("targets", "name at least one company other than the acquirer")
    return parties


def merger_dependencies(steps: Steps, params: dict[str, Any], columns: list[str]) -> Result:
    """See cypher/merger_dependencies.cypher."""
    parties = steps.handles(parties_of(params))
    filters = flow(params)
    supply = supply_for(steps)
    customers = set(supply.customers_of(list(parties.values()), filters))
    shown = page(dependencies(supply, parties, customers, filters), params)
    info = steps.companies(sorted({r[1] for r in shown}))
    return Result(columns, [[kind, r, info[r][0], *rest] for kind, r, *rest in shown])


def dependencies(
    supply: Supply, parties: dict[str, Any], customers: Iterable[Any], filters: Filters
) -> list[list[Any]]:
    """Rows (kind, receiver, category, suppliers, value), in the module's order: supply among
    ``parties`` (their node handles by id), and which of the parties' ``customers`` (node
    handles) get a category from parties alone."""
    in_house: dict[tuple[str, str, str], float] = defaultdict(float)
    for supplier, receiver, category, value in supply.steps.flows(
        [(s, r) for s in parties for r in parties if s != r], **filters
    ):
        in_house[receiver, category, supplier] += value or 0.0
    rows: list[list[Any]] = [["in_house", r, c, [s], value] for (r, c, s), value in in_house.items()]
    receivers = sorted(set(customers).difference(parties.values()))
    for receiver, category, suppliers, value in supply.sourced_only_by(receivers, parties, filters):
        kind = "choice_lost" if len(suppliers) > 1 else "already_sole"
        rows.append([kind, receiver, category, sorted(suppliers), value])
    rows.sort(key=lambda r: (KINDS.index(r[0]), r[1], r[2], r[3]))
    return rows


def holdings(steps: Steps, a: str, b: str, as_of: str | None) -> tuple[Held, list[list[Any]]]:
    """Per dimension, the items a holds and those b holds (the parties are not items of
    each other); and the ``party_items`` rows of the small dimensions. Customers and
    suppliers come as ids only: two hubs hold tens of thousands, and only a page of them
    needs a name and weights."""
    held: Held = {d: (set(), set()) for d in DIMENSIONS}
    side = {a: 0, b: 1}
    for party, dimension, items in steps.rows("party_counterparts", [a, b], per_call=1, as_of=as_of):
        held[dimension][side[party]].update(items)
    small = steps.run("party_items", ids=[a, b], as_of=as_of).rows
    for party, dimension, item, *_rest in small:
        held[dimension][side[party]].add(item)
    for dimension in COUNTERPARTS:
        for items in held[dimension]:
            items.difference_update((a, b))
    return held, small


def jaccard(mine: set[str], theirs: set[str]) -> float | None:
    """Items both hold over items either holds."""
    either = len(mine | theirs)
    return len(mine & theirs) / either if either else None


def merger_overlap(steps: Steps, params: dict[str, Any], columns: list[str]) -> Result:
    """See cypher/merger_overlap.cypher. Each dimension is counted from ids; names and
    weights are looked up for the page's items only."""
    a, b, as_of = params["a"], params["b"], params["as_of"]
    if a == b:
        raise InvalidParameter("b", "must differ from a")
    held, small = holdings(steps, a, b, as_of)
    index = {d: jaccard(*items) for d, items in held.items()}
    wanted = {"all": ("both", "a", "b"), "shared": ("both",), "complementary": ("a", "b")}[params["only"]]

    def chosen() -> Iterator[tuple[str, str, str]]:
        for dimension, (of_a, of_b) in held.items():  # in DIMENSIONS order
            for item in sorted(of_a | of_b):
                side = SIDES[item in of_a, item in of_b]
                if side in wanted:
                    yield dimension, item, side

    start = params["offset"]
    shown = list(islice(chosen(), start, start + params["limit"]))
    names, weights = _details(steps, a, b, as_of, shown, small)
    stages = {(dimension, item): stage for _party, dimension, item, _name, _weight, stage in small}
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
    steps: Steps, a: str, b: str, as_of: str | None, shown: list[tuple[str, str, str]], small: list[list[Any]]
) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str, str], float | None]]:
    """Names by (dimension, item) and weights by (dimension, item, party) of the rows shown."""
    wanted = {d: [item for dimension, item, _ in shown if dimension == d] for d in COUNTERPARTS}
    rows = list(small)
    if wanted["customers"] or wanted["suppliers"]:
        rows += steps.run("counterpart_weights", ids=[a, b], as_of=as_of, **wanted).rows
    names, weights = {}, {}
    for party, dimension, item, name, weight, *_stage in rows:
        names[dimension, item] = name
        weights[dimension, item, party] = weight
    return names, weights
