"""The query modules: a listing, and one GET route per module generated from its header."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import APIRouter, Request, Response

from service.api.deps import CatalogDep, EngineDep
from service.api.problems import PROBLEM_SCHEMA
from service.api.streaming import JSONL, stream_answer
from service.engines.base import Result
from service.errors import InvalidParameter
from service.formats import FORMATS, MEDIA_TYPES, to_csv, to_json, to_parquet
from service.graph_files import GRAPH_FORMATS, MAP_MODULES, map_graph, written
from service.queries.catalog import Catalog
from service.queries.contract import Column, Module, Param
from service.queries.params import MAX_ITEMS, MAX_TEXT
from service.queries.runner import run_module

__all__ = [
    "build_router",
    "client_given",
    "content",
    "describe",
    "format_parameter",
    "negotiated",
    "parameter",
    "respond",
]

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
        formats = (*FORMATS, JSONL, *GRAPH_FORMATS) if module.name in MAP_MODULES else (*FORMATS, JSONL)
        endpoint = _endpoint(module, formats)
        router.add_api_route(
            f"/{module.name}",
            endpoint,
            methods=["GET"],
            summary=module.summary,
            operation_id=f"query_{module.name}",
            response_class=Response,
            responses={
                200: {"description": "The result table.", "content": content(module, formats)},
                404: PROBLEM_SCHEMA,
                422: PROBLEM_SCHEMA,
                503: PROBLEM_SCHEMA,
                504: PROBLEM_SCHEMA,
            },
            openapi_extra={"parameters": [*map(parameter, module.params), format_parameter(formats)]},
        )
        # HEAD answers as GET does, without the body (the server drops it); not documented
        # apart, as HTTP defines it. Second, so that a 405's Allow comes from the GET route.
        router.add_api_route(f"/{module.name}", endpoint, methods=["HEAD"], include_in_schema=False)
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
                "aliases": dict(p.aliases),
                "exists": p.exists,
                "description": p.description,
            }
            for p in module.params
        ],
        "columns": [{"name": c.name, "type": c.type, "description": c.description} for c in module.columns],
    }


def _endpoint(module: Module, formats: Sequence[str]) -> Callable[..., Response]:
    """The route of ``module``: a plain ``def``, so FastAPI runs it in its thread pool."""
    lists = {p.name for p in module.params if p.type == "string[]"}

    def answer(request: Request, engine: EngineDep, catalog: CatalogDep) -> Response:
        query = request.query_params
        given = {key: ",".join(query.getlist(key)) if key in lists else query[key] for key in client_given(request)}
        fmt = negotiated(request, formats)
        if fmt == JSONL:
            return stream_answer(engine, catalog, module, given)
        started = time.perf_counter()
        result, params = run_module(engine, catalog, module.name, given)
        return respond(request, module, params, result, fmt, started)

    answer.__doc__ = module.summary
    return answer


def client_given(request: Request) -> list[str]:
    """The query parameters a question is asked with: all but ``format`` and the client's own."""
    return [key for key in request.query_params if key != "format" and not key.startswith(CLIENT_PREFIX)]


def respond(
    request: Request, module: Module, params: dict[str, Any], result: Result, fmt: str, started: float
) -> Response:
    """The answer in format ``fmt``, with the time the question took since ``started``
    (``Server-Timing``, so a client can tell it from the API's share) and, on a page that
    rows follow, the next page's link."""
    headers = {"Server-Timing": f"query;dur={(time.perf_counter() - started) * 1e3:.3f}"}
    next_page = (
        str(request.url.include_query_params(offset=params["offset"] + params["limit"])) if result.more else None
    )
    if next_page:
        headers["Link"] = f'<{next_page}>; rel="next"'
    if fmt == "csv":
        body: bytes | str = to_csv(result)
    elif fmt == "parquet":
        body = to_parquet(module, result)
    elif fmt in GRAPH_FORMATS:
        body = written(map_graph(result), fmt)
    else:
        body = to_json(module, params, result, next_page)
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)


def negotiated(request: Request, formats: Sequence[str]) -> str:
    """The ``format`` parameter, else the last of ``formats`` the Accept header names, else the first."""
    fmt = request.query_params.get("format")
    if fmt is None:
        accept = request.headers.get("accept", "")
        return next((name for name in reversed(formats[1:]) if MEDIA_TYPES[name].split(";")[0] in accept), formats[0])
    if fmt not in formats:
        raise InvalidParameter("format", f"{fmt!r} is not one of {', '.join(formats)}")
    return fmt


#: Parameters a client adds for itself (a cache buster, a tag) start with this; the API
#: ignores them. Any other parameter no module declares is refused.
CLIENT_PREFIX = "_"


def format_parameter(formats: Sequence[str]) -> dict[str, Any]:
    """The ``format`` parameter's OpenAPI description."""
    return {
        "name": "format",
        "in": "query",
        "required": False,
        "description": (
            f"{formats[0]} (default), {', '.join(formats[1:])}; also chosen by the Accept header. Parameters"
            f" starting with {CLIENT_PREFIX!r} are the client's own and ignored; any other unknown one is refused."
        ),
        "schema": {"type": "string", "enum": list(formats), "default": formats[0]},
    }


def _schema(kind: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": JSON_TYPES[kind]}
    if kind == "date":
        schema["format"] = "date"
    if kind == "string[]":
        schema["items"] = {"type": "string"}
    return schema


def parameter(param: Param) -> dict[str, Any]:
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
    if param.aliases:
        description += " Also accepted: " + ", ".join(f"{old} for {word}" for old, word in param.aliases) + "."
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


def content(module: Module, formats: Sequence[str]) -> dict[str, Any]:
    """The OpenAPI content of an answer in each of ``formats``."""
    row = {"type": "object", "properties": {c.name: _column(c) for c in module.columns}}
    properties: dict[str, Any] = {
        "query": {"type": "string"},
        "parameters": {"type": "object"},
        "columns": {"type": "array", "items": {"type": "object"}},
        "rows": {"type": "array", "items": row},
    }
    document = {"type": "object", "properties": properties}
    if module.paged:
        properties["page"] = {
            "type": "object",
            "properties": {
                "limit": {"type": "integer"},
                "offset": {"type": "integer"},
                "has_more": {"type": "boolean"},
                "next": {"type": ["string", "null"], "description": "The next page's URL; null on the last."},
            },
        }
    schemas = {
        "json": {"schema": document},
        "csv": {"schema": {"type": "string", "description": "Header line, then rows."}},
        "parquet": {"schema": {"type": "string", "format": "binary", "description": "The rows."}},
        "graphml": {"schema": {"type": "string", "description": "The nodes and edges, with their attributes."}},
        "gexf": {"schema": {"type": "string", "description": "The nodes and edges, with their attributes."}},
        "jsonl": {
            "schema": {
                "type": "string",
                "description": "Every row from offset on, a JSON object per line, streamed (limit is not used); "
                'a last line {"error": problem} says the stream was cut short.',
            }
        },
    }
    return {MEDIA_TYPES[fmt].split(";")[0]: schemas[fmt] for fmt in formats}
