"""The cypher/ module contract: headers, parameter checks, overrides, and the real catalog."""

from __future__ import annotations

from dataclasses import dataclass, fields, make_dataclass
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from service.analytics import load_catalog
from service.analytics.rows import STEPS
from service.engines import Engine
from service.engines.base import Result
from service.engines.dialects import engine_text
from service.errors import InvalidParameter, ModuleDefinitionError
from service.queries import Catalog, Procedure, read_catalog, run_module
from service.queries.params import bind
from service.queries.rows import Step
from service.queries.steps import ROWS, Steps

GOOD = """\
// summary: Companies of a sector.
// A free comment line is allowed in the header.
// param: sector string required | The sector.
// param: limit int default=5 min=1 max=50 | Page size.
// param: kinds string[] default=company,ngo choices=company,ngo,investor | Kinds.
// param: as_of date optional | Day of interest.
// param: who string optional exists=Company | A company.
// column: id string | The id.
// column: names json | Names.
MATCH (c:Company)
WHERE c.sector = $sector AND c.kind IN $kinds
  AND ($as_of IS NULL OR c.founded <= $as_of) AND ($who IS NULL OR c.id <> $who)
  // a comment mentioning $nothing is not a use
RETURN c.id AS id, 'not $a parameter' AS names
LIMIT $limit
"""


def catalog_of(tmp_path: Path, files: dict[str, str]) -> Catalog:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return load_catalog(tmp_path)


def refused(tmp_path: Path, files: dict[str, str]) -> str:
    with pytest.raises(ModuleDefinitionError) as failure:
        catalog_of(tmp_path, files)
    return str(failure.value)


def test_contract_reads_a_good_header(tmp_path: Path) -> None:
    module = catalog_of(tmp_path, {"by_sector.cypher": GOOD}).get("by_sector")
    assert module.summary == "Companies of a sector."
    assert [(p.name, p.type, p.required, p.default) for p in module.params] == [
        ("sector", "string", True, None),
        ("limit", "int", False, 5),
        ("kinds", "string[]", False, ["company", "ngo"]),
        ("as_of", "date", False, None),
        ("who", "string", False, None),
    ]
    assert module.param("limit").maximum == 50
    assert module.param("who").exists == "Company"
    assert module.column_names == ["id", "names"]
    assert module.text_for("neo4j").line == 10
    assert module.text_for("falkordb").cypher.startswith("MATCH (c:Company)")


def test_contract_refuses_an_undeclared_parameter_with_file_and_line(tmp_path: Path) -> None:
    text = GOOD.replace("LIMIT $limit", "LIMIT $limit + $extra")
    assert refused(tmp_path, {"m.cypher": text}) == (
        "cypher/m.cypher:15: $extra is used but not declared in the header"
    )


def test_contract_refuses_a_declared_but_unused_parameter(tmp_path: Path) -> None:
    text = GOOD.replace("LIMIT $limit", "LIMIT 5")
    assert refused(tmp_path, {"m.cypher": text}) == (
        "cypher/m.cypher:4: parameter 'limit' is declared but cypher/m.cypher does not use it"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("// param: limit integer default=5 | x", "unknown type 'integer'"),
        ("// param: limit int | x", "exactly one of required, optional, default"),
        ("// param: limit int required default=3 | x", "exactly one of required, optional"),
        ("// param: limit int default=five | x", "default: parameter 'limit': expected a whole"),
        ("// param: limit int default=5 exists=Planet | x", "exists=Planet: not a label"),
        ("// param: limit int default=5 colour=red | x", "bad option 'colour=red'"),
        ("// param: Limit int default=5 | x", "'Limit' is not a lower_snake_case name"),
    ],
)
def test_contract_refuses_a_bad_parameter_line(tmp_path: Path, line: str, message: str) -> None:
    text = GOOD.replace("// param: limit int default=5 min=1 max=50 | Page size.", line)
    error = refused(tmp_path, {"m.cypher": text})
    assert error.startswith("cypher/m.cypher:4: ")
    assert message in error


