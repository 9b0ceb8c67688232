"""The CLI's table (service.formats.to_table): one number format, and the terminal's width."""

from __future__ import annotations

from service.engines.base import Result
from service.formats import to_table

ROWS = Result(
    ["id", "name", "count", "value", "links"],
    [
        ["a", "Alpha Corp", 1234567, 1499540.123, [{"to": "x" * 200}]],
        ["bb", "B", 5, 0.000123456, None],
        ["c", None, None, 2.5, []],
        ["d", "D", -2000, -12345678.9, []],
    ],
)


def test_table_numbers_have_separators_and_no_exponent() -> None:
    lines = to_table(ROWS, 200).splitlines()
    assert lines[0].split() == ["id", "name", "count", "value", "links"]
    assert lines[2].split()[3:5] == ["1,234,567", "1,499,540"]
    assert lines[3].split() == ["bb", "B", "5", "0.000123456"]
    assert lines[4].split() == ["c", "2.5", "[]"]
    assert lines[5].split() == ["d", "D", "-2,000", "-12,345,700", "[]"]
    assert "e+" not in "\n".join(lines)
    assert lines[-1] == "(4 rows)"


def test_table_right_aligns_numbers() -> None:
    lines = to_table(ROWS, 200).splitlines()
    ends = {lines[2].index("1,234,567") + 9, lines[3].index(" 5 ") + 2, lines[5].index("-2,000") + 6}
    assert len(ends) == 1


def test_table_fits_the_width_cutting_the_widest_column_first() -> None:
    for width in (50, 60, 80):
        lines = to_table(ROWS, width).splitlines()
        assert all(len(line) <= width for line in lines), width
        assert "Alpha Corp" in lines[2]  # the narrow columns keep their text
        assert lines[2].endswith("…")  # the links, cut
    narrow = to_table(ROWS, 20).splitlines()  # too narrow for the numbers: they stay whole
    assert narrow[2].split()[3:5] == ["1,234,567", "1,499,540"]
    wide = to_table(ROWS, 1000).splitlines()
    assert f'[{{"to": "{"x" * 200}"}}]' in wide[2]
