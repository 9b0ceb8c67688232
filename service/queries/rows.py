"""Named row types for the steps of ``cypher/steps/``.

A procedure names the step it runs with a ``Step``: the step's name and the named tuple its
rows come as (``Steps.run``, ``Steps.rows``). The tuple's fields are the step's columns, in
their order and of their types; ``check_rows`` makes sure of it when the catalog loads, so
a header and its row type that differ are a ModuleDefinitionError naming the header's file
and line, not a wrong value at run time::

    class Link(NamedTuple):
        company: Handle
        partner: Handle
        value: float | None

    LINKS_IN = Step("links_in", Link)  # cypher/steps/links_in.cypher: company, partner, value
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, Union, get_args, get_origin, get_type_hints

from service.errors import ModuleDefinitionError

if TYPE_CHECKING:
    from service.queries.contract import Module

__all__ = ["Handle", "Row", "Step", "check_rows", "fits"]

#: A node handle (see ``service.queries.contract``): an int on FalkorDB, a string on Neo4j.
Handle = int | str
#: The named tuple of a step's rows.
Row = TypeVar("Row", bound=tuple[Any, ...])

#: The Python types a field of each column type may have (besides None); json takes any.
FIELD_TYPES: dict[str, set[Any] | None] = {
    "string": {str},
    "date": {str},
    "int": {int},
    "float": {float},
    "bool": {bool},
    "string[]": {list[str]},
    "node": {int, str},
    "json": None,
}


@dataclass(frozen=True)
class Step(Generic[Row]):
    """A step of ``cypher/steps/`` (by its file's name) and the named tuple of its rows."""

    name: str
    row: type[Row]


def check_rows(steps: Mapping[str, Module], declared: Iterable[Step[Any]]) -> None:
    """Refuse a row type whose fields are not its step's columns, in order and of their
    types, with the file and line of the first column that differs. (A step the catalog
    lacks, as a test's catalog of a few files does, is not checked: running it fails.)"""
    for step in declared:
        where = f"{step.row.__module__}.{step.row.__qualname__}"
        module = steps.get(step.name)
        if module is None:
            continue
        hints = get_type_hints(step.row)
        fields = list(hints)
        for i, column in enumerate(module.columns):
            found = fields[i] if i < len(fields) else None
            if found != column.name:
                raise ModuleDefinitionError(
                    f"{module.origin}:{column.line}: column {column.name!r}: {where} has {found!r} in its place"
                )
            if not fits(hints[found], column.type):
                raise ModuleDefinitionError(
                    f"{module.origin}:{column.line}: column {column.name!r} is {column.type}, "
                    f"but {where}.{found} is {hints[found]}"
                )
        if len(fields) > len(module.columns):
            raise ModuleDefinitionError(
                f"{module.origin}:1: {where} has a field {fields[len(module.columns)]!r} the step does not return"
            )


def fits(annotation: Any, kind: str, optional: bool | None = None) -> bool:
    """Whether a field so annotated holds a value of type ``kind`` (a column's or a
    parameter's); None allowed, or, if ``optional`` says, allowed exactly when it is true."""
    union = get_origin(annotation) in (Union, types.UnionType)
    kinds = set(get_args(annotation)) if union else {annotation}
    if optional is not None and (type(None) in kinds) != optional:
        return False
    allowed = FIELD_TYPES[kind]
    return allowed is None or kinds - {type(None)} == allowed
