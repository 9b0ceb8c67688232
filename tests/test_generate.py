"""The synthetic industry generator: determinism, the dataset format, realism, flat memory.

Every property is computed here from the written files (pandas, networkx), not taken
from the generator.
"""

from __future__ import annotations

import gc
import re
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Literal

import networkx as nx
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from service.ingest.generate import generate_dataset
from service.ingest.schema import CATEGORIES, TABLES, Field
from service.model import RELATIONSHIPS

COMPANIES = 5_000
SEED = 7
TIER = {"raw_materials": 0, "components": 1, "assembly": 2, "distribution": 3, "end_customers": 4}
NODE_TABLE = {table.label: name for name, table in TABLES.items() if table.label is not None}
TANGIBLE = {"product", "service", "money"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Tables = dict[str, pd.DataFrame]


def read_tables(folder: Path) -> Tables:
    """Every table as text; empty cells are NaN."""
    return {
        name: pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""]) for name in TABLES
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("industry")
    return out, generate_dataset(COMPANIES, SEED, out)


@pytest.fixture(scope="module")
def tables(generated: tuple[Path, dict[str, int]]) -> Tables:
    return read_tables(generated[0])


@pytest.fixture(scope="module")
def tier(tables: Tables) -> pd.Series:
    """Tier of every company of the supply chain (service sectors have none)."""
    company = tables["company"].set_index("id")
    return company["sector"].map(TIER).dropna().astype(int)


def company_flows(tables: Tables, category: str | None = None) -> pd.DataFrame:
    delivers = tables["delivers"]
    between_companies = delivers["source_label"].fillna("Company").eq("Company") & delivers["target_label"].fillna(
        "Company"
    ).eq("Company")
    return delivers[between_companies & (delivers["category"].eq(category) if category else True)]


def check_valid(tables: Tables) -> None:
    """Every value valid per the schema; ids unique; every reference resolves to its label."""
    for name, frame in tables.items():
        for spec in TABLES[name].fields:
            check_column(name, frame[spec.name], spec)
        if "start" in frame and "end" in frame:
            both = frame["start"].notna() & frame["end"].notna()
            assert (frame["start"][both] <= frame["end"][both]).all(), f"{name}: end before start"
    ids = {label: set(tables[name]["id"]) for label, name in NODE_TABLE.items()}
    for label, name in NODE_TABLE.items():
        assert tables[name]["id"].is_unique, f"{name}: duplicate ids"
        assert len(ids[label]) == len(tables[name])
    for name, table in TABLES.items():
        if table.relationship is None:
            continue
        frame = tables[name]
        sources, targets = RELATIONSHIPS[table.relationship]
        for column, allowed in (("source", sources), ("target", targets)):
            labels = frame[f"{column}_label"].fillna(allowed[0]) if f"{column}_label" in frame else allowed[0]
            ends = pd.DataFrame({"id": frame[column], "label": labels})
            for label, group in ends.groupby("label"):
                assert label in allowed, f"{name}.{column}: label {label}"
                missing = set(group["id"]) - ids[str(label)]
                assert not missing, f"{name}.{column}: no {label} {sorted(missing)[:3]}"
        if table.keyed_by_id:
            assert frame["id"].is_unique, f"{name}: duplicate ids"
        else:
            assert not frame.duplicated([c for c in frame if c in ("source", "target")]).any(), f"{name}: duplicates"
    delivers = tables["delivers"]
    assert set(delivers["contract"].dropna()) <= ids["Contract"]
    tangible = delivers["category"].isin(TANGIBLE)
    assert (delivers["nature"] == np.where(tangible, "tangible", "intangible")).all()
    assert (delivers["source"] != delivers["target"]).all()
    assert (tables["owns"]["source"] != tables["owns"]["target"]).all()
    assert (tables["owns"]["share"].astype(float) > 0).all()


