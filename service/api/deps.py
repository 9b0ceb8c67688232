"""What routes need, as ``Annotated`` dependencies: routes never open connections."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from service.engines.base import Engine
from service.queries.catalog import Catalog
from service.settings import Settings

__all__ = ["CatalogDep", "EngineDep", "SettingsDep"]


# ``async`` though they wait for nothing: FastAPI runs a plain ``def`` dependency in its
# thread pool, a hop of about 0.1 ms per request each.
async def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


async def get_catalog(request: Request) -> Catalog:
    catalog: Catalog = request.app.state.catalog
    return catalog


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


EngineDep = Annotated[Engine, Depends(get_engine)]
CatalogDep = Annotated[Catalog, Depends(get_catalog)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
