"""capability_landscape (see its header), answered once per question by ``landscape_for``:

- ``MemoryLandscape`` from the capability index (``service.analytics.capability_index``),
  held per graph version where valuenet has one: the embedded engine and Neo4j;
- ``CypherLandscape`` by ``cypher/steps/scope_capabilities.cypher``, where nothing is held
  (an external FalkorDB, whose writes valuenet does not see).

Both give the same rows, in the same order.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass

from service.analytics.capability_index import CAPABILITY_INDEX, CapabilityIndex
from service.analytics.rows import SCOPE_CAPABILITIES, Landscaped
from service.engines.base import Result
from service.queries.steps import Steps

__all__ = [
    "CapabilityLandscapeParams",
    "CypherLandscape",
    "Landscape",
    "MemoryLandscape",
    "capability_landscape",
    "landscape_for",
]


@dataclass(frozen=True)
class CapabilityLandscapeParams:
    """The parameters of cypher/capability_landscape.cypher."""

    sector: str | None
    ecosystem: str | None
    limit: int
    offset: int


class Landscape(ABC):
    """The capabilities of a scope, read for one question."""

    @abstractmethod
    def page(self, params: CapabilityLandscapeParams) -> list[Landscaped]:
        """The page of capability_landscape that ``params`` ask for."""


def landscape_for(steps: Steps) -> Landscape:
    """The landscape of the graph ``steps.question`` reads: from the index held for its
    graph version (built now if need be), else by the Cypher text."""
    index = CAPABILITY_INDEX.get(steps)
    return CypherLandscape(steps) if index is None else MemoryLandscape(index)


@dataclass(frozen=True)
class CypherLandscape(Landscape):
    """The landscape read by the Cypher text, one call per question."""

    steps: Steps

    def page(self, params: CapabilityLandscapeParams) -> list[Landscaped]:
        return self.steps.run(SCOPE_CAPABILITIES, **asdict(params))


@dataclass(frozen=True)
class MemoryLandscape(Landscape):
    """The landscape read from the index of the question's graph version."""

    index: CapabilityIndex

    def page(self, params: CapabilityLandscapeParams) -> list[Landscaped]:
        return self.index.landscape(params.sector, params.ecosystem, params.offset, params.limit)


def capability_landscape(steps: Steps, params: CapabilityLandscapeParams, columns: list[str]) -> Result:
    """See cypher/capability_landscape.cypher."""
    return Result(columns, [list(row) for row in landscape_for(steps).page(params)])
