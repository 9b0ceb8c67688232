"""search_companies from the name index (service/analytics/name_index.py), on both engines:
cases checked by hand, a generated industry checked against pandas, and the index of a
replaced graph never answering for the new one. Also the closest companies a company
parameter suggests when its value names none, which the same index finds."""

from __future__ import annotations

import queue
import random
import re
from pathlib import Path
from typing import Any

import pytest

from service.analytics import name_index
from service.analytics.name_index import NAMES, NameIndex
from service.analytics.rows import CompanyName
from service.engines import Engine
from service.errors import EntityNotFound
from service.ingest.importer import import_dataset
from service.queries import Catalog, run_module
from tests.utils.datasets import write_dataset
from tests.utils.graphs import company, write
from tests.utils.industry import Industry

#: Names whose order, folding and characters a search must get right.
COMPANIES = {
    "acme-b": ("Acme", "tools", "DE"),
    "acme-a": ("Acme", "tools", "FR"),  # the same name: by id
    "acme-h": ("Acme (Holdings) [.*]", "finance", "DE"),
    "strasse": ("Straße Motors", "cars", "DE"),
    "caps": ("STRASSE LOGISTICS", "logistics", "AT"),
    "uni": ("Ünïcode Ltd", "tools", "CH"),
    "uni-lower": ("ünïcode GmbH", "tools", "DE"),
    "greek": ("Ωmega Σigma", "finance", "GR"),
    "percent": ("50% Off+ Co", "retail", "US"),
    "slash": ("Back\\slash & Co", "retail", "US"),
    "alpha": ("alpha", "tools", "DE"),
    "zeta": ("Zeta", "tools", "DE"),
}


def search(engine: Engine, catalog: Catalog, **params: Any) -> list[str]:
    result, _ = run_module(engine, catalog, "search_companies", params)
    return [row[0] for row in result.rows]


@pytest.fixture
def named(engine: Engine) -> Engine:
    write(engine, company=[company(i, n, sector=s, country=c) for i, (n, s, c) in COMPANIES.items()])
    return engine


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # Every company by name, then id, in code point order: capitals before small letters.
        (
            {},
            [
                "percent",
                "acme-a",
                "acme-b",
                "acme-h",
                "slash",
                "caps",
                "strasse",
                "zeta",
                "alpha",
                "uni",
                "uni-lower",
                "greek",
            ],
        ),
        ({"q": "acme"}, ["acme-a", "acme-b", "acme-h"]),
        ({"q": "ACME"}, ["acme-a", "acme-b", "acme-h"]),
        # Unicode case folding: ß is ss, Ü is ü, capital sigma is small sigma.
        ({"q": "strasse"}, ["caps", "strasse"]),
        ({"q": "ß"}, ["caps", "strasse"]),
        ({"q": "ÜNÏ"}, ["uni", "uni-lower"]),
        ({"q": "\u03c3ig"}, ["greek"]),  # small sigma
        ({"q": "ω"}, ["greek"]),
        # Special characters are themselves, never a pattern.
        ({"q": ".*"}, ["acme-h"]),
        ({"q": "(holdings) [.*]"}, ["acme-h"]),
        ({"q": "%"}, ["percent"]),
        ({"q": "+ co"}, ["percent"]),
        ({"q": "\\"}, ["slash"]),
        ({"q": "k\\s"}, ["slash"]),
        ({"q": "_"}, []),
        ({"q": " co"}, ["percent", "slash"]),  # across words
        ({"q": "motors logistics"}, []),  # across two names: nothing
        ({"q": "a", "sector": "tools"}, ["acme-a", "acme-b", "zeta", "alpha"]),
        ({"q": "a", "sector": "tools", "country": "DE"}, ["acme-b", "zeta", "alpha"]),
        ({"country": "DE", "sector": "finance"}, ["acme-h"]),
        ({"sector": "nowhere"}, []),
        ({"q": "acme", "country": "XX"}, []),
        ({"limit": 3, "offset": 2}, ["acme-b", "acme-h", "slash"]),
        ({"q": "co", "limit": 2, "offset": 1}, ["slash", "uni"]),
        ({"q": "o", "offset": 100}, []),
        ({"q": "acme", "limit": 2}, ["acme-a", "acme-b"]),
    ],
)
def test_search_by_hand(named: Engine, catalog: Catalog, params: dict[str, Any], expected: list[str]) -> None:
    assert search(named, catalog, **params) == expected


