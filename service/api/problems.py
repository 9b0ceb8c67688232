"""RFC 9457 problem details for every error the API returns."""

from __future__ import annotations

import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from service import errors

__all__ = ["PROBLEM_SCHEMA", "install_problem_handlers", "problem"]

log = logging.getLogger("valuenet.api")

MEDIA_TYPE = "application/problem+json"

#: error class -> (HTTP status, problem type slug, title)
STATUS: dict[type[errors.ValuenetError], tuple[int, str, str]] = {
    errors.UnknownModule: (404, "unknown-query", "Unknown query module"),
    errors.EntityNotFound: (404, "entity-not-found", "Entity not found"),
    errors.InvalidParameter: (422, "invalid-parameter", "Invalid parameter"),
    errors.InvalidDataset: (422, "invalid-dataset", "Invalid dataset"),
    errors.EngineUnavailable: (503, "engine-unavailable", "Graph engine unavailable"),
    errors.QueryTimeout: (504, "query-timeout", "Query time limit exceeded"),
}

PROBLEM_SCHEMA: dict[str, Any] = {
    "description": "An RFC 9457 problem detail.",
    "content": {
        MEDIA_TYPE: {
            "schema": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "title": {"type": "string"},
                    "status": {"type": "integer"},
                    "detail": {"type": "string"},
                    "instance": {"type": "string"},
                    "parameter": {"type": "string", "description": "The parameter at fault."},
                    "errors": {
                        "type": "array",
                        "description": "Invalid dataset: each problem (file, row, column, message), capped.",
                        "items": {"type": "object"},
                    },
                    "total": {"type": "integer", "description": "Invalid dataset: how many problems in all."},
                },
            }
        }
    },
}


def problem(request: Request, status: int, slug: str, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {
        "type": f"urn:valuenet:problem:{slug}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE)


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error, ours, Starlette's and unexpected ones, a problem detail."""

    @app.exception_handler(errors.ValuenetError)
    def valuenet_error(request: Request, exc: errors.ValuenetError) -> JSONResponse:
        status, slug, title = STATUS.get(type(exc), (500, "internal", "Internal error"))
        if status == 500:
            log.error("%s on %s: %s", type(exc).__name__, request.url.path, exc)
        extra: dict[str, Any] = {"parameter": exc.parameter} if hasattr(exc, "parameter") else {}
        if isinstance(exc, errors.InvalidDataset):
            detail = str(exc).split("\n")[0]
            extra = {"total": exc.total, "errors": [p.__dict__ for p in exc.problems]}
            return problem(request, 422, "invalid-dataset", "Invalid dataset", detail, **extra)
        response = problem(request, status, slug, title, str(exc), **extra)
        if isinstance(exc, errors.EngineUnavailable) and exc.retry_after_s is not None:
            response.headers["Retry-After"] = str(math.ceil(exc.retry_after_s))
        return response

    @app.exception_handler(HTTPException)
    def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        slug = "not-found" if exc.status_code == 404 else f"http-{exc.status_code}"
        return problem(request, exc.status_code, slug, str(exc.detail), str(exc.detail))

    @app.exception_handler(Exception)
    def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return problem(request, 500, "internal", "Internal error", type(exc).__name__)
