"""RFC 9457 problem details for every error the API returns.

A client error (4xx) says what was wrong with the request, naming the parameter. A server
error (5xx) says only what failed: its cause (an engine's message, its log lines, data
paths) goes to the server log under a fresh ``error_id`` that the answer carries too, so
an operator can find the cause a client quotes and no client learns the server's insides.
"""

from __future__ import annotations

import logging
import math
import secrets
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from service import errors

__all__ = ["PROBLEM_SCHEMA", "STATUS", "install_problem_handlers", "problem", "server_problem"]

log = logging.getLogger("valuenet.api")

MEDIA_TYPE = "application/problem+json"

#: error class -> (HTTP status, problem type slug, title); any other error is a 500.
STATUS: dict[type[errors.ValuenetError], tuple[int, str, str]] = {
    errors.UnknownModule: (404, "unknown-query", "Unknown query module"),
    errors.UnknownTable: (404, "unknown-table", "Unknown table"),
    errors.EntityNotFound: (404, "entity-not-found", "Entity not found"),
    errors.InvalidParameter: (422, "invalid-parameter", "Invalid parameter"),
    errors.InvalidDataset: (422, "invalid-dataset", "Invalid dataset"),
    errors.ImportConflict: (409, "import-conflict", "Import conflict"),
    errors.PluginMissing: (422, "plugin-missing", "Engine plugin missing"),
    errors.EngineUnavailable: (503, "engine-unavailable", "Graph engine unavailable"),
    errors.QueryTimeout: (504, "query-timeout", "Query time limit exceeded"),
    errors.GraphSwapped: (409, "graph-changed", "Graph changed"),
}

PROBLEM_SCHEMA: dict[str, Any] = {
    "description": "An RFC 9457 problem detail.",
    "content": {
        MEDIA_TYPE: {
            "schema": {
                "type": "object",
                "required": ["type", "title", "status", "detail", "instance"],
                "properties": {
                    "type": {"type": "string"},
                    "title": {"type": "string"},
                    "status": {"type": "integer"},
                    "detail": {"type": "string"},
                    "instance": {"type": "string"},
                    "parameter": {"type": "string", "description": "The parameter at fault."},
                    "error_id": {
                        "type": "string",
                        "description": "Server errors: the id of the server log line with the cause.",
                    },
                    "errors": {
                        "type": "array",
                        "description": "Invalid dataset: each problem (file, row, column, message), capped.",
                        "items": {"type": "object"},
                    },
                    "total": {"type": "integer", "description": "Invalid dataset: how many problems in all."},
                    "closest": {
                        "type": "array",
                        "description": "Entity not found: the companies closest to the value given (id, name).",
                        "items": {
                            "type": "object",
                            "required": ["id", "name"],
                            "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
                        },
                    },
                },
            }
        }
    },
}


def problem(
    request: Request,
    status: int,
    slug: str,
    title: str,
    detail: str,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {
        "type": f"urn:valuenet:problem:{slug}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def server_problem(
    request: Request,
    status: int,
    slug: str,
    title: str,
    cause: str,
    public: str | None = None,
    exc: BaseException | None = None,
) -> JSONResponse:
    """A 5xx problem: ``cause`` (and ``exc``'s traceback) go to the log only, under an id
    the answer carries; its detail is ``public`` when there is such a message."""
    error_id = secrets.token_hex(8)
    log.error("error_id=%s %s %s: %s", error_id, request.method, request.url.path, cause, exc_info=exc)
    detail = public or f"{title.lower()}; the server log has the cause under error id {error_id}"
    return problem(request, status, slug, title, detail, error_id=error_id)


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error, ours, FastAPI's, Starlette's and unexpected ones, a problem detail."""

    @app.exception_handler(errors.ValuenetError)
    def valuenet_error(request: Request, exc: errors.ValuenetError) -> JSONResponse:
        status, slug, title = STATUS.get(type(exc), (500, "internal", "Internal error"))
        if status >= 500:
            cause = f"{type(exc).__name__}: {exc}"
            response = server_problem(request, status, slug, title, cause, exc.public)
            if isinstance(exc, errors.EngineUnavailable) and exc.retry_after_s is not None:
                response.headers["Retry-After"] = str(math.ceil(exc.retry_after_s))
            return response
        extra: dict[str, Any] = {"parameter": exc.parameter} if hasattr(exc, "parameter") else {}
        if isinstance(exc, errors.EntityNotFound) and exc.closest:
            extra["closest"] = [{"id": id_, "name": name} for id_, name in exc.closest]
        if isinstance(exc, errors.InvalidDataset):
            detail = str(exc).split("\n")[0]
            extra = {"total": exc.total, "errors": [p.__dict__ for p in exc.problems]}
            return problem(request, 422, "invalid-dataset", "Invalid dataset", detail, **extra)
        return problem(request, status, slug, title, str(exc), **extra)

    @app.exception_handler(RequestValidationError)
    def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI checks the parameters a route declares in its signature (the import's).
        first = exc.errors()[0]
        where, *path = first["loc"]
        parameter = str(path[-1]) if path else str(where)
        return problem(
            request,
            422,
            "invalid-parameter",
            "Invalid parameter",
            f"parameter {parameter!r}: {first['msg']}",
            parameter=parameter,
        )

    @app.exception_handler(HTTPException)
    def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        # The exception's headers matter: Allow on a 405, for one.
        slug = "not-found" if exc.status_code == 404 else f"http-{exc.status_code}"
        return problem(request, exc.status_code, slug, str(exc.detail), str(exc.detail), exc.headers)

    @app.exception_handler(Exception)
    def unexpected(request: Request, exc: Exception) -> JSONResponse:
        return server_problem(request, 500, "internal", "Internal error", "unexpected error", exc=exc)
