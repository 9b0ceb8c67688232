"""Companies named by id or by exact name: the ids a module's company parameters stand for.

A value is a company's id; else, if exactly one company has it as its name, that company.
Anything else is ``EntityNotFound`` with the closest companies: those whose name or id
contains the value (or, failing that, its longest word) whatever the case, shortest names
first, as the catalog's ``closest`` finds them (``service.analytics.name_index``).
"""

from __future__ import annotations

from collections.abc import Sequence

from service.errors import EntityNotFound
from service.queries.steps import Steps

__all__ = ["CLOSEST", "company_ids"]

#: Companies suggested when a value names none.
CLOSEST = 5

BY_ID = "MATCH (n:Company) WHERE n.id IN $values RETURN n.id AS id"
BY_NAME = "MATCH (n:Company) WHERE n.name IN $values RETURN n.name AS name, n.id AS id ORDER BY id"


def company_ids(steps: Steps, parameter: str, values: Sequence[str]) -> list[str]:
    """The id of the company each of ``values`` names, in order."""
    question = steps.question
    ids = {found for (found,) in question.read(BY_ID, {"values": list(values)}).rows}
    names = [value for value in values if value not in ids]
    holders: dict[str, list[str]] = {}
    if names:
        for name, holder in question.read(BY_NAME, {"values": names}).rows:
            holders.setdefault(name, []).append(holder)
    missing = [value for value in names if len(holders.get(value, [])) != 1]
    if missing:
        first = missing[0]
        if first in holders:  # a name several companies have
            shared = [(holder, first) for holder in holders[first][:CLOSEST]]
            raise EntityNotFound(parameter, "Company", [first], closest=shared, names=True, shared=True)
        raise EntityNotFound(parameter, "Company", missing, closest=_containing(steps, first), names=True)
    return [value if value in ids else holders[value][0] for value in values]


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
