"""Running a query module: bind parameters, check named entities exist, read, check columns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from service.engines.base import Engine, Result, cast_column
from service.errors import EntityNotFound, QueryFailed
from service.model import exists_statement
from service.queries.arguments import field_name
from service.queries.catalog import Catalog
from service.queries.contract import Module
from service.queries.names import company_ids
from service.queries.params import bind, check_sizes
from service.queries.question import Question, on_one_version
from service.queries.steps import Steps

__all__ = ["run_module"]


def run_module(engine: Engine, catalog: Catalog, name: str, given: Mapping[str, Any]) -> tuple[Result, dict[str, Any]]:
    """Run module ``name`` read-only with ``given`` parameters; return rows and bound params.

    The answer is one question (see ``service.queries.question``): all its engine calls
    share the engine's ``query_timeout_ms``, and it is computed on one graph version; if an
    import swaps the graph meanwhile, the whole question is asked again on the new one.
    A paged module's result says whether rows follow the page (``Result.more``).

    >>> result, params = run_module(engine, catalog, "company_profile", {"id": "acme"})  # doctest: +SKIP
    """
    module = catalog.get(name)
    params = bind(module, given)
    check_sizes(module, params)
    # A page is asked with one row more than it shows: that row says whether more follow.
    asked = {**params, "limit": params["limit"] + 1} if module.paged else params

    def ask(question: Question) -> Result:
        result = _answer(question, catalog, module, asked)
        return _typed(module, _page(result, params["limit"]) if module.paged else result)

    return on_one_version(engine, ask), params


def _answer(question: Question, catalog: Catalog, module: Module, given: dict[str, Any]) -> Result:
    params = dict(given)
    # Every company parameter's values are looked up at once, at the first one: one read.
    named = {
        p.name: _listed(params[p.name]) for p in module.params if p.exists == "Company" and params[p.name] is not None
    }
    companies: dict[str, list[str]] | None = None
    for param in module.params:
        value = params[param.name]
        if param.exists == "Company" and value is not None:
            companies = companies or company_ids(Steps(question, catalog), named)
            ids = companies[param.name]
            params[param.name] = ids if isinstance(value, list) else ids[0]
        elif param.exists and value is not None:
            ids = _listed(value)
            found = {held for (held,) in question.read(exists_statement(param.exists), {"ids": ids}).rows}
            missing = [i for i in ids if i not in found]
            if missing:
                raise EntityNotFound(param.name, param.exists, missing)
    if not module.texts:
        arguments = catalog.arguments[module.name](**{field_name(name): value for name, value in params.items()})
        return catalog.procedures[module.name](Steps(question, catalog), arguments, module.column_names)
    text = module.text_for(question.engine.dialect)
    result = question.read(text.cypher, params)
    if result.columns != module.column_names:
        raise QueryFailed(
            f"{text.origin}: returned columns {result.columns}, but the header declares {module.column_names}"
        )
    return result


def _listed(value: Any) -> list[Any]:
    """A parameter's value as a list: itself if it is one."""
    return value if isinstance(value, list) else [value]


def _page(result: Result, limit: int) -> Result:
    """The first ``limit`` rows, and whether the answer has more."""
    return replace(result, rows=result.rows[:limit], more=len(result.rows) > limit)


def _typed(module: Module, result: Result) -> Result:
    """Cast number columns to their declared type (an engine may return 0 for a float sum)."""
    for i, column in enumerate(module.columns):
        if column.type in ("int", "float"):
            cast_column(result.rows, i, int if column.type == "int" else float)
    return result