@pytest.mark.parametrize(
    "line",
    [
        "// param: limit int default=5 | Page size.",
        "// param: limit int default=5 min=1 | Page size.",
        "// param: limit int default=5 min=0 max=4294967296 | Page size.",
    ],
)
def test_contract_needs_engine_sized_bounds_on_a_questions_whole_numbers(tmp_path: Path, line: str) -> None:
    text = GOOD.replace("// param: limit int default=5 min=1 max=50 | Page size.", line)
    assert refused(tmp_path / "question", {"m.cypher": text}) == (
        "cypher/m.cypher:4: parameter 'limit' needs min= and max= within ±2147483647"
    )
    steps = catalog_of(tmp_path / "step", {"m.cypher": GOOD, "steps/s.cypher": text}).steps  # code calls steps
    assert steps["s"].param("limit").maximum == (4294967296 if "max=" in line else None)


def test_contract_refuses_a_module_without_summary_or_columns(tmp_path: Path) -> None:
    no_summary = GOOD.replace("// summary: Companies of a sector.\n", "")
    assert "has no '// summary:' line" in refused(tmp_path / "a", {"m.cypher": no_summary})
    no_columns = GOOD.replace("// column: id string | The id.\n", "").replace("// column: names json | Names.\n", "")
    assert "declares no '// column:'" in refused(tmp_path / "b", {"m.cypher": no_columns})


def test_contract_refuses_a_bad_column_type(tmp_path: Path) -> None:
    text = GOOD.replace("// column: names json", "// column: names blob")
    assert "cypher/m.cypher:9: column 'names'" in refused(tmp_path, {"m.cypher": text})


def test_contract_keeps_node_handles_to_steps(tmp_path: Path) -> None:
    step = GOOD.replace("// column: id string | The id.", "// column: id node | A handle.")
    assert catalog_of(tmp_path / "a", {"m.cypher": GOOD, "steps/s.cypher": step}).steps["s"].columns[0].type == "node"
    assert refused(tmp_path / "b", {"m.cypher": step}) == "cypher/m.cypher:1: id: node handles are for steps only"


def test_contract_takes_an_engine_override_with_the_same_parameters(tmp_path: Path) -> None:
    override = "// FalkorDB has no X, so:\n" + GOOD.split("\n", 9)[9]
    module = catalog_of(tmp_path, {"m.cypher": GOOD, "falkordb/m.cypher": override}).get("m")
    assert module.text_for("falkordb").origin == "cypher/falkordb/m.cypher"
    assert module.text_for("neo4j").origin == "cypher/m.cypher"


def test_contract_checks_parameters_of_overrides_too(tmp_path: Path) -> None:
    override = "// Neo4j needs:\nMATCH (c) RETURN c.id AS id, $sector AS names"
    error = refused(tmp_path, {"m.cypher": GOOD, "neo4j/m.cypher": override})
    assert error.startswith(
        "cypher/m.cypher:4: parameter 'limit' is declared but cypher/neo4j/m.cypher does not use it"
    )


def test_contract_refuses_an_override_that_does_not_say_why(tmp_path: Path) -> None:
    body = GOOD.split("\n", 9)[9]
    error = refused(tmp_path, {"m.cypher": GOOD, "falkordb/m.cypher": body})
    assert error == "cypher/falkordb/m.cypher:1: start with a comment saying why falkordb needs a text of its own"


