"""The query modules: a listing, and one GET route per module generated from its header."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi import APIRouter, Request, Response

from service.api.deps import CatalogDep
from service.api.problems import PROBLEM_SCHEMA
from service.errors import InvalidParameter
from service.formats import FORMATS, to_csv, to_json
from service.queries.catalog import Catalog
from service.queries.contract import Column, Module, Param
from service.queries.params import MAX_ITEMS, MAX_TEXT
from service.queries.runner import run_module

__all__ = ["build_router", "describe"]

#: Where questions run, off the event loop: a plain ``def`` route would go through anyio's
#: thread pool, whose bookkeeping per call (a capacity limiter, cancel scopes, sniffing the
#: async library) costs about 0.1 ms more than asyncio's executor. 40, as anyio allows.
_POOL = ThreadPoolExecutor(40, thread_name_prefix="valuenet-api")

JSON_TYPES = {
    "string": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "date": "string",
    "string[]": "array",
    "json": "object",
}


def build_router(catalog: Catalog) -> APIRouter:
    """The routes under ``/v1/queries``, one per module, documented from the headers."""
    router = APIRouter(prefix="/v1/queries", tags=["queries"])

    @router.get("")
    def list_queries(catalog: CatalogDep) -> list[dict[str, Any]]:
        """Every question valuenet answers, with its parameters and result columns."""
        return [describe(module) for module in catalog]

    for module in catalog:
        router.add_api_route(
            f"/{module.name}",
            _endpoint(module),
            methods=["GET"],
            summary=module.summary,
            operation_id=f"query_{module.name}",
            response_class=Response,
            responses={
                200: {"description": "The result table.", "content": _content(module)},
                404: PROBLEM_SCHEMA,
                422: PROBLEM_SCHEMA,
                503: PROBLEM_SCHEMA,
                504: PROBLEM_SCHEMA,
            },
            openapi_extra={"parameters": [*map(_parameter, module.params), FORMAT_PARAMETER]},
        )
    return router


def describe(module: Module) -> dict[str, Any]:
    """A module's contract as JSON (also used by ``valuenet modules --format json``)."""
    return {
        "name": module.name,
        "summary": module.summary,
        "parameters": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "default": p.default,
                "minimum": p.minimum,
                "maximum": p.maximum,
                "choices": p.choices,
                "exists": p.exists,
                "description": p.description,
            }
            for p in module.params
        ],
        "columns": [{"name": c.name, "type": c.type, "description": c.description} for c in module.columns],
    }


def _endpoint(module: Module) -> Callable[[Request], Awaitable[Response]]:
    lists = {p.name for p in module.params if p.type == "string[]"}

    def answer(request: Request) -> Response:
        # Not dependencies: FastAPI resolves those anew on every request.
        engine, catalog = request.app.state.engine, request.app.state.catalog
        query = request.query_params
        given: dict[str, Any] = {
            key: ",".join(query.getlist(key)) if key in lists else query[key] for key in query if key != "format"
        }
        fmt = _format(request)
        started = time.perf_counter()
        result, params = run_module(engine, catalog, module.name, given)
        # The time the question took on its own, so a client can tell it from the API's share.
        timing = {"Server-Timing": f"query;dur={(time.perf_counter() - started) * 1e3:.3f}"}
        if fmt == "csv":
            return Response(to_csv(result), media_type="text/csv; charset=utf-8", headers=timing)
        return Response(to_json(module, params, result), media_type="application/json", headers=timing)

    async def run(request: Request) -> Response:
        return await asyncio.get_running_loop().run_in_executor(_POOL, answer, request)

    run.__doc__ = module.summary
    return run


def _format(request: Request) -> str:
    fmt = request.query_params.get("format")
    if fmt is None:
        return "csv" if "text/csv" in request.headers.get("accept", "") else "json"
    if fmt not in FORMATS:
        raise InvalidParameter("format", f"{fmt!r} is not one of {', '.join(FORMATS)}")
    return fmt


FORMAT_PARAMETER = {
    "name": "format",
    "in": "query",
    "required": False,
    "description": "json (default) or csv; also chosen by the Accept header.",
    "schema": {"type": "string", "enum": list(FORMATS), "default": "json"},
}


def _schema(kind: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": JSON_TYPES[kind]}
    if kind == "date":
        schema["format"] = "date"
    if kind == "string[]":
        schema["items"] = {"type": "string"}
    return schema


def _parameter(param: Param) -> dict[str, Any]:
    schema = _schema(param.type)
    if param.default is not None:
        schema["default"] = param.default
    number = int if param.type == "int" else float
    if param.minimum is not None:
        schema["minimum"] = number(param.minimum)
    if param.maximum is not None:
        schema["maximum"] = number(param.maximum)
    # The sizes run_module checks. An empty value is an absent one (refused when required);
    # empty items of a list are dropped.
    if param.type == "string":
        schema.update(minLength=1 if param.required else 0, maxLength=MAX_TEXT)
    if param.type == "string[]":
        schema.update(minItems=1 if param.required else 0, maxItems=MAX_ITEMS)
        schema["items"].update(minLength=1, maxLength=MAX_TEXT)
    if param.choices:
        target = schema["items"] if param.type == "string[]" else schema
        target["enum"] = list(param.choices)
    description = param.description + (f" Must name an existing {param.exists}." if param.exists else "")
    return {
        "name": param.name,
        "in": "query",
        "required": param.required,
        "description": description,
        "schema": schema,
        **({"style": "form", "explode": True} if param.type == "string[]" else {}),
    }


def _column(column: Column) -> dict[str, Any]:
    if column.type == "json":
        return {"description": column.description}  # maps or lists of maps
    schema = _schema(column.type)
    return {**schema, "type": [schema["type"], "null"], "description": column.description}


def _content(module: Module) -> dict[str, Any]:
    row = {"type": "object", "properties": {c.name: _column(c) for c in module.columns}}
    document = {
        "type": "object",
        "properties": {
            "query": {"type": "string"},
            "parameters": {"type": "object"},
            "columns": {"type": "array", "items": {"type": "object"}},
            "rows": {"type": "array", "items": row},
        },
    }
    return {
        "application/json": {"schema": document},
        "text/csv": {"schema": {"type": "string", "description": "Header line, then rows."}},
    }
