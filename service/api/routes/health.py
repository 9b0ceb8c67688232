"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from service.api.deps import EngineDep
from service.api.problems import PROBLEM_SCHEMA, server_problem

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up (says nothing about the engine)."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: PROBLEM_SCHEMA}, response_model=None)
def readyz(request: Request, engine: EngineDep) -> dict[str, Any] | JSONResponse:
    """The graph engine answers queries."""
    health = engine.health()
    if not health.ok:
        cause = f"{health.engine}: {health.detail}"
        return server_problem(request, 503, "engine-unavailable", "Graph engine unavailable", cause, health.public)
    return {"status": "ready", "engine": health.engine, "detail": health.detail}
