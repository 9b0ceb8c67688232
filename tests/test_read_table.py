"""``Engine.read_table``: long step results, exactly as a plain read gives them, uncapped."""

from __future__ import annotations

import math

import pytest

from service.engines import Engine
from service.engines.base import Result

COLUMNS = [("text", "string"), ("texts", "string[]"), ("number", "int"), ("amount", "float")]
ROWS_QUERY = (
    "UNWIND $rows AS row "
    "RETURN row.text AS text, row.texts AS texts, row.number AS number, row.amount AS amount ORDER BY number"
)
AWKWARD = ['say "hi"', "back\\slash", 'both \\" at once', "line\nbreak\ttab\x01bell", "ünïcødé 漢字 😀", "", "{[,]}"]
#: The same without control characters: the engine leaves those raw, which strict JSON refuses.
PRINTABLE = [text.replace("\n", " ").replace("\t", " ").replace("\x01", " ") for text in AWKWARD]


@pytest.mark.parametrize("awkward", [AWKWARD, PRINTABLE], ids=["control characters", "printable"])
def test_read_table_gives_what_a_plain_read_gives(engine: Engine, awkward: list[str]) -> None:
    rows = [
        {"text": text, "texts": [text, "plain", text[::-1]], "number": i, "amount": amount}
        for i, (text, amount) in enumerate(zip(awkward, [2.0, 0.1, 29644.22, -1.5, 1 / 3, 0.0, 1e15], strict=True))
    ]
    rows.append({"text": None, "texts": [], "number": len(rows), "amount": None})
    rows.append({"text": "big", "texts": ["x"], "number": 2**53 + 1, "amount": 7.0})
    plain = engine.read(ROWS_QUERY, {"rows": rows})
    table = engine.read_table(ROWS_QUERY, {"rows": rows}, COLUMNS)
    assert table.columns == plain.columns == [name for name, _kind in COLUMNS]
    assert table.rows == plain.rows
    assert [row[0] for row in table.rows[: len(awkward)]] == awkward
    for got, sent in zip(table.rows, plain.rows, strict=True):
        assert [type(value) for value in got] == [type(value) for value in sent]
    assert math.isclose(table.rows[4][3], 1 / 3, rel_tol=1e-14)


def test_read_table_is_not_cut_at_the_engines_result_limit(engine: Engine) -> None:
    count = 150_000  # above the embedded engine's default limit of 100,000 rows a reply
    table = engine.read_table("UNWIND range(1, $n) AS i RETURN i AS n", {"n": count}, [("n", "int")])
    assert [row[0] for row in table.rows] == list(range(1, count + 1))


def test_read_table_of_nothing(engine: Engine) -> None:
    table = engine.read_table("UNWIND [] AS i RETURN i AS n", {}, [("n", "int")])
    assert table.columns == ["n"]
    assert table.rows == []


@pytest.mark.parametrize(
    "value",
    [[1, -2, 2**53 + 1], [True, 1], [1, 1.5], [1, "a"], [], [[1, 2], [3]], ['say "hi"', "back\\slash"]],
    ids=["ints", "bool and int", "int and float", "int and string", "empty", "nested", "awkward strings"],
)
def test_list_parameters_reach_the_engine_as_sent(engine: Engine, value: list[object]) -> None:
    """Lists of ints take a faster way into the query text than other values."""
    assert engine.read("RETURN $value AS value", {"value": value}).rows == [[value]]


def test_records_key_each_row_by_its_columns_whatever_they_hold() -> None:
    """The builder is written out as Python source: a quote or backslash in a column name
    must stay part of the key."""
    columns = [*AWKWARD, "plain"]
    rows = [list(range(len(columns))), [None, [1], {"a": 2}, 1.5, "x", True, -3, "last"]]
    assert Result(columns, rows).records() == [dict(zip(columns, row, strict=True)) for row in rows]
    assert Result(["a"], []).records() == []