def test_pages_say_whether_more_follow(named: Engine, catalog: Catalog) -> None:
    pages = []
    for offset in range(0, 12, 5):
        result, _ = run_module(named, catalog, "search_companies", {"q": "", "limit": 5, "offset": offset})
        pages.append((len(result.rows), result.more))
    assert pages == [(5, True), (5, True), (2, False)]
    result, _ = run_module(named, catalog, "search_companies", {"q": "acme", "limit": 3})
    assert (len(result.rows), result.more) == (3, False)


def test_rows_are_the_companies(named: Engine, catalog: Catalog) -> None:
    result, _ = run_module(named, catalog, "search_companies", {"q": "50%"})
    assert result.records() == [
        {"id": "percent", "name": "50% Off+ Co", "kind": None, "sector": "retail", "country": "US", "revenue": None}
    ]


#: Each way to the first matches (service/analytics/name_index.py): what counts as rare.
WAYS = {"rare up to 1M entries": 1_000_000, "rare up to 16": 16, "rare up to 0": 0}


@pytest.mark.parametrize("industry", [("falkordb", 11), ("neo4j", 11)], indirect=True, ids=str)
@pytest.mark.parametrize("sparse", WAYS.values(), ids=WAYS.keys())
def test_a_generated_industry_as_pandas_finds_it(
    industry: Industry, catalog: Catalog, sparse: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page of fragments of every length, filtered or not, as pandas's
    ``str.contains(regex=False, case=False)`` finds them; whichever way the index takes."""
    monkeypatch.setattr(name_index, "SPARSE_MIN", sparse)
    monkeypatch.setattr(name_index, "SPARSE_PER_MILLION", 0)
    companies = industry.tables["company"]
    names = list(companies.name)
    rng = random.Random(5)
    fragments = ["", "zz", "A", " "] + [
        name[start : start + size].upper() if i % 2 else name[start : start + size]
        for i, name, size in ((i, rng.choice(names), 1 + i % 9) for i in range(40))
        for start in [rng.randrange(max(1, len(name) - size + 1))]
    ]
    sectors = [None, *companies.sector.value_counts().index[[0, -1]]]
    countries = [None, str(companies.country.value_counts().index[1])]
    checked = 0
    for i, q in enumerate(fragments):
        sector, country = sectors[i % 3], countries[i // 3 % 2]
        keep = companies.name.str.contains(q, regex=False, case=False)
        if sector is not None:
            keep &= companies.sector.eq(sector)
        if country is not None:
            keep &= companies.country.eq(country)
        expected = [i for _name, i in sorted(zip(companies.name[keep], companies.id[keep], strict=True))]
        params = {"q": q, "sector": sector, "country": country, "limit": 50 + i * 37 % 400}
        assert walked(industry.engine, catalog, params) == expected, params
        checked += len(expected)
    assert checked > len(companies)


def closest(engine: Engine, catalog: Catalog, value: str) -> list[tuple[str, str]]:
    """The companies suggested when ``value`` names none (company_profile's ``id``)."""
    with pytest.raises(EntityNotFound, match=f"no Company with id or name {re.escape(repr(value))}") as raised:
        run_module(engine, catalog, "company_profile", {"id": value})
    return raised.value.closest


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Names or ids holding the value, whatever the case: shortest name first, then by
        # name and id in code point order (a capital before a small letter), five at most.
        ("a", ["acme-a", "acme-b", "zeta", "alpha", "greek"]),
        ("co", ["percent", "uni", "uni-lower", "slash"]),
        ("ACME-", ["acme-a", "acme-b", "acme-h"]),  # ids
        # Unicode case folding, as search_companies: ß is ss.
        ("ß", ["strasse", "caps"]),
        ("ΣIGMA", ["greek"]),
        ("(holdings) [", ["acme-h"]),  # a special character is itself
        # Nothing holds the value: its longest word, then nothing.
        ("Zeta Omega Motors", ["strasse"]),
        ("ghost", []),
    ],
)
def test_closest_companies_by_hand(named: Engine, catalog: Catalog, value: str, expected: list[str]) -> None:
    names = {i: name for i, (name, _sector, _country) in COMPANIES.items()}
    assert closest(named, catalog, value) == [(i, names[i]) for i in expected]