@pytest.mark.parametrize(
    ("written", "falkordb", "neo4j"),
    [
        ("RETURN handle(n) AS node", "RETURN id(n) AS node", "RETURN elementId(n) AS node"),
        ("WHERE handle (c) = n", "WHERE id (c) = n", "WHERE elementId (c) = n"),
        (  # nested calls and expressions: only the name changes, arguments stay as written
            "RETURN handle(head(collect(handle(x)))), [y IN ys | handle(y)], handle(coalesce(a, b)) IN $p",
            "RETURN id(head(collect(id(x)))), [y IN ys | id(y)], id(coalesce(a, b)) IN $p",
            "RETURN elementId(head(collect(elementId(x)))), [y IN ys | elementId(y)], elementId(coalesce(a, b)) IN $p",
        ),
        (  # lines stay where they were, for error messages and the linter
            "MATCH (c)\nWHERE handle(c) = n\nRETURN handle(c)",
            "MATCH (c)\nWHERE id(c) = n\nRETURN id(c)",
            "MATCH (c)\nWHERE elementId(c) = n\nRETURN elementId(c)",
        ),
    ],
)
def test_engine_text_gives_each_engine_its_own_handle_function(written: str, falkordb: str, neo4j: str) -> None:
    assert engine_text(written, "falkordb") == falkordb
    assert engine_text(written, "neo4j") == neo4j


@pytest.mark.parametrize(
    "written",
    [
        "RETURN 'handle(x)' AS text, \"handle(y)\" AS other",  # string literals
        "RETURN 'it\\'s a handle(x)' AS text",  # with an escaped quote
        "RETURN 1 // handle(x) in a comment\n",
        "RETURN /* handle(x)\n over lines */ 1",
        "RETURN c.handle, $handle, myhandle(x), handles(x), algo.handle(x), `a handle(x)` AS handled",
    ],
)
def test_engine_text_leaves_handle_alone_outside_a_call_of_its_own(written: str) -> None:
    assert engine_text(written, "falkordb") == written
    assert engine_text(written, "neo4j") == written


@pytest.mark.parametrize(
    ("written", "neo4j"),
    [
        # a subquery importing variables names them in its scope; the WITH's line stays, empty
        (
            "CALL {\n  WITH p\n  MATCH (p)-->(x) RETURN x\n}\nRETURN x",
            "CALL (p) {\n\n  MATCH (p)-->(x) RETURN x\n}\nRETURN x",
        ),
        ("CALL { WITH a,b\n RETURN 1 AS z }", "CALL (a, b) {\n RETURN 1 AS z }"),
        ("CALL {\n  MATCH (n) RETURN n\n}", "CALL () {\n  MATCH (n) RETURN n\n}"),  # one importing nothing
        ("CALL db.labels() YIELD label RETURN 'CALL {' AS text // CALL {", None),  # no subquery
    ],
)
def test_engine_text_gives_neo4j_subqueries_their_variable_scope(written: str, neo4j: str | None) -> None:
    assert engine_text(written, "neo4j") == (neo4j or written)
    assert engine_text(written, "falkordb") == written  # FalkorDB does not parse CALL (x) {


def test_contract_rewrites_handles_in_portable_texts_and_overrides(tmp_path: Path) -> None:
    step = """\
// summary: The handles of companies.
// param: ids string[] required | Company ids.
// column: id string | The id.
// column: node node | Its handle.
UNWIND $ids AS cid
MATCH (c:Company {id: cid})
RETURN c.id AS id, handle(c) AS node
"""
    override = "// FalkorDB, for the test:\nUNWIND $ids AS cid MATCH (c {id: cid}) RETURN cid AS id, handle(c) AS node"
    files = {"m.cypher": GOOD, "steps/s.cypher": step, "steps/t.cypher": step, "steps/falkordb/t.cypher": override}
    steps = catalog_of(tmp_path, files).steps
    assert steps["s"].text_for("falkordb").cypher.endswith("RETURN c.id AS id, id(c) AS node")
    assert steps["s"].text_for("neo4j").cypher.endswith("RETURN c.id AS id, elementId(c) AS node")
    assert (steps["s"].text_for("neo4j").origin, steps["s"].text_for("neo4j").line) == ("cypher/steps/s.cypher", 5)
    assert steps["t"].text_for("falkordb").cypher.endswith("RETURN cid AS id, id(c) AS node")
    assert steps["t"].text_for("falkordb").origin == "cypher/steps/falkordb/t.cypher"
    assert steps["t"].text_for("neo4j").cypher.endswith("RETURN c.id AS id, elementId(c) AS node")


