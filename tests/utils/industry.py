"""Generated industries loaded into an engine, with the same tables in pandas, so a test
can compute an answer independently (pandas, networkx) and compare it with a module's."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from service.engines.base import Engine
from service.ingest.generate import generate_dataset
from service.ingest.importer import import_dataset
from service.ingest.schema import INPUTS, TABLES
from service.queries import Catalog, run_module

__all__ = ["INPUTS", "Industry", "load_industry", "rounded", "run", "running"]


@dataclass(frozen=True)
class Industry:
    """An engine holding a generated dataset, and the dataset's tables."""

    engine: Engine
    seed: int
    tables: dict[str, pd.DataFrame]

    def flows(
        self, categories: list[str] | None = None, as_of: str | None = None, critical_only: bool = False
    ) -> pd.DataFrame:
        """DELIVERS between companies (not roles or streams), filtered as the modules filter."""
        d = self.tables["delivers"]
        between = d.source_label.fillna("Company").eq("Company") & d.target_label.fillna("Company").eq("Company")
        return d[between & running(d, categories, as_of, critical_only)]

    def supply_graph(self, flows: pd.DataFrame) -> nx.DiGraph:
        """Supplier -> receiver, weighted by the summed value of the flows between them."""
        pairs = flows.groupby(["source", "target"], as_index=False)["value"].sum()
        graph = nx.DiGraph()
        graph.add_nodes_from(self.tables["company"]["id"])
        graph.add_weighted_edges_from(pairs.itertuples(index=False, name=None))
        return graph

    def companies(self) -> pd.DataFrame:
        return self.tables["company"].set_index("id")


def running(delivers: pd.DataFrame, categories: list[str] | None, as_of: str | None, critical_only: bool) -> pd.Series:
    """Which deliverables the modules' filters keep: of these categories, running on
    ``as_of`` (open ends count), critical only."""
    keep = pd.Series(True, index=delivers.index)
    if categories is not None:
        keep &= delivers.category.isin(categories)
    if as_of is not None:
        keep &= (delivers.start.isna() | (delivers.start <= as_of)) & (delivers.end.isna() | (delivers.end >= as_of))
    if critical_only:
        keep &= delivers.critical.eq("true")
    return keep


def load_industry(engine: Engine, folder: Path, companies: int, seed: int) -> Industry:
    """Generate an industry into ``folder``, import it into ``engine``, read it back with pandas."""
    generate_dataset(companies, seed, folder, "csv", None)
    import_dataset(engine, folder)
    tables = {}
    for name in TABLES:
        frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""])
        for field in TABLES[name].fields:
            if field.type == "float" and field.name in frame:
                frame[field.name] = frame[field.name].astype(float)
        tables[name] = frame
    return Industry(engine, seed, tables)


def rounded(rows: list[list[Any]]) -> list[list[Any]]:
    """Floats to 6 places, so sums taken in another order compare equal."""
    return [[round(v, 6) if isinstance(v, float) else v for v in row] for row in rows]


def run(industry: Industry, catalog: Catalog, name: str, **params: Any) -> list[list[Any]]:
    """A module's rows on the industry, rounded."""
    result, _ = run_module(industry.engine, catalog, name, params)
    return rounded(result.rows)
