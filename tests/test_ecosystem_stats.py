"""ecosystem_stats, checked by hand: a flow repeated between two companies' roles is counted
once by nature and category (between the companies), and once more among relationships."""

from __future__ import annotations

from service.engines import Engine
from service.queries import Catalog, run_module
from tests.utils.graphs import company, delivers, write


def test_nature_and_category_count_the_deliverables_between_companies(engine: Engine, catalog: Catalog) -> None:
    write(
        engine,
        company=[
            company("a", sector="s1", revenue=10.0),
            company("b", sector="s1", revenue=5.0),
            company("c", sector="s2", revenue=1.0),
        ],
        role=[{"id": "ra", "name": "A Sales"}, {"id": "rb", "name": "B Buying"}],
        has_role=[{"source": "a", "target": "ra"}, {"source": "b", "target": "rb"}],
        delivers=[
            delivers("ab", "a", "b", value=10.0),
            delivers("ba", "b", "a", category="money", value=10.0),
            delivers("ca", "c", "a", category="information", value=2.0),
            # a's sale to b and b's payment again, between their roles
            delivers("ra-rb", "ra", "rb", value=10.0, source_label="Role", target_label="Role"),
            delivers("rb-ra", "rb", "ra", category="money", value=10.0, source_label="Role", target_label="Role"),
        ],
    )
    result, _ = run_module(engine, catalog, "ecosystem_stats", {})
    rows = {(scope, name): (count, value) for scope, name, count, value in result.rows}
    assert rows[("relationship", "DELIVERS")] == (5, None)
    assert rows[("relationship", "HAS_ROLE")] == (2, None)
    assert {key: rows[key] for key in rows if key[0] in ("nature", "category", "sector")} == {
        ("nature", "intangible"): (1, 2.0),
        ("nature", "tangible"): (2, 20.0),  # product 10 + money 10, not the roles' 20 again
        ("category", "information"): (1, 2.0),
        ("category", "money"): (1, 10.0),
        ("category", "product"): (1, 10.0),
        ("sector", "s1"): (2, 15.0),
        ("sector", "s2"): (1, 1.0),
    }
