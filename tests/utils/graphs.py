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


def tiered_network(engine: Engine) -> None:
    """Seven companies with a diamond, a cycle and filtered links; hand-checkable:

    b --product 5, information 1--> a      c --product 5 (critical)--> a
    d --product 2--> b                     d --product 7--> c
    e --product 3 (critical)--> c          e --product 1--> d
    f --product 4 (2020 only)--> d         a --product 9--> f
    g --money 50--> a
    b and d are members of the ecosystem "eco".
    """
    write(
        engine,
        company=[company(i, f"Company {i.upper()}", sector=f"s{'abcdefg'.index(i) % 3}") for i in "abcdefg"],
        ecosystem=[{"id": "eco", "name": "Eco"}],
        member_of=[{"source": "b", "target": "eco"}, {"source": "d", "target": "eco"}],
        delivers=[
            delivers("ba", "b", "a", value=5.0),
            delivers("ba2", "b", "a", category="information", value=1.0),
            delivers("ca", "c", "a", value=5.0, critical=True),
            delivers("db", "d", "b", value=2.0),
            delivers("dc", "d", "c", value=7.0),
            delivers("ec", "e", "c", value=3.0, critical=True),
            delivers("ed", "e", "d", value=1.0),
            delivers("fd", "f", "d", value=4.0, start="2020-01-01", end="2020-12-31"),
            delivers("af", "a", "f", value=9.0),
            delivers("ga", "g", "a", category="money", value=50.0),
        ],
    )


def partner_network(engine: Engine) -> None:
    """A company "me", its partners, customers and a competitor; hand-checkable:

    me (Design, Welding) --product 10--> cust1 --money 10--> me
    me --product 5--> cust2                 sup --product 3, information 1--> me --money 3--> sup
    p3 (Logistics) --knowledge 2--> me      p3 --product 1--> cust1
    p1 (Software) --product--> cust1, cust2
    p2 (Design, Software, Logistics) --money--> cust1; competes in m1 with me and comp
    comp (Design, Welding) competes in m1; sup has Software
    """
    capabilities = {"k1": "Design", "k2": "Welding", "k3": "Software", "k4": "Logistics"}
    stages = {"k1": "genesis", "k3": "commodity", "k4": "custom"}  # Welding's not given
    holds = {"me": "k1 k2", "p1": "k3", "p2": "k1 k3 k4", "p3": "k4", "comp": "k1 k2", "sup": "k3"}
    write(
        engine,
        company=[company(i) for i in ("me", "p1", "p2", "p3", "comp", "cust1", "cust2", "sup")],
        capability=[{"id": k, "name": name, "evolution": stages.get(k)} for k, name in capabilities.items()],
        market=[{"id": "m1", "name": "Market One"}],
        has_capability=[{"source": c, "target": k} for c, ks in holds.items() for k in ks.split()],
        competes_in=[{"source": c, "target": "m1", "revenue": 1.0} for c in ("me", "p2", "comp")],
        delivers=[
            delivers("x1", "me", "cust1", value=10.0),
            delivers("x2", "cust1", "me", category="money", value=10.0),
            delivers("x3", "me", "cust2", value=5.0),
            delivers("x4", "sup", "me", value=3.0),
            delivers("x5", "me", "sup", category="money", value=3.0),
            delivers("x6", "sup", "me", category="information", value=1.0),
            delivers("x7", "p3", "me", category="knowledge", value=2.0),
            delivers("x8", "p3", "cust1", value=1.0),
            delivers("x9", "p1", "cust1", value=1.0),
            delivers("x10", "p1", "cust2", value=1.0),
            delivers("x11", "p2", "cust1", category="money", value=1.0),
        ],
    )


def late_failure(engine: Engine) -> None:
    """A company that keeps a supplier in round 1 and loses it in round 2; hand-checkable:

    s --product 2--> m --product 4--> x --service 6--> y
    s --product 3--> x                 z --product 1--> y
    s --money 8--> z
    """
    write(
        engine,
        company=[company(i, f"Company {i.upper()}", sector=f"s{'mxyzs'.index(i)}") for i in "smxyz"],
        delivers=[
            delivers("sm", "s", "m", value=2.0),
            delivers("sx", "s", "x", value=3.0),
            delivers("mx", "m", "x", value=4.0),
            delivers("xy", "x", "y", category="service", value=6.0),
            delivers("zy", "z", "y", value=1.0),
            delivers("sz", "s", "z", category="money", value=8.0),
        ],
    )


def merging_network(engine: Engine) -> None:
    """An acquirer a and a target t with their suppliers and customers; hand-checkable:

    s --product 10--> a --product 20--> u --product 20--> w      lone (no deliverables)
    s --product 4---> t --product 5---> u
    a --information 3--> t --service 8--> v --product 2--> y --product 1--> z
    r --knowledge 1--> a               v --money 50--> w
    r --knowledge 2--> t               s --data 1--> u, s --data 1--> w
    q --service 1---> t
    """
    write(
        engine,
        company=[company(i) for i in ("a", "t", "s", "r", "q", "u", "v", "w", "y", "z", "lone")],
        delivers=[
            delivers("d1", "s", "a", value=10.0),
            delivers("d2", "s", "t", value=4.0),
            delivers("d3", "a", "u", value=20.0),
            delivers("d4", "t", "u", value=5.0),
            delivers("d5", "t", "v", category="service", value=8.0),
            delivers("d6", "a", "t", category="information", value=3.0),
            delivers("d7", "u", "w", value=20.0),
            delivers("d8", "v", "w", category="money", value=50.0),
            delivers("d9", "s", "u", category="data", value=1.0),
            delivers("d10", "s", "w", category="data", value=1.0),
            delivers("d11", "v", "y", value=2.0),
            delivers("d12", "y", "z", value=1.0),
            delivers("d13", "r", "t", category="knowledge", value=2.0),
            delivers("d14", "r", "a", category="knowledge", value=1.0),
            delivers("d15", "q", "t", category="service", value=1.0),
        ],
    )
