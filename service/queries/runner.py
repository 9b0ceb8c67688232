"""Running a query module: bind parameters, check named entities exist, read, check columns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.engines.base import Engine, Result, cast_column
from service.errors import EntityNotFound, QueryFailed
from service.model import LABELS
from service.queries.catalog import Catalog
from service.queries.collector import collector_paused
from service.queries.contract import Module
from service.queries.params import bind

__all__ = ["exists_statement", "run_module"]


def exists_statement(label: str) -> str:
    """The text that finds which of ``$ids`` exist as ``label`` nodes."""
    assert label in LABELS
    return f"MATCH (n:{label}) WHERE n.id IN $ids RETURN n.id AS id"


def run_module(engine: Engine, catalog: Catalog, name: str, given: Mapping[str, Any]) -> tuple[Result, dict[str, Any]]:
    """Run module ``name`` read-only with ``given`` parameters; return rows and bound params.

    >>> result, params = run_module(engine, catalog, "company_profile", {"id": "acme"})  # doctest: +SKIP
    """
    module = catalog.get(name)
    params = bind(module, given)
    for param in module.params:
        value = params[param.name]
        if param.exists and value is not None:
            ids = value if isinstance(value, list) else [value]
            found = {row[0] for row in engine.read(exists_statement(param.exists), {"ids": ids}).rows}
            missing = [i for i in ids if i not in found]
            if missing:
                raise EntityNotFound(param.name, param.exists, missing)
    if not module.texts:
        from service.analytics import PROCEDURES, Steps  # here: service.analytics imports this package

        with collector_paused():
            result = PROCEDURES[name](Steps(engine, catalog), params, module.column_names)
        return _typed(module, result), params
    text = module.text_for(engine.dialect)
    result = engine.read(text.cypher, params)
    if result.columns != module.column_names:
        raise QueryFailed(
            f"{text.origin}: returned columns {result.columns}, but the header declares {module.column_names}"
        )
    return _typed(module, result), params


def _typed(module: Module, result: Result) -> Result:
    """Cast number columns to their declared type (an engine may return 0 for a float sum)."""
    for i, column in enumerate(module.columns):
        if column.type in ("int", "float"):
            cast_column(result.rows, i, int if column.type == "int" else float)
    return result
