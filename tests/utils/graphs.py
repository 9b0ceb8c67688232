"""Small graphs, written through the real writer, whose answers can be checked by hand."""

from __future__ import annotations

from typing import Any

from service.engines.base import Engine
from service.ingest.schema import TABLES
from service.ingest.writer import write_table


def write(engine: Engine, **tables: list[dict[str, Any]]) -> None:
    """Write tables given as lists of records, nodes before relationships."""
    for name in sorted(tables, key=lambda n: TABLES[n].label is None):
        write_table(engine, TABLES[name], tables[name])


def company(id: str, name: str | None = None, **props: Any) -> dict[str, Any]:
    return {"id": id, "name": name or id.title(), **props}


def delivers(
    id: str, source: str, target: str, category: str = "product", value: float = 1.0, **props: Any
) -> dict[str, Any]:
    nature = "tangible" if category in ("product", "service", "money") else "intangible"
    return {
        "id": id,
        "source": source,
        "target": target,
        "category": category,
        "nature": props.pop("nature", nature),
        "value": value,
        **props,
    }


def small_supply_chain(engine: Engine) -> None:
    """Four companies; hand-checkable:

    mine --ore 10--> smelter --metal 30--> maker --cars 100--> dealer
             maker --money 30--> smelter   consultant --advice 5 (knowledge)--> maker
    """
    write(
        engine,
        company=[
            company("mine", "Deep Mine", sector="raw", country="CL", revenue=50.0, employees=10),
            company("smelter", "Smelter Co", sector="metals", country="DE", revenue=80.0),
            company(
                "maker",
                "Car Maker",
                sector="assembly",
                country="DE",
                revenue=500.0,
                employees=900,
                founded=1950,
                kind="company",
            ),
            company("dealer", "Car Dealer", sector="retail", country="FR"),
            company("consultant", "Advice Ltd", sector="services", country="GB", revenue=5.0),
        ],
        capability=[{"id": "welding", "name": "Welding"}, {"id": "design", "name": "Design"}],
        market=[{"id": "cars-eu", "name": "Cars EU"}, {"id": "cars-us", "name": "Cars US"}],
        ecosystem=[{"id": "alliance", "name": "Auto Alliance"}],
        delivers=[
            delivers("d1", "mine", "smelter", value=10.0),
            delivers("d2", "smelter", "maker", value=30.0),
            delivers("d3", "maker", "dealer", value=100.0),
            delivers("d4", "maker", "smelter", category="money", value=30.0),
            delivers("d5", "consultant", "maker", category="knowledge", value=5.0),
        ],
        has_capability=[
            {"source": "maker", "target": "welding", "level": 0.5},
            {"source": "maker", "target": "design", "level": 0.9},
        ],
        competes_in=[
            {"source": "maker", "target": "cars-eu", "revenue": 300.0},
            {"source": "maker", "target": "cars-us", "revenue": 200.0},
        ],
        member_of=[{"source": "maker", "target": "alliance"}],
    )