@pytest.mark.parametrize("industry", [("falkordb", 11), ("neo4j", 11)], indirect=True, ids=str)
def test_closest_companies_of_a_generated_industry_as_pandas_finds_them(industry: Industry, catalog: Catalog) -> None:
    """Pieces of names and ids, in either case, and two words of which only the longest is
    held: the companies pandas finds holding them case-folded, by name length, name and id."""
    companies = industry.tables["company"]
    rng = random.Random(3)
    pieces = [
        text[start : start + size].upper() if i % 2 else text[start : start + size]
        for i, text, size in ((i, rng.choice(list(companies.name) + list(companies.id)), 2 + i % 7) for i in range(30))
        for start in [rng.randrange(max(1, len(text) - size + 1))]
    ]
    values = [*pieces, "qqqq " + pieces[-1], "zzzz"]
    folded = companies.assign(
        folded_name=companies.name.str.casefold(), folded_id=companies.id.str.casefold(), size=companies.name.str.len()
    ).sort_values(["size", "name", "id"])
    checked = 0
    for value in values:
        if value in set(companies.name) | set(companies.id):
            continue
        for text in (value, max(value.split(), key=len)):
            t = text.casefold()
            held = folded[
                folded.folded_name.str.contains(t, regex=False) | folded.folded_id.str.contains(t, regex=False)
            ]
            if len(held):
                break
        expected = list(zip(held.id[:5], held.name[:5], strict=True))
        assert closest(industry.engine, catalog, value) == expected, value
        checked += len(expected)
    assert checked > 100


def test_many_names_of_few_letters_as_python_finds_them() -> None:
    """Pieces under thousands of names each, whichever way is taken, with and without filters
    (the index alone: no engine holds these names)."""
    rng = random.Random(7)
    rows = [
        [f"c{i:05}", "".join(rng.choice("abcAB ") for _ in range(rng.randint(1, 12))), rng.choice("xyz"), c]
        for i, c in enumerate(rng.choices(["DE", "FR", None], k=6_000))
    ]
    index = NameIndex.of([CompanyName(*row) for row in rows])
    ordered = sorted(rows, key=lambda row: (row[1], row[0]))
    for q in ["a", "Ab", "abc", "b c", "CAB a", " ", "bbbbbbbbb", "d"]:
        for sector, country in [(None, None), ("x", None), ("y", "FR")]:
            for wanted in (1, 50, 3_000):
                expected = [
                    i
                    for i, name, s, c in ordered
                    if q.casefold() in name.casefold() and sector in (None, s) and country in (None, c)
                ]
                assert index.ids_of(index.matches(q, sector, country, wanted)) == expected[:wanted], (q, sector)


def walked(engine: Engine, catalog: Catalog, params: dict[str, Any]) -> list[str]:
    """Every page of an answer, from the first on, as long as it says more follow."""
    ids: list[str] = []
    while True:
        result, _ = run_module(engine, catalog, "search_companies", {**params, "offset": len(ids)})
        ids += [row[0] for row in result.rows]
        if not result.more:
            return ids


def test_the_index_is_built_in_the_background(named: Engine, catalog: Catalog) -> None:
    lines: queue.Queue[str] = queue.Queue()
    NAMES.build_in_background(named, catalog, lines.put)
    assert re.fullmatch(r"name index ready: 12 company names in [\d.]+ s", lines.get(timeout=60))


def test_a_replaced_graph_is_searched_anew(engine: Engine, catalog: Catalog, tmp_path: Path) -> None:
    write(engine, company=[company("old", "Old Name Works"), company("keep", "Kept Name")])
    assert search(engine, catalog, q="name") == ["keep", "old"]
    dataset = write_dataset(
        tmp_path / "new", company=[company("new", "New Name Works"), company("keep", "Kept Name, renamed")]
    )
    import_dataset(engine, dataset, replace=True)
    assert search(engine, catalog, q="name") == ["keep", "new"]
    assert search(engine, catalog, q="old") == []
    assert search(engine, catalog, q="RENAMED") == ["keep"]
    write(engine, company=[company("added", "Added Name")])  # an upsert is a new graph version too
    assert search(engine, catalog, q="name") == ["added", "keep", "new"]
