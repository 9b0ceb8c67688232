"""The app factory: the engine and the catalog are handed in, never created here."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

import service
from service.analytics import load_catalog
from service.api.problems import install_problem_handlers
from service.api.routes import graph, health, imports, queries
from service.engines.base import Engine
from service.queries.catalog import Catalog
from service.settings import Settings
from service.web import install_pages

__all__ = ["create_app"]


def create_app(engine: Engine, catalog: Catalog | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the API over ``engine``; the caller owns the engine and closes it.

    >>> app = create_app(open_engine(Settings()))   # doctest: +SKIP
    """
    catalog = catalog or load_catalog()
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # The routes are plain functions, run in AnyIO's thread pool (40 threads by default).
        # Python runs one thread at a time: 40 questions at once share the interpreter, each
        # taking 40 times as long, a hub's most, and a thread back from the engine waits its
        # turn. Fewer threads keep the engine and the interpreter busy; the others wait in
        # line, first come first served. What 12 buys (load_bench, 64 clients, 100k companies,
        # four rounds side by side): failure_impact's p99 314-424 ms against 409-554 ms with
        # 40; alignment and value_exchange alike within the noise; with 4, alignment fell to
        # two thirds of the requests/s (its engine calls then wait for a thread).
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.api_threads
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="valuenet",
        version=service.__version__,
        summary="Value network analytics: ecosystem maps, dependency chains, merger scenarios.",
        # Served by service.web from the package: FastAPI's own pages load their assets from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.catalog = catalog
    app.state.settings = settings
    install_problem_handlers(app)
    # Compressed when the client asks (Accept-Encoding); level 6, zlib's default: Starlette's
    # 9 took twice as long for 1% less on a 6 MB CSV page.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "HEAD"],
            expose_headers=["Link", "Server-Timing"],
        )
    app.include_router(health.router)
    app.include_router(queries.build_router(catalog))
    app.include_router(graph.router)
    app.include_router(imports.router)
    install_pages(app)
    return app
