"""Dataset imports over HTTP: a zip upload, validated whole before anything is written."""

from __future__ import annotations

import logging
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Request, Security
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader
from starlette.concurrency import run_in_threadpool

from service.analytics import build_in_background
from service.api.deps import CatalogDep, EngineDep, SettingsDep
from service.api.problems import PROBLEM_SCHEMA, problem
from service.ingest.importer import import_dataset
from service.ingest.scratch import scratch

__all__ = ["router"]

log = logging.getLogger("valuenet.api")
router = APIRouter(prefix="/v1/imports", tags=["imports"])
#: Documented as the OpenAPI security scheme; checked in the route, whose answers say why.
API_KEY = APIKeyHeader(name="X-API-Key", auto_error=False)

ZIP_BODY = {
    "requestBody": {
        "required": True,
        "description": "A .zip of the dataset's tables (CSV, Parquet or JSON lines; see the README).",
        "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
    }
}

SUMMARY = {
    "type": "object",
    "required": ["rows", "seconds", "method"],
    "properties": {
        "rows": {"type": "object", "additionalProperties": {"type": "integer"}, "description": "Rows per table."},
        "seconds": {"type": "number"},
        "method": {"type": "string", "enum": ["bulk", "upsert"]},
    },
}


@router.post(
    "",
    response_model=None,
    openapi_extra=ZIP_BODY,
    responses={
        200: {"description": "What was imported.", "content": {"application/json": {"schema": SUMMARY}}},
        **dict.fromkeys([401, 403, 413, 422, 503], PROBLEM_SCHEMA),
    },
)
async def post_import(
    request: Request,
    engine: EngineDep,
    catalog: CatalogDep,
    settings: SettingsDep,
    x_api_key: Annotated[str | None, Security(API_KEY)],
    replace: bool = False,
) -> dict[str, Any] | JSONResponse:
    """Import a zipped dataset (all or nothing); needs the X-API-Key header."""
    if settings.api_key is None:
        return problem(request, 403, "imports-disabled", "Imports disabled", "set VALUENET_API_KEY to enable imports")
    # As bytes: compare_digest refuses a str that is not ASCII, and a header may be anything.
    expected = settings.api_key.get_secret_value().encode()
    if x_api_key is None or not secrets.compare_digest(x_api_key.encode(), expected):
        return problem(request, 401, "unauthorized", "Unauthorized", "a valid X-API-Key header is required")
    with scratch("upload") as folder:
        upload = folder / "dataset.zip"
        size = 0
        with upload.open("wb") as sink:
            async for chunk in request.stream():
                size += len(chunk)
                if size > settings.max_upload_bytes:
                    return problem(
                        request,
                        413,
                        "too-large",
                        "Upload too large",
                        f"the upload exceeds {settings.max_upload_bytes:,} bytes",
                    )
                sink.write(chunk)
        # The import blocks; a worker thread keeps the event loop serving other requests.
        summary = await run_in_threadpool(
            import_dataset, engine, upload, replace=replace, limits=settings.import_limits()
        )
    build_in_background(engine, catalog, log.info)
    return {
        "rows": summary.rows,
        "seconds": round(summary.seconds, 3),
        "method": summary.method,
    }