def test_contract_refuses_an_override_without_its_module(tmp_path: Path) -> None:
    error = refused(tmp_path, {"neo4j/ghost.cypher": "RETURN 1 AS x"})
    assert error == "cypher/neo4j/ghost.cypher:1: overrides cypher/ghost.cypher, which is missing"


def test_contract_refuses_a_header_in_an_override(tmp_path: Path) -> None:
    error = refused(tmp_path, {"m.cypher": GOOD, "neo4j/m.cypher": GOOD})
    assert error.startswith("cypher/neo4j/m.cypher:1: the header belongs in cypher/m.cypher only")


def test_contract_needs_every_engine_text_for_a_header_only_module(tmp_path: Path) -> None:
    header = "".join(line + "\n" for line in GOOD.splitlines()[:9])
    body = "// Neo4j needs:\n" + GOOD.split("\n", 9)[9]
    error = refused(tmp_path, {"m.cypher": header, "neo4j/m.cypher": body})
    assert error == "cypher/m.cypher:1: header only, but no text for falkordb in cypher/<engine>/m.cypher"


@dataclass(frozen=True)
class GoodParams:
    """The parameters GOOD declares."""

    sector: str
    limit: int
    kinds: list[str]
    as_of: str | None
    who: str | None


def no_rows(steps: Steps, params: GoodParams, columns: list[str]) -> Result:
    return Result(columns, [])


def test_contract_takes_a_header_only_module_a_procedure_answers(tmp_path: Path) -> None:
    header = "".join(line + "\n" for line in GOOD.splitlines()[:9])
    body = "// Neo4j needs:\n" + GOOD.split("\n", 9)[9]
    for name, text in {"m.cypher": header, "steps/s.cypher": GOOD, "steps/neo4j/s.cypher": body}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    catalog = read_catalog(tmp_path, {"m": no_rows})
    assert catalog.get("m").texts == {}
    assert catalog.arguments == {"m": GoodParams}
    assert list(catalog.steps) == ["s"]
    assert catalog.steps["s"].text_for("neo4j").origin == "cypher/steps/neo4j/s.cypher"
    assert catalog.steps["s"].text_for("falkordb").origin == "cypher/steps/s.cypher"
    with pytest.raises(ModuleDefinitionError, match=r"^cypher/m.cypher:1: header only, but no procedure"):
        read_catalog(tmp_path, {})
    (tmp_path / "m.cypher").write_text(GOOD)
    with pytest.raises(ModuleDefinitionError, match=r"^cypher/m.cypher:1: has a text, but a procedure"):
        read_catalog(tmp_path, {"m": no_rows})


def test_contract_binds_parameters_with_types_defaults_and_limits(tmp_path: Path) -> None:
    module = catalog_of(tmp_path, {"m.cypher": GOOD}).get("m")
    assert bind(module, {"sector": "auto", "limit": "7", "kinds": "ngo, investor", "as_of": "2024-02-29"}) == {
        "sector": "auto",
        "limit": 7,
        "kinds": ["ngo", "investor"],
        "as_of": "2024-02-29",
        "who": None,
    }
    for given, message in [
        ({}, "'sector': required"),
        ({"sector": "a", "limit": "51"}, "'limit': must be at most 50"),
        ({"sector": "a", "limit": "0"}, "'limit': must be at least 1"),
        ({"sector": "a", "limit": 2.5}, "'limit': expected a whole number"),
        ({"sector": "a", "kinds": "robot"}, "'kinds': 'robot' is not one of company, ngo"),
        ({"sector": "a", "as_of": "2024-02-30"}, "'as_of': expected a date YYYY-MM-DD"),
        ({"sector": "a\x00b"}, "'sector': contains a NUL character"),
        ({"sector": "a", "colour": "red"}, "'colour': unknown parameter; m takes: sector"),
    ]:
        with pytest.raises(InvalidParameter, match=message):
            bind(module, given)