def check_column(table: str, column: pd.Series, spec: Field) -> None:
    where = f"{table}.{spec.name}"
    present = column.dropna()
    if spec.required:
        assert len(present) == len(column), f"{where}: required, but empty"
    if spec.type == "int":
        assert present.str.fullmatch(r"-?\d+").all(), f"{where}: not whole numbers"
    if spec.type in ("int", "float"):
        numbers = present.astype(float)
        assert np.isfinite(numbers).all(), f"{where}: not finite"
        if spec.minimum is not None:
            assert (numbers >= spec.minimum).all(), f"{where}: below {spec.minimum}"
        if spec.maximum is not None:
            assert (numbers <= spec.maximum).all(), f"{where}: above {spec.maximum}"
    if spec.type == "bool":
        assert present.isin(["true", "false"]).all(), f"{where}: not true/false"
    if spec.type == "date":
        assert present.str.match(DATE).all(), f"{where}: not YYYY-MM-DD"
        for value in present.drop_duplicates():
            date.fromisoformat(value)
    if spec.choices is not None:
        assert present.isin(spec.choices).all(), f"{where}: outside {spec.choices}"


def test_generate_writes_every_table_with_the_schema_columns(generated: tuple[Path, dict[str, int]]) -> None:
    out, rows = generated
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{name}.csv" for name in TABLES)
    for name, table in TABLES.items():
        lines = (out / f"{name}.csv").read_text(encoding="utf-8").splitlines()
        assert lines[0] == ",".join(f.name for f in table.fields)
        assert len(lines) - 1 == rows[name] > 0, name


def test_generate_values_ids_and_references_are_valid(tables: Tables) -> None:
    check_valid(tables)


@pytest.mark.parametrize("companies", [10, 37, 1_234])
def test_generate_small_industries_are_valid(tmp_path: Path, companies: int) -> None:
    rows = generate_dataset(companies, 3, tmp_path, chunk_size=500)
    data = read_tables(tmp_path)
    check_valid(data)
    assert rows == {name: len(frame) for name, frame in data.items()}
    assert rows["company"] == companies


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_generate_is_deterministic(tmp_path: Path, fmt: Literal["csv", "parquet"]) -> None:
    def files(seed: int, folder: str) -> dict[str, bytes]:
        out = tmp_path / folder
        generate_dataset(3_000, seed, out, fmt, chunk_size=1_000)
        return {p.name: p.read_bytes() for p in sorted(out.iterdir())}

    first = files(11, "first")
    assert len(first) == len(TABLES)
    assert files(11, "again") == first
    other = files(12, "other")
    assert other.keys() == first.keys()
    assert other[f"company.{fmt}"] != first[f"company.{fmt}"]
    assert other[f"delivers.{fmt}"] != first[f"delivers.{fmt}"]


