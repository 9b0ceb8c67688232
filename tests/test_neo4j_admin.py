"""``valuenet export --format neo4j-admin``: neo4j-admin imports the files into a Neo4j of
their own, which then holds what valuenet's own import writes (labels, properties and their
types, schema) and answers every question as the embedded engine does on the same data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from service.engines import Engine, open_engine
from service.engines.embedded import EmbeddedServer
from service.engines.falkordb import FalkorDBEngine
from service.ingest.generate import generate_dataset
from service.ingest.importer import import_dataset
from service.ingest.neo4j_admin import COMMAND_FILE, export_neo4j_admin
from service.model import LABELS, RELATIONSHIPS
from service.queries import Catalog, run_module
from service.settings import Settings
from tests.conftest import INDUSTRY_COMPANIES, INDUSTRY_SEEDS, Neo4jTarget, falkordb_engine, neo4j_engine
from tests.utils.graphs import company, delivers
from tests.utils.neo4j_server import Neo4jServer

#: Texts and numbers a CSV file could get wrong, beside the generated industry. (Floats of
#: at most 15 significant digits: FalkorDB 4.16 answers no more.)
AWKWARD = {
    "company": [
        company("awk-1", 'Line\nbreak, "quoted"', sector="", country=" spaced ", revenue=0.3, employees=2**62),
        company("awk-2", "ünïcödé ☃ \\ back\\slash", revenue=1.5e300, employees=0, founded=-44),
        company("awk-3", "tiny", revenue=2.5e-300, kind="ngo"),
    ],
    "delivers": [
        delivers("awk-d1", "awk-1", "awk-2", value=1e-7, critical=True, start="1999-12-31", end="2000-01-01"),
        delivers("awk-d2", "awk-2", "awk-1", category="money", value=0.123456789012345, critical=False),
        delivers("awk-d3", "awk-3", "awk-1", category="data", deliverable="a;b;c"),
    ],
}

#: The time limit of a question on Neo4j here: GDS's first PageRank on a busy machine may
#: take more than the default 30 s.
LONG_MS = 600_000
#: Internal ids per page of the export: the industry's graph takes several.
PAGED = 1_000


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated industry with the awkward rows, in Parquet (which has empty texts)."""
    folder = tmp_path_factory.mktemp("industry")
    generate_dataset(INDUSTRY_COMPANIES, INDUSTRY_SEEDS[0], folder, "parquet", None)
    for name, rows in AWKWARD.items():
        table = pq.read_table(folder / f"{name}.parquet")
        pq.write_table(pa.concat_tables([table, pa.Table.from_pylist(rows, table.schema)]), folder / f"{name}.parquet")
    return folder


@pytest.fixture(scope="module")
def embedded(server: EmbeddedServer, dataset: Path) -> Iterator[FalkorDBEngine]:
    engine = falkordb_engine(server)
    engine.ensure_schema()
    import_dataset(engine, dataset)
    yield engine
    engine.drop()
    engine.close()


@pytest.fixture(scope="module")
def imported(request: pytest.FixtureRequest, dataset: Path) -> Iterator[Engine]:
    """The session's Neo4j, holding the same data as written by valuenet's own import."""
    target: Neo4jTarget = request.getfixturevalue("neo4j_target")
    engine = neo4j_engine(target, LONG_MS)
    import_dataset(engine, dataset)
    yield engine
    engine.clear()
    engine.close()


