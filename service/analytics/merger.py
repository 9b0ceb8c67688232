"""Merger overlap: what two companies share and what each brings, per dimension."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from service.analytics.steps import Steps, flow, page
from service.engines.base import Result
from service.errors import InvalidParameter

__all__ = ["DIMENSIONS", "dependencies", "merger_dependencies", "merger_overlap", "parties_of"]

DIMENSIONS = ("customers", "suppliers", "capabilities", "markets", "ecosystems", "value_streams")
SIDES = {(True, True): "both", (True, False): "a", (False, True): "b"}
KINDS = ("in_house", "choice_lost", "already_sole")


def parties_of(params: dict[str, Any]) -> list[str]:
    """The acquirer, then each distinct target; at least one target is required."""
    parties = [params["acquirer"], *dict.fromkeys(t for t in params["targets"] if t != params["acquirer"])]
    if len(parties) < 2:
        raise InvalidParameter("targets", "name at least one company other than the acquirer")
    return parties


def merger_dependencies(steps: Steps, params: dict[str, Any], columns: list[str]) -> Result:
    """See cypher/merger_dependencies.cypher."""
    parties = parties_of(params)
    filters = flow(params)
    customers = {row[0] for row in steps.rows("customers_of", parties, **filters)}
    shown = page(dependencies(steps, parties, customers, filters), params)
    info = steps.companies(sorted({r[1] for r in shown}))
    return Result(columns, [[kind, r, info[r][0], *rest] for kind, r, *rest in shown])


def dependencies(
    steps: Steps, parties: list[str], customers: Iterable[str], filters: dict[str, Any]
) -> list[list[Any]]:
    """Rows (kind, receiver, category, suppliers, value), in the module's order: supply among
    ``parties``, and which of the parties' ``customers`` get a category from parties alone."""
    among = set(parties)
    in_house: dict[tuple[str, str, str], float] = defaultdict(float)
    for supplier, receiver, category, value in steps.rows("supply_out", parties, **filters):
        if receiver in among:
            in_house[receiver, category, supplier] += value or 0.0
    rows: list[list[Any]] = [["in_house", r, c, [s], value] for (r, c, s), value in in_house.items()]
    receivers = sorted(set(customers) - among)
    for receiver, category, suppliers, value in steps.rows("sourced_only_by", receivers, parties=parties, **filters):
        kind = "choice_lost" if len(suppliers) > 1 else "already_sole"
        rows.append([kind, receiver, category, sorted(suppliers), value])
    rows.sort(key=lambda r: (KINDS.index(r[0]), r[1], r[2], r[3]))
    return rows


def merger_overlap(steps: Steps, params: dict[str, Any], columns: list[str]) -> Result:
    """See cypher/merger_overlap.cypher.

    Two hubs hold tens of thousands of items: each dimension is counted in one pass, and
    rows are built for the page only.
    """
    a, b = params["a"], params["b"]
    if a == b:
        raise InvalidParameter("b", "must differ from a")
    held: dict[str, dict[str, dict[str, Any]]] = {d: defaultdict(dict) for d in DIMENSIONS}  # item -> party -> weight
    names: dict[tuple[str, str], str] = {}
    for party, dimension, item, name, weight in steps.run("party_items", ids=[a, b], as_of=params["as_of"]).rows:
        held[dimension][item][party] = weight
        names[dimension, item] = name
    jaccard = {
        d: sum(len(sides) == 2 for sides in items.values()) / len(items) if items else None for d, items in held.items()
    }
    wanted = {"all": ("both", "a", "b"), "shared": ("both",), "complementary": ("a", "b")}[params["only"]]

    def rows() -> Iterator[list[Any]]:
        for dimension, items in held.items():  # in DIMENSIONS order
            for item in sorted(items):
                sides = items[item]
                side = SIDES[a in sides, b in sides]
                if side in wanted:
                    yield [
                        dimension,
                        item,
                        names[dimension, item],
                        side,
                        sides.get(a),
                        sides.get(b),
                        jaccard[dimension],
                    ]

    start = params["offset"]
    return Result(columns, list(islice(rows(), start, start + params["limit"])))