def test_contract_holds_for_every_shipped_module() -> None:
    catalog = load_catalog()
    assert {"ecosystem_stats", "search_companies", "company_profile"} <= set(catalog.modules)
    for module in catalog:
        assert module.summary
        assert module.columns
        assert all(c.description for c in module.columns), module.name
        assert all(p.description for p in module.params), module.name


def test_contract_refuses_direction_words_outside_the_shared_ones(tmp_path: Path) -> None:
    for number, line in enumerate(
        [
            "// param: direction string default=up choices=up,down | Old words.",
            "// param: direction string default=in choices=in,out | Other words.",
            "// param: direction string default=any | No choices.",
        ]
    ):
        text = f"// summary: S.\n{line}\n// column: x string | X.\nRETURN $direction AS x\n"
        assert refused(tmp_path / str(number), {"m.cypher": text}).startswith(
            "cypher/m.cypher:2: parameter 'direction' must be a string with choices among upstream, downstream, any"
        )


def test_contract_turns_the_older_direction_words_into_the_shared_ones(tmp_path: Path) -> None:
    line = "// param: direction string default=up choices=upstream,downstream | Either way."
    text = f"// summary: S.\n{line}\n// column: x string | X.\nRETURN $direction AS x\n"
    module = catalog_of(tmp_path, {"m.cypher": text}).get("m")
    assert module.param("direction").default == "upstream"
    assert bind(module, {"direction": "down"}) == {"direction": "downstream"}
    assert bind(module, {"direction": "upstream"}) == {"direction": "upstream"}
    with pytest.raises(InvalidParameter, match="'any' is not one of upstream, downstream"):
        bind(module, {"direction": "any"})


def test_contract_takes_older_words_for_choices(tmp_path: Path) -> None:
    line = "// param: mode string default=old choices=full,direct aliases=old:full,first:direct | Mode."
    text = f"// summary: S.\n{line}\n// column: x string | X.\nRETURN $mode AS x\n"
    module = catalog_of(tmp_path, {"m.cypher": text}).get("m")
    assert module.param("mode").default == "full"
    assert bind(module, {"mode": "first"}) == {"mode": "direct"}
    assert bind(module, {"mode": "direct"}) == {"mode": "direct"}
    with pytest.raises(InvalidParameter, match="'other' is not one of full, direct"):
        bind(module, {"mode": "other"})
    for number, aliases in enumerate(["old:gone", "full:direct", "old"]):
        bad = text.replace("aliases=old:full,first:direct", f"aliases={aliases}")
        assert refused(tmp_path / str(number), {"m.cypher": bad}).startswith(
            "cypher/m.cypher:2: parameter 'mode': aliases must read old:word, with word among its choices and old not"
        )


def test_every_shipped_direction_speaks_the_same_words() -> None:
    directions = {m.name: m.param("direction") for m in load_catalog() if "direction" in m.param_names.split(", ")}
    assert set(directions) == {"dependency_chain", "connection_paths"}
    assert directions["dependency_chain"].choices == ("upstream", "downstream")
    assert set(directions["connection_paths"].choices or ()) == {"any", "downstream", "upstream"}
    for param in directions.values():
        assert dict(param.aliases) == {"up": "upstream", "down": "downstream"}


class Pair(NamedTuple):
    id: str
    names: list[str]


STEP = GOOD.replace("// param: sector string required | The sector.\n", "").replace("c.sector = $sector AND ", "")


def step_catalog(tmp_path: Path, row: Any) -> Catalog:
    (tmp_path / "steps").mkdir()
    (tmp_path / "m.cypher").write_text(GOOD)
    (tmp_path / "steps" / "s.cypher").write_text(STEP)  # columns id (line 7) and names (json, line 8)
    return read_catalog(tmp_path, {}, [Step("s", row)])


