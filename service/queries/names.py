"""Companies named by id or by exact name: the ids a module's company parameters stand for.

A value is a company's id; else, if exactly one company has it as its name, that company.
Anything else is ``EntityNotFound`` with the closest companies: those whose name or id
contains the value (or, failing that, its longest word) whatever the case, shortest names
first, as the catalog's ``closest`` finds them (``service.analytics.name_index``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from service.errors import EntityNotFound
from service.queries.steps import Steps

__all__ = ["CLOSEST", "company_ids"]

#: Companies suggested when a value names none.
CLOSEST = 5

#: The companies whose id or name is one of the values: one read for all of a question's
#: company parameters (on Neo4j a read is a round trip of 2 to 6 ms).
BY_ID_OR_NAME = (
    "MATCH (n:Company) WHERE n.id IN $values RETURN n.id AS id, null AS name "
    "UNION ALL "
    "MATCH (n:Company) WHERE n.name IN $values RETURN n.id AS id, n.name AS name"
)


def company_ids(steps: Steps, given: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The id of the company each value names, in order, for each parameter of ``given``
    (its values by parameter name); ``EntityNotFound`` names the first parameter, in the
    order of ``given``, with a value that names no company or several."""
    values = sorted({value for named in given.values() for value in named})
    known = steps.catalog.held_ids(steps, values) if steps.catalog.held_ids else None
    if known is not None and known.issuperset(values):  # all ids, known with no engine call
        return {parameter: list(named) for parameter, named in given.items()}
    ids: set[str] = set()
    holders: dict[str, list[str]] = {}
    if values:
        for found, name in steps.question.read(BY_ID_OR_NAME, {"values": values}).rows:
            if name is None:
                ids.add(found)
            else:
                holders.setdefault(name, []).append(found)
    for holding in holders.values():
        holding.sort()  # code point order, as both engines sort
    for parameter, named in given.items():
        missing = [value for value in named if value not in ids and len(holders.get(value, [])) != 1]
        if missing:
            first = missing[0]
            if first in holders:  # a name several companies have
                shared = [(holder, first) for holder in holders[first][:CLOSEST]]
                raise EntityNotFound(parameter, "Company", [first], closest=shared, names=True, shared=True)
            raise EntityNotFound(parameter, "Company", missing, closest=_containing(steps, first), names=True)
    return {
        parameter: [value if value in ids else holders[value][0] for value in named]
        for parameter, named in given.items()
    }


def _containing(steps: Steps, value: str) -> list[tuple[str, str]]:
    closest = steps.catalog.closest
    if closest is None:
        return []
    for text in (value, max(value.split(), key=len, default="")):
        if text:
            found = closest(steps, text, CLOSEST)
            if found:
                return found
    return []
