"""Questions answered by short Python procedures over several step texts (``cypher/steps/``).

A procedure's contract (parameters, columns) is the header of its ``cypher/NAME.cypher``,
exactly as for a one-text module; the procedure gets the bound parameters and returns the
declared columns. Used where one Cypher text cannot answer at a cost linear in what is
reached (tiers of a traversal), or where engines need Python between steps.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from service.analytics.alignment import alignment_opportunities
from service.analytics.capability_index import CAPABILITY_INDEX
from service.analytics.cascade import failure_impact
from service.analytics.changes import network_change_figures, network_changes
from service.analytics.concentration import merger_markets
from service.analytics.dependency import dependency_chain
from service.analytics.exchange import exchange_analysis, exchange_indicators
from service.analytics.landscape import capability_landscape
from service.analytics.maps import ecosystem_map, value_stream_network
from service.analytics.merger import merger_dependencies, merger_overlap
from service.analytics.name_index import NAMES, closest_companies
from service.analytics.network_effect import merger_network_effect
from service.analytics.paths import connection_paths
from service.analytics.players import key_players
from service.analytics.rows import STEPS
from service.analytics.scenario import merger_scenario
from service.analytics.search import search_companies
from service.analytics.sole import single_points_of_failure
from service.analytics.supply_index import SUPPLY, held_company_ids
from service.engines.base import Engine
from service.queries.catalog import Catalog, Procedure, cypher_root, read_catalog
from service.queries.steps import ROWS

__all__ = ["PROCEDURES", "build_in_background", "load_catalog"]

PROCEDURES: dict[str, Procedure] = {
    "dependency_chain": dependency_chain,
    "failure_impact": failure_impact,
    "ecosystem_map": ecosystem_map,
    "value_stream_network": value_stream_network,
    "connection_paths": connection_paths,
    "key_players": key_players,
    "single_points_of_failure": single_points_of_failure,
    "merger_overlap": merger_overlap,
    "merger_markets": merger_markets,
    "merger_dependencies": merger_dependencies,
    "merger_scenario": merger_scenario,
    "merger_network_effect": merger_network_effect,
    "alignment_opportunities": alignment_opportunities,
    "network_change_figures": network_change_figures,
    "network_changes": network_changes,
    "exchange_indicators": exchange_indicators,
    "exchange_analysis": exchange_analysis,
    "search_companies": search_companies,
    "capability_landscape": capability_landscape,
}


def load_catalog(root: Path | None = None) -> Catalog:
    """The modules of ``root`` (``cypher_root()`` by default), answered with these
    procedures, their steps checked against the named rows the procedures read them as; the
    companies closest to a value that names none found by the name index, company ids found
    by the supply index once it is built."""
    return read_catalog(root or cypher_root(), PROCEDURES, (*ROWS, *STEPS), closest_companies, held_company_ids)


def build_in_background(engine: Engine, catalog: Catalog, report: Callable[[str], None]) -> None:
    """Build what the questions hold in memory per graph version (the supply index, the
    name index, the capability index) on threads of their own, at start or after an import, so that the first
    question that needs it does not wait; ``report`` gets a line as each is done."""
    for held in (SUPPLY, NAMES, CAPABILITY_INDEX):
        held.build_in_background(engine, catalog, report)
