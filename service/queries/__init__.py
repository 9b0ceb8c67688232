"""Query modules: the ``cypher/`` contract, its catalog and its runner."""

from __future__ import annotations

from service.queries.catalog import Catalog, Procedure, read_catalog
from service.queries.contract import Column, Module, Param, Text
from service.queries.runner import run_module

__all__ = ["Catalog", "Column", "Module", "Param", "Procedure", "Text", "read_catalog", "run_module"]