def test_contract_takes_a_steps_row_type_that_matches_its_header(tmp_path: Path) -> None:
    assert step_catalog(tmp_path, Pair).steps["s"].column_names == list(Pair._fields)  # json takes any field type


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (NamedTuple("Swapped", [("names", Any), ("id", str)]), "cypher/steps/s.cypher:7: column 'id': "),
        (NamedTuple("Short", [("id", str)]), "cypher/steps/s.cypher:8: column 'names': "),
        (NamedTuple("Long", [("id", str), ("names", Any), ("more", int)]), "cypher/steps/s.cypher:1: "),
        (NamedTuple("Typed", [("id", int), ("names", Any)]), "cypher/steps/s.cypher:7: column 'id' is string, "),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_contract_refuses_a_steps_row_type_unlike_its_header(tmp_path: Path, row: Any, message: str) -> None:
    with pytest.raises(ModuleDefinitionError) as failure:
        step_catalog(tmp_path, row)
    assert str(failure.value).startswith(message), failure.value


def test_every_step_a_procedure_names_is_in_the_catalog() -> None:
    assert {step.name for step in (*STEPS, *ROWS)} <= set(load_catalog().steps)


def procedure_taking(params: type) -> Procedure:
    """A procedure whose parameters are of class ``params``."""

    def answer(steps: Steps, params: Any, columns: list[str]) -> Result:
        return Result(columns, [])

    answer.__annotations__["params"] = params
    return answer


def frozen(name: str, *fields: tuple[str, Any]) -> type:
    return make_dataclass(name, fields, frozen=True)


def header_only(tmp_path: Path) -> Path:
    (tmp_path / "m.cypher").write_text("".join(line + "\n" for line in GOOD.splitlines()[:9]))
    return tmp_path


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            frozen("Swapped", ("limit", int), ("sector", str)),
            "cypher/m.cypher:3: parameter 'sector': ",
        ),
        (
            frozen("Short", ("sector", str), ("limit", int)),
            "cypher/m.cypher:5: parameter 'kinds': ",
        ),
        (
            frozen("Long", *((f.name, f.type) for f in fields(GoodParams)), ("more", int)),
            "cypher/m.cypher:1: Long has a field 'more'",
        ),
        (
            frozen("Typed", ("sector", str), ("limit", str)),
            "cypher/m.cypher:4: parameter 'limit' is int, not None, but Typed.limit is <class 'str'>",
        ),
        (
            frozen("Required", ("sector", str), ("limit", int), ("kinds", list[str]), ("as_of", str)),
            "cypher/m.cypher:6: parameter 'as_of' is date | None, ",
        ),
        (
            make_dataclass("Unfrozen", [(f.name, f.type) for f in fields(GoodParams)]),
            "cypher/m.cypher:1: tests.test_contract.procedure_taking.<locals>.answer takes params as ",
        ),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_contract_refuses_a_procedures_parameters_unlike_its_header(tmp_path: Path, params: type, message: str) -> None:
    with pytest.raises(ModuleDefinitionError) as failure:
        read_catalog(header_only(tmp_path), {"m": procedure_taking(params)})
    assert str(failure.value).startswith(message), failure.value


@dataclass(frozen=True)
class EchoParams:
    from_: str
    limit: int


def echo(steps: Steps, params: EchoParams, columns: list[str]) -> Result:
    return Result(columns, [[params.from_, params.limit]])


def test_a_procedure_gets_its_parameters_as_its_own_class(engine: Engine, tmp_path: Path) -> None:
    """The runner makes the class from the bound values (defaults filled in, a keyword's
    field with a ``_``), and the procedure reads them by name."""
    (tmp_path / "m.cypher").write_text(
        "// summary: Echo.\n// param: from date required | A day.\n// param: limit int default=5 min=1 max=9 | N.\n"
        "// column: day string | The day.\n// column: limit int | N.\n"
    )

    catalog = read_catalog(tmp_path, {"m": echo})
    result, _ = run_module(engine, catalog, "m", {"from": "2024-02-29"})
    assert result.rows == [["2024-02-29", 5]]
