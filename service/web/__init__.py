"""The browser app and the API's documentation pages, served from package data.

Everything a page loads comes from ``static/`` (built from ``web/`` by ``npm run build``,
committed, so ``pip install .`` needs no npm): the app, Swagger UI and ReDoc. No page asks
anything of another origin, and each says so in its Content-Security-Policy.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

__all__ = ["APP_POLICY", "DOCS_POLICY", "STATIC_DIR", "install_pages"]

STATIC_DIR = Path(__file__).parent / "static"

#: The app: its own scripts, styles and answers only; the pictures it downloads are blobs.
APP_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
#: Swagger UI and ReDoc start from an inline script and inline styles (FastAPI's pages), and
#: ReDoc searches in a worker it makes from a blob; still nothing from another origin.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)

router = APIRouter(include_in_schema=False)


@router.get("/")
async def app_page() -> FileResponse:
    """The app: one page that asks ``/v1/queries`` and draws the answers."""
    return FileResponse(STATIC_DIR / "index.html", headers={"Content-Security-Policy": APP_POLICY})


@router.get("/docs")
async def swagger_ui() -> HTMLResponse:
    """Swagger UI over the OpenAPI document, its assets served from the package."""
    page = get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="valuenet API",
        swagger_js_url="/static/docs/swagger-ui-bundle.js",
        swagger_css_url="/static/docs/swagger-ui.css",
        swagger_favicon_url="/static/favicon.svg",
        # Swagger UI would send the document to its public validator for a badge.
        swagger_ui_parameters={"validatorUrl": None},
    )
    page.headers["Content-Security-Policy"] = DOCS_POLICY
    return page


@router.get("/redoc")
async def redoc() -> HTMLResponse:
    """ReDoc over the OpenAPI document, its script served from the package, no web fonts."""
    page = get_redoc_html(
        openapi_url="/openapi.json",
        title="valuenet API",
        redoc_js_url="/static/docs/redoc.standalone.js",
        redoc_favicon_url="/static/favicon.svg",
        with_google_fonts=False,
    )
    page.headers["Content-Security-Policy"] = DOCS_POLICY
    return page


def install_pages(app: FastAPI) -> None:
    """Serve the app at ``/``, its files under ``/static`` and the docs at ``/docs`` and ``/redoc``."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
