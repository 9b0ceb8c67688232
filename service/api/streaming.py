"""Answers streamed as JSON lines (``format=jsonl``): every row of a question from
``offset`` on, one JSON object per line, whatever the size.

A paged question is asked page after page, each page as large as the module allows, and
each page is sent before the next is asked: the server holds one page at a time. The
first page is asked before the answer starts, so a bad parameter is still a 4xx problem.
Every page is read on the graph version of the first (``Engine.generation``): if an import
swaps the graph meanwhile, or a later page fails, the stream ends with one line
``{"error": {...}}`` (a problem detail) instead of rows of two graphs; a client that reads
no such line got every row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import orjson
from fastapi.responses import StreamingResponse

from service.api.problems import STATUS
from service.engines.base import Engine, Result
from service.errors import GraphSwapped, ValuenetError
from service.formats import MEDIA_TYPES
from service.queries.catalog import Catalog
from service.queries.contract import Module
from service.queries.runner import run_module

__all__ = ["JSONL", "answer_lines", "stream_answer"]

JSONL = "jsonl"


def stream_answer(engine: Engine, catalog: Catalog, module: Module, given: Mapping[str, Any]) -> StreamingResponse:
    """The rows of ``module`` asked with ``given``, streamed from its ``offset`` to the end."""
    return StreamingResponse(answer_lines(engine, catalog, module, given), media_type=MEDIA_TYPES[JSONL])


def answer_lines(engine: Engine, catalog: Catalog, module: Module, given: Mapping[str, Any]) -> Iterator[bytes]:
    """The lines of the stream, a page's at a time; the first page is asked before this
    returns (so its errors are raised here)."""
    pages = _pages(engine, catalog, module, dict(given))
    return _lines(next(pages), pages)


def _pages(engine: Engine, catalog: Catalog, module: Module, given: dict[str, Any]) -> Iterator[Result]:
    if not module.paged:
        yield run_module(engine, catalog, module.name, given)[0]
        return
    size = int(next(p.maximum for p in module.params if p.name == "limit") or 1)
    result, params = run_module(engine, catalog, module.name, {**given, "limit": size})
    version = engine.generation
    yield result
    while result.more:
        following = {**given, "limit": size, "offset": params["offset"] + size}
        result, params = run_module(engine, catalog, module.name, following)
        if engine.generation != version:
            raise GraphSwapped("the graph changed during the stream (an import); ask again")
        yield result


def _lines(first: Result, pages: Iterator[Result]) -> Iterator[bytes]:
    page: Result | None = first
    while page is not None:
        yield b"".join(orjson.dumps(record) + b"\n" for record in page.records())
        try:
            page = next(pages, None)
        except ValuenetError as exc:  # the answer has started: its last line says why it ends
            yield orjson.dumps({"error": _problem(exc)}) + b"\n"
            return


def _problem(exc: ValuenetError) -> dict[str, Any]:
    """A problem detail of ``exc``, as the API's error handlers give it (a server error says
    only what its ``public`` message says)."""
    status, slug, title = STATUS.get(type(exc), (500, "internal", "Internal error"))
    detail = str(exc) if status < 500 else (exc.public or title)
    return {"type": f"urn:valuenet:problem:{slug}", "title": title, "status": status, "detail": detail}