def test_generate_parquet_has_stable_types_and_the_csv_rows(tmp_path: Path, tables: Tables) -> None:
    generate_dataset(COMPANIES, SEED, tmp_path, "parquet")
    kinds = {"string": pa.string(), "date": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    for name, table in TABLES.items():
        stored = pq.read_table(tmp_path / f"{name}.parquet")
        assert stored.schema.names == [f.name for f in table.fields]
        assert [stored.schema.field(f.name).type for f in table.fields] == [kinds[f.type] for f in table.fields]
        assert stored.num_rows == len(tables[name])
    company = pq.read_table(tmp_path / "company.parquet").to_pandas()
    assert company["id"].tolist() == tables["company"]["id"].tolist()
    assert np.allclose(company["revenue"].fillna(-1), tables["company"]["revenue"].astype(float).fillna(-1))


def test_generate_about_five_delivers_per_company(tables: Tables) -> None:
    assert 4 <= len(company_flows(tables)) / COMPANIES <= 6
    assert set(tables["delivers"]["category"]) == set(CATEGORIES)


def test_generate_products_flow_down_the_tiers(tables: Tables, tier: pd.Series) -> None:
    products = company_flows(tables, "product")
    assert products["source"].isin(tier.index).all()
    assert products["target"].isin(tier.index).all()
    step = products["target"].map(tier) - products["source"].map(tier)
    assert (step >= 1).all()
    assert (step == 1).mean() > 0.85
    assert (step == 2).any()
    graph = nx.DiGraph(zip(products["source"], products["target"], strict=True))
    assert nx.is_directed_acyclic_graph(graph)
    assert nx.dag_longest_path_length(graph) == 4  # raw materials to end customers
    # the service sectors deliver services and intangibles, not goods
    sector = tables["company"].set_index("id")["sector"]
    services = company_flows(tables, "service")
    assert services["source"].map(sector).isin(["logistics", "software_data"]).all()
    for category, provider in (("access", "regulation"), ("risk_reduction", "finance"), ("data", "software_data")):
        assert company_flows(tables, category)["source"].map(sector).eq(provider).all(), category
    assert company_flows(tables, "compliance")["target"].map(sector).eq("regulation").all()


def test_generate_money_flows_back_up(tables: Tables) -> None:
    products = company_flows(tables, "product")
    money = company_flows(tables, "money")
    paid = set(zip(money["source"], money["target"], strict=True))
    back = [(t, s) in paid for s, t in zip(products["source"], products["target"], strict=True)]
    assert 0.75 <= np.mean(back) < 1
    # the payment carries the value of the goods
    key = ["source", "target", "start"]
    pairs = products.merge(money, left_on=key, right_on=["target", "source", "start"], suffixes=("", "_paid"))
    assert len(pairs) > 0.7 * len(products)
    assert (pairs["value"].astype(float) == pairs["value_paid"].astype(float)).mean() > 0.95


def test_generate_supplier_and_customer_counts_are_heavy_tailed(tables: Tables) -> None:
    products = company_flows(tables, "product").drop_duplicates(["source", "target"])
    customers = products.groupby("source").size()
    suppliers = products.groupby("target").size()
    assert customers.max() >= 10 * customers.median()
    assert customers.median() <= 5
    assert (customers >= 1).all()
    assert suppliers.max() >= 10 * suppliers.median()
    assert ((suppliers >= 1) & (suppliers <= 5)).mean() > 0.75
    # every company upstream of the end customers sells to someone
    sector = tables["company"].set_index("id")["sector"]
    upstream = sector[sector.isin(["raw_materials", "components", "assembly", "distribution"])].index
    assert upstream.isin(customers.index).mean() > 0.97


def test_generate_sole_sourced_critical_inputs(tables: Tables) -> None:
    products = company_flows(tables, "product")
    suppliers = products.groupby("target")["source"].nunique()
    single = suppliers[suppliers == 1].index
    critical = products[products["target"].isin(single)]["critical"].eq("true")
    assert critical.sum() > 0.05 * len(suppliers)
    sole = products[products["target"].isin(single) & products["critical"].eq("true")]["target"]
    assert 0.04 <= sole.nunique() / len(suppliers) <= 0.2


def test_generate_market_concentration(tables: Tables) -> None:
    competes = tables["competes_in"].assign(revenue=lambda f: f["revenue"].astype(float))
    assert (competes["revenue"] > 0).all()
    assert competes["source"].is_unique  # one market per company
    shares = competes["revenue"] / competes.groupby("target")["revenue"].transform("sum")
    hhi = (100 * shares).pow(2).groupby(competes["target"]).sum()
    assert len(hhi) == len(tables["market"]) >= 3
    assert COMPANIES / 300 <= len(hhi) <= COMPANIES / 150
    assert (hhi > 5000).any()
    assert (hhi < 1500).any()
    assert ((hhi >= 1500) & (hhi <= 5000)).any()
    # a company earns at least its revenue in its market
    revenue = tables["company"].set_index("id")["revenue"].astype(float)
    assert (competes["source"].map(revenue) >= competes["revenue"]).all()


def test_generate_roles_capabilities_streams_and_groups(tables: Tables) -> None:
    has_role = tables["has_role"]
    roles_per_company = has_role.groupby("source").size()
    assert roles_per_company.between(3, 8).all()
    assert 0.25 < len(roles_per_company) / COMPANIES < 0.6
    capabilities = tables["has_capability"]
    of_companies = capabilities[capabilities["source_label"].isna()]
    assert of_companies.groupby("source").size().between(1, 5).all()
    assert of_companies["source"].nunique() == COMPANIES
    assert capabilities["source_label"].eq("Role").any()
    assert 200 <= len(tables["capability"]) <= 500
    assert tables["capability"]["evolution"].nunique() == 4
    delivers = tables["delivers"]
    streams = delivers[delivers["source_label"].eq("ValueStream")]
    assert len(streams) > 0
    assert streams["target_label"].eq("ValueStream").all()
    assert tables["operates"].groupby("source").size().between(1, 2).all()
    party = tables["party_to"]
    assert party.groupby("target")["role"].apply(lambda r: sorted(r) == ["customer", "supplier"]).all()
    assert set(party["target"]) == set(tables["contract"]["id"])
    assert delivers["contract"].notna().any()
    owners = tables["company"].set_index("id")["kind"]
    assert tables["owns"]["source"].map(owners).eq("investor").any()
    assert tables["owns"]["share"].astype(float).eq(1).any()
    assert tables["member_of"]["target"].nunique() >= 2
    kinds = set(tables["company"]["kind"])
    assert {"company", "investor", "public_body"} <= kinds


def test_generate_companies_of_size_have_roles_of_their_sector(tables: Tables) -> None:
    company = tables["company"].set_index("id")
    has_role = tables["has_role"].merge(tables["role"], left_on="target", right_on="id")
    roles = has_role.groupby("source").size().reindex(company.index, fill_value=0)
    assert not has_role.duplicated(["source", "function"]).any()  # one role per function
    # the larger a company of its sector, the likelier it has roles; the largest all do
    revenue = company["revenue"].astype(float)
    rank = revenue.groupby(company["sector"]).rank(ascending=False, pct=True)
    assert (roles[rank <= 0.05] > 0).mean() > 0.6 > 0.4 > (roles[rank > 0.5] > 0).mean()
    staff = company["employees"].astype(int)
    assert staff[roles > 0].median() > 5 * staff[roles == 0].median()
    # roles by sector: a regulator's are not a manufacturer's
    functions = has_role.assign(sector=has_role["source"].map(company["sector"])).groupby("sector")["function"]
    assert "procurement" in set(functions.get_group("assembly"))
    assert "procurement" not in set(functions.get_group("regulation"))
    assert set(functions.get_group("regulation")) >= {"compliance", "operations"}


def test_generate_roles_exchange_inside_and_mirror_company_flows(tables: Tables) -> None:
    owner = tables["has_role"].set_index("target")["source"]
    delivers = tables["delivers"]
    by_roles = delivers[delivers["source_label"].eq("Role")]
    assert by_roles["target_label"].eq("Role").all()
    by_roles = by_roles.assign(owner=by_roles["source"].map(owner), target_owner=by_roles["target"].map(owner))
    inside = by_roles[by_roles["owner"] == by_roles["target_owner"]]
    across = by_roles[by_roles["owner"] != by_roles["target_owner"]]
    # most companies with roles have several flows between them, of tangible and intangible natures
    flows_inside = inside.groupby("owner").size().reindex(owner.unique(), fill_value=0)
    assert (flows_inside >= 3).mean() > 0.8
    assert set(inside["nature"]) == {"tangible", "intangible"}
    assert inside["category"].nunique() >= 7
    # across companies, role flows are the company flows between two companies with roles, seen again
    companies = company_flows(tables)
    with_roles = companies[companies["source"].isin(owner) & companies["target"].isin(owner)]
    key = ["source", "target", "category", "deliverable", "value", "start", "end", "critical"]
    mirrored = across.drop(columns=["source", "target"]).rename(columns={"owner": "source", "target_owner": "target"})
    assert sorted(map(tuple, mirrored[key].fillna("").values)) == sorted(map(tuple, with_roles[key].fillna("").values))
    assert len(across) > 0.15 * len(companies)
    # each end stands by the role of its function: goods from sales (or operations) to procurement
    function = tables["role"].set_index("id")["function"]
    goods = across[across["category"] == "product"]
    assert goods["target"].map(function).eq("procurement").mean() > 0.9
    assert goods["source"].map(function).isin(["sales", "operations"]).mean() > 0.9


def test_generate_capability_stages_follow_their_activity(tables: Tables) -> None:
    capability = tables["capability"]
    activity = capability["name"].str.split(" ").str[-1]
    young = capability["evolution"].isin(["genesis", "custom"])
    assert young[activity.eq("research")].mean() > 0.6
    assert (~young[activity.isin(["operations", "maintenance", "sourcing"])]).mean() > 0.8
    assert 0.05 < capability["evolution"].eq("genesis").mean() < 0.25


def test_generate_contracts_bind_the_parties_of_their_flows(tables: Tables) -> None:
    delivers = tables["delivers"]
    under = delivers[delivers["contract"].notna()]
    assert 0.05 < len(under) / len(company_flows(tables)) < 0.5
    parties = tables["party_to"].groupby("target")["source"].apply(frozenset)
    ends = [frozenset(pair) for pair in zip(under["source"], under["target"], strict=True)]
    assert (under["contract"].map(parties) == pd.Series(ends, index=under.index)).all()
    terms = under.merge(tables["contract"], left_on="contract", right_on="id", suffixes=("", "_contract"))
    assert len(terms) == len(under)
    assert (terms["start"] == terms["start_contract"]).all()
    assert (terms["end"].fillna("") == terms["end_contract"].fillna("")).all()
    # most product flows are paid under the same contract as the goods
    categories = under.groupby("contract")["category"].apply(frozenset)
    supply = categories[categories.map(lambda c: "product" in c)]
    assert len(supply) > 0
    assert (supply == frozenset({"product", "money"})).mean() > 0.75


def test_generate_reports_progress(tmp_path: Path) -> None:
    calls: list[tuple[str, int]] = []
    rows = generate_dataset(2_000, 1, tmp_path, progress=lambda table, done: calls.append((table, done)))
    for name, count in rows.items():
        seen = [done for table, done in calls if table == name]
        assert seen == sorted(seen)
        assert seen[-1] == count
    assert [done for table, done in calls if table == "company"] == [2_000]


def test_generate_rejects_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least"):
        generate_dataset(3, 1, tmp_path)
    with pytest.raises(ValueError, match="seed"):
        generate_dataset(100, -1, tmp_path)
    generate_dataset(100, 1, tmp_path, "parquet")
    with pytest.raises(ValueError, match="another format"):
        generate_dataset(100, 1, tmp_path, "csv")


def test_generate_memory_is_flat(tmp_path: Path) -> None:
    """Peak memory (Python and numpy by tracemalloc, plus Arrow's pool) does not grow with N."""
    generate_dataset(100, 5, tmp_path / "warm-up", chunk_size=2_000)  # one-off allocations

    def peak(companies: int) -> int:
        default = pa.default_memory_pool()
        pool = pa.proxy_memory_pool(default)
        pa.set_memory_pool(pool)
        gc.collect()
        tracemalloc.start()
        try:
            generate_dataset(companies, 5, tmp_path / str(companies), chunk_size=2_000)
            return int(tracemalloc.get_traced_memory()[1] + pool.max_memory())
        finally:
            tracemalloc.stop()
            pa.set_memory_pool(default)

    small, large = peak(10_000), peak(40_000)
    assert large <= 1.5 * small, (small, large)
