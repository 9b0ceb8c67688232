"""The graph as the dataset's tables (``/v1/graph/TABLE``) and as one file (``/v1/graph``).

A table answers as a module does (formats, pages, links), its rows those ``valuenet
export`` writes, in the same order (``service.ingest.export.table_page``). Each answer is
read on one graph version (``service.queries.question``).
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Request, Response

from service.api.deps import EngineDep, SettingsDep
from service.api.problems import PROBLEM_SCHEMA
from service.api.routes.queries import client_given, content, format_parameter, negotiated, parameter, respond
from service.engines.base import Result
from service.errors import InvalidParameter, UnknownTable
from service.formats import FORMATS, MEDIA_TYPES
from service.graph_files import GRAPH_FORMATS, graph_items, whole_graph, written
from service.ingest.export import exported_tables, table_page
from service.ingest.schema import TABLES, Table
from service.queries.contract import Column, Module, Param
from service.queries.params import bind
from service.queries.question import Question, on_one_version

__all__ = ["router"]

PAGING = (
    Param("limit", "int", "Page size.", default=10_000, minimum=1, maximum=100_000),
    Param("offset", "int", "Rows to skip, for paging.", default=0, minimum=0, maximum=1_000_000_000),
)


def _module(table: Table) -> Module:
    """A table as a module's contract, so that it answers as one."""
    what = f"nodes :{table.label}" if table.label else f"relationships :{table.relationship}"
    summary = f"The {what}: the dataset's {table.name} table, in key order."
    return Module(table.name, summary, PAGING, tuple(Column(f.name, f.type, f.description) for f in table.fields))


MODULES = {name: _module(table) for name, table in TABLES.items()}
#: Any table, as OpenAPI documents the answers: rows of the table's columns.
ANY_TABLE = Module("table", "", PAGING, ())
ERRORS: dict[int | str, dict[str, Any]] = {status: PROBLEM_SCHEMA for status in (404, 422, 503, 504)}

router = APIRouter(prefix="/v1/graph", tags=["graph"])


def table_endpoint(request: Request, engine: EngineDep) -> Response:
    """A table of the graph, as `valuenet export` writes it, in pages."""
    name = request.path_params["table"]
    module = MODULES.get(name)
    if module is None:
        raise UnknownTable(f"no table {name!r}; the tables are {', '.join(TABLES)}")
    fmt = negotiated(request, FORMATS)
    params = bind(module, {key: request.query_params[key] for key in client_given(request)})
    started = time.perf_counter()
    arrow, more = on_one_version(
        engine, lambda question: table_page(question, TABLES[name], params["offset"], params["limit"])
    )
    rows = [list(row) for row in zip(*(column.to_pylist() for column in arrow.columns), strict=True)]
    return respond(request, module, params, Result(arrow.column_names, rows, more=more), fmt, started)


def graph_endpoint(request: Request, engine: EngineDep, settings: SettingsDep) -> Response:
    """The whole graph as one GraphML or GEXF file."""
    if unknown := client_given(request):
        raise InvalidParameter(unknown[0], "unknown parameter; the whole graph takes: format")
    fmt = negotiated(request, GRAPH_FORMATS)
    bound = settings.graph_file_max_items

    def read(question: Question) -> list[Any]:
        items = graph_items(question)
        if items > bound:
            raise InvalidParameter(
                "format",
                f"the graph holds {items:,} nodes and relationships, more than the {bound:,} a {fmt} answer may "
                f"hold (VALUENET_GRAPH_FILE_MAX_ITEMS); write it with `valuenet export FILE --format {fmt}`",
            )
        return list(exported_tables(question))

    started = time.perf_counter()
    tables = on_one_version(engine, read)
    headers = {"Server-Timing": f"query;dur={(time.perf_counter() - started) * 1e3:.3f}"}
    # Written outside the question: its time limit is the reads', not networkx's.
    return Response(written(whole_graph(tables), fmt), media_type=MEDIA_TYPES[fmt], headers=headers)


TABLE_PARAMETER = {
    "name": "table",
    "in": "path",
    "required": True,
    "description": "A table of the dataset format: a node label or a relationship type.",
    "schema": {"type": "string", "enum": list(TABLES)},
}
router.add_api_route(
    "/{table}",
    table_endpoint,
    methods=["GET"],
    summary="A table of the graph, as `valuenet export` writes it, in pages",
    operation_id="graph_table",
    response_class=Response,
    responses={200: {"description": "A page of the table.", "content": content(ANY_TABLE, FORMATS)}, **ERRORS},
    openapi_extra={"parameters": [TABLE_PARAMETER, *map(parameter, PAGING), format_parameter(FORMATS)]},
)
router.add_api_route("/{table}", table_endpoint, methods=["HEAD"], include_in_schema=False)
router.add_api_route(
    "",
    graph_endpoint,
    methods=["GET"],
    summary="The whole graph as GraphML or GEXF",
    operation_id="graph_file",
    response_class=Response,
    responses={200: {"description": "The graph.", "content": content(ANY_TABLE, GRAPH_FORMATS)}, **ERRORS},
    openapi_extra={"parameters": [format_parameter(GRAPH_FORMATS)]},
)
router.add_api_route("", graph_endpoint, methods=["HEAD"], include_in_schema=False)