@pytest.fixture(scope="module")
def admin(
    request: pytest.FixtureRequest, embedded: FalkorDBEngine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """A Neo4j of its own, filled by neo4j-admin from the embedded engine's export, then
    opened as valuenet opens it. The export reads the graph in pages of 1,000 internal ids
    (of about 12,000), each appended to its files."""
    request.getfixturevalue("neo4j_target")  # skipped as the other Neo4j runs are
    files = tmp_path_factory.mktemp("admin") / "files"
    assert embedded.read("MATCH (n) RETURN max(id(n)) AS top").rows[0][0] > 5 * PAGED
    written = export_neo4j_admin(embedded, files, "neo4j", page=PAGED)
    command = (files / COMMAND_FILE).read_text()
    assert command == written.command("neo4j") + "\n"
    assert command.startswith(f"neo4j-admin database import full neo4j --nodes={files}/company.csv ")
    assert "--multiline-fields=true" in command  # a name holds a line break
    server = Neo4jServer(tmp_path_factory.mktemp("admin-neo4j"))
    try:
        server.import_full(written.arguments("neo4j"))
        server.start()
        settings = Settings(database_url=server.url, neo4j_password=server.password, query_timeout_ms=LONG_MS)  # type: ignore[arg-type]
        engine = open_engine(settings)
        yield engine
        engine.close()
    finally:
        server.stop()


def typed(value: Any) -> Any:
    """A value with its type, so that 1 and 1.0 or True and 1 differ."""
    if isinstance(value, dict):
        return sorted((k, typed(v)) for k, v in value.items())
    return (type(value).__name__, value)


def nodes(engine: Engine, label: str) -> list[Any]:
    assert label in LABELS
    rows = engine.read(f"MATCH (n:{label}) RETURN n.id AS id, labels(n) AS labels, properties(n) AS p").rows
    return sorted([i, sorted(labels), typed(p)] for i, labels, p in rows)


def relationships(engine: Engine, kind: str) -> list[Any]:
    assert kind in RELATIONSHIPS
    statement = (
        f"MATCH (a)-[r:{kind}]->(b) RETURN labels(a) AS a, a.id AS s, labels(b) AS b, b.id AS t, properties(r) AS p"
    )
    return sorted([a, s, b, t, typed(p)] for a, s, b, t, p in engine.read(statement).rows)


def test_neo4j_admin_import_holds_what_valuenet_imports(admin: Engine, imported: Engine, embedded: Engine) -> None:
    for label in LABELS:
        expected = nodes(imported, label)
        assert expected, label
        assert nodes(admin, label) == expected, label
        assert nodes(embedded, label) == expected, label
    for kind in RELATIONSHIPS:
        expected = relationships(imported, kind)
        assert expected, kind
        assert relationships(admin, kind) == expected, kind
        assert relationships(embedded, kind) == expected, kind
    totals = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS relationships"
    assert admin.read(totals).rows == imported.read(totals).rows == embedded.read(totals).rows


def test_neo4j_admin_import_gets_valuenet_schema_when_valuenet_opens_it(admin: Engine, imported: Engine) -> None:
    schema = (
        "SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, owningConstraint, state "
        "RETURN name, type, entityType, labelsOrTypes, properties, owningConstraint, state ORDER BY name"
    )
    assert admin.read(schema).rows == imported.read(schema).rows
    constraints = "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN * ORDER BY name"
    assert admin.read(constraints).rows == imported.read(constraints).rows
    assert [row[0] for row in admin.read(constraints).rows] == ["valuenet_state"]  # ids: range indexes, two slots


def parameter_sets(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Parameters for every module, from the industry: its hubs, some others, a stream, an ecosystem."""
    by_degree = engine.read(
        "MATCH (c:Company) OPTIONAL MATCH (c)-[d:DELIVERS]-() "
        "WITH c.id AS id, count(d) AS n RETURN id ORDER BY n DESC, id"
    ).rows
    ranked = [row[0] for row in by_degree]
    hub, second, others = ranked[0], ranked[1], ranked[10::300][:4]
    stream = engine.read(
        "MATCH (:Company)-[:OPERATES]->(s:ValueStream)-[:DELIVERS]-(:ValueStream) RETURN s.id AS id ORDER BY id LIMIT 1"
    ).rows
    ecosystem = engine.read("MATCH (e:Ecosystem) RETURN e.id AS id ORDER BY id LIMIT 1").rows[0][0]
    return {
        "ecosystem_stats": [{}],
        "search_companies": [{"q": "metal"}, {"sector": "assembly", "limit": 50}, {"q": "break"}],
        "company_profile": [{"id": c} for c in (hub, *others, "awk-1")],
        "ecosystem_map": [
            {"center": hub, "hops": 2},
            {"center": ecosystem, "center_kind": "ecosystem"},
            {"center": "assembly", "center_kind": "sector", "natures": ["intangible"]},
        ],
        "dependency_chain": [
            {"company": hub, "direction": "up", "max_tier": 6, "limit": 1000},
            {"company": hub, "direction": "down", "max_tier": 3, "as_of": "2015-06-30"},
            {"company": hub, "direction": "up", "critical_only": True},
        ],
        "failure_impact": [
            {"companies": [hub], "mode": "direct"},
            {"companies": [second, others[1]], "limit": 500},
            {"companies": [hub], "mode": "all", "limit": 500},
        ],
        "single_points_of_failure": [{}, {"sector": "raw_materials", "min_receivers": 1}],
        "value_exchange": [{"company": c} for c in (hub, others[2], "awk-2")],
        "key_players": [
            {"measure": "degree"},
            {"measure": "value", "sector": "assembly"},
            {"measure": "pagerank", "ecosystem": ecosystem},
        ],
        "alignment_opportunities": [{"company": c} for c in (hub, others[3])],
        "connection_paths": [{"a": hub, "b": c} for c in others]
        + [{"a": others[0], "b": hub, "direction": "upstream"}],
        "merger_overlap": [{"a": hub, "b": second}, {"a": others[0], "b": others[1]}],
        "merger_markets": [{"acquirer": hub, "targets": [second, *others]}],
        "capability_landscape": [{}, {"sector": "assembly"}, {"ecosystem": ecosystem}],
        "exchange_analysis": [{"sector": "assembly"}, {"zoom": "sector"}, {"ecosystem": ecosystem, "limit": 5000}],
        "network_changes": [
            {"from": "2015-01-01", "to": "2020-01-01"},
            {"from": "2012-06-30", "to": "2016-06-30", "sector": "assembly"},
        ],
        "network_change_figures": [
            {"from": "2015-01-01", "to": "2020-01-01"},
            {"from": "2012-06-30", "to": "2016-06-30", "sector": "assembly", "top": 3},
        ],
        "exchange_indicators": [{}, {"sector": "assembly"}, {"ecosystem": ecosystem, "as_of": "2015-06-30"}],
        "market_shares": [{"company": c} for c in (hub, *others)] + [{"limit": 1000}],
        "supplier_diversity": [{"company": c} for c in (hub, *others, "awk-1")]
        + [{"company": hub, "as_of": "2015-06-30", "categories": ["money", "product"]}],
        "merger_dependencies": [{"acquirer": hub, "targets": [second, *others]}],
        "merger_scenario": [
            {"acquirer": hub, "targets": [second]},
            {"acquirer": hub, "targets": [second, *others], "compare": True, "rank_by": "delta_hhi"},
        ],
        "merger_network_effect": [
            {"acquirer": hub, "targets": [second]},
            {"acquirer": hub, "targets": [second, *others], "tiers": 2, "as_of": "2015-06-30"},
        ],
        "value_stream_network": [{"company": hub, "hops": 2}, {"stream": stream[0][0], "hops": 1}],
        "enterprise_map": [{"company": c} for c in (hub, *others)] + [{"company": hub, "as_of": "2015-06-30"}],
    }


def answer(engine: Engine, catalog: Catalog, name: str, params: dict[str, Any]) -> Any:
    """A module's rows, floats to 6 places down to those in maps and lists: sums taken in
    another order (another store's order) differ in the last digits."""
    result, _ = run_module(engine, catalog, name, params)
    return deep_rounded(result.rows)


def deep_rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: deep_rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [deep_rounded(v) for v in value]
    return value


def test_neo4j_admin_import_answers_every_question_as_valuenet_import_and_the_embedded_engine(
    admin: Engine, imported: Engine, embedded: Engine, catalog: Catalog
) -> None:
    sets = parameter_sets(embedded)
    assert set(sets) == {m.name for m in catalog}
    answered: Counter[str] = Counter()
    for name, variants in sets.items():
        for params in variants:
            expected = answer(imported, catalog, name, params)
            assert answer(admin, catalog, name, params) == expected, (name, params)
            if params.get("measure") != "pagerank":  # GDS's scores are not FalkorDB's
                assert answer(embedded, catalog, name, params) == expected, (name, params)
            answered[name] += bool(expected)
    assert all(answered[name] for name in sets), answered  # every module answered something
