"""The query-module contract: what a ``cypher/NAME.cypher`` header declares.

A module file starts with a header of ``//`` lines, then the Cypher text::

    // summary: One company: its properties, suppliers and customers.
    // param: id string required exists=Company | The company's id.
    // param: limit int default=10 min=1 max=100 | At most this many per list.
    // param: natures string[] default=tangible,intangible choices=tangible,intangible | ...
    // column: id string | The company's id.
    MATCH (c:Company {id: $id}) ...

A parameter is ``required``, ``optional`` (null when absent) or has a ``default=``;
``min``/``max`` bound numbers, ``choices`` enumerates strings, ``exists=Label`` says its
value(s) must name existing nodes of that label (else a not-found error, not an empty
table). ``aliases=old:word,...`` names older words still accepted for choices, turned into
them before the question runs. A parameter named ``direction`` chooses among the words of ``DIRECTIONS`` only,
the same words in every module; the older spellings of ``DIRECTION_ALIASES`` are still
accepted and turned into them before the question runs. Types: string, int, float, bool,
date (ISO ``YYYY-MM-DD``), string[]; columns may also be ``json`` (maps and lists of maps).

Steps (``cypher/steps/``) may also pass ``node`` handles: the engine's own reference to a
node (FalkorDB's ``id()``, Neo4j's ``elementId()``), as a ``node`` column and a ``node[]``
parameter. A handle is seeked without an index and costs nothing to return, unlike a
string id; it is only valid within one request, so no question takes or returns one.
A text writes ``handle(x)`` for it, and ``service.engines.dialects.engine_text`` turns that
into the engine's own function when the catalog loads, so one text serves both engines.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from service.engines.base import Dialect
from service.engines.dialects import NOT_CODE
from service.errors import InvalidParameter, ModuleDefinitionError
from service.model import LABELS
from service.queries.params import coerce

__all__ = [
    "DIRECTIONS",
    "DIRECTION_ALIASES",
    "HANDLES",
    "Column",
    "Module",
    "Param",
    "Text",
    "parse_header",
    "used_parameters",
]

ParamType = Literal["string", "int", "float", "bool", "date", "string[]", "node[]"]
ColumnType = Literal["string", "int", "float", "bool", "date", "string[]", "json", "node"]
#: The types of node handles, for steps only.
HANDLES = ("node", "node[]")

#: The words for a direction, in every module: upstream follows suppliers (what flows in),
#: downstream follows customers (what flows out), any follows both.
DIRECTIONS = ("upstream", "downstream", "any")
#: Older spellings (dependency_chain's), accepted for the word they stand for.
DIRECTION_ALIASES = {"up": "upstream", "down": "downstream"}

HEADER_LINE = re.compile(r"^//\s*(summary|param|column)\s*:\s*(.*)$")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class Param:
    """One declared parameter."""

    name: str
    type: ParamType
    description: str
    required: bool = False
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None
    exists: str | None = None
    line: int = 0
    aliases: tuple[tuple[str, str], ...] = ()  # (older word, the choice it stands for)

    def canonical(self, value: str) -> str:
        """``value``, or the choice it is an alias of."""
        return dict(self.aliases).get(value, value)


@dataclass(frozen=True)
class Column:
    """One declared result column."""

    name: str
    type: ColumnType
    description: str
    line: int = 0


@dataclass(frozen=True)
class Text:
    """A Cypher text and where it comes from (for error messages and the linter)."""

    cypher: str
    origin: str
    line: int


@dataclass(frozen=True)
class Module:
    """One question: its contract and its Cypher text(s)."""

    name: str
    summary: str
    params: tuple[Param, ...]
    columns: tuple[Column, ...]
    origin: str = ""  # the header's file, for error messages
    #: The text each engine runs, by dialect: its override if it has one, else the portable
    #: text, handles rewritten (``engine_text``); none for a procedure.
    texts: dict[Dialect, Text] = field(default_factory=dict)

    def text_for(self, dialect: Dialect) -> Text:
        """The text ``dialect`` runs."""
        return self.texts[dialect]

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        raise InvalidParameter(name, f"unknown parameter; {self.name} takes: {self.param_names}")

    @property
    def param_names(self) -> str:
        return ", ".join(p.name for p in self.params) or "(none)"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def paged(self) -> bool:
        """Whether the answer comes in pages: the module takes ``limit`` and ``offset``."""
        names = {p.name for p in self.params}
        return {"limit", "offset"} <= names


def used_parameters(cypher: str, first_line: int) -> dict[str, int]:
    """Each ``$parameter`` in the text, with the file line of its first use."""
    code = NOT_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), cypher)
    used: dict[str, int] = {}
    for match in PARAMETER.finditer(code):
        used.setdefault(match.group(1), first_line + code.count("\n", 0, match.start()))
    return used


def parse_header(name: str, origin: str, lines: list[str]) -> tuple[str, list[Param], list[Column], int]:
    """Parse the header lines; return summary, params, columns and the body's first line."""
    summary, params, columns = "", [], []
    number = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line.startswith("//"):
            break
        match = HEADER_LINE.match(line)
        if not match:
            continue  # a free comment
        key, rest = match.groups()
        where = f"{origin}:{number}"
        if key == "summary":
            summary = rest.strip()
        elif key == "param":
            params.append(_parse_param(rest, where, number))
        else:
            columns.append(_parse_column(rest, where, number))
    else:
        number = len(lines) + 1
    if not summary:
        raise ModuleDefinitionError(f"{origin}:1: module {name!r} has no '// summary:' line")
    if not columns:
        raise ModuleDefinitionError(f"{origin}:1: module {name!r} declares no '// column:'")
    _no_duplicates(origin, [p.name for p in params], "parameter")
    _no_duplicates(origin, [c.name for c in columns], "column")
    return summary, params, columns, number


def _split(rest: str, where: str) -> tuple[list[str], str]:
    spec, _, description = rest.partition("|")
    try:
        words = shlex.split(spec)
    except ValueError as exc:
        raise ModuleDefinitionError(f"{where}: {exc}") from None
    if len(words) < 2:
        raise ModuleDefinitionError(f"{where}: expected 'NAME TYPE ... | description'")
    if not NAME.match(words[0]):
        raise ModuleDefinitionError(f"{where}: {words[0]!r} is not a lower_snake_case name")
    return words, description.strip()


def _parse_column(rest: str, where: str, line: int) -> Column:
    words, description = _split(rest, where)
    name, kind, *extra = words
    if kind not in get_args(ColumnType) or extra:
        raise ModuleDefinitionError(
            f"{where}: column {name!r}: expected a type of {', '.join(get_args(ColumnType))} "
            f"and nothing else before '|', got {' '.join(words[1:])!r}"
        )
    return Column(name, kind, description, line)  # type: ignore[arg-type]


def _parse_param(rest: str, where: str, line: int) -> Param:
    words, description = _split(rest, where)
    name, kind, *options = words
    if kind not in get_args(ParamType):
        raise ModuleDefinitionError(
            f"{where}: parameter {name!r}: unknown type {kind!r}; use one of {', '.join(get_args(ParamType))}"
        )
    fields: dict[str, Any] = {}
    modes = []
    raw_default: str | None = None
    for option in options:
        key, has_value, value = option.partition("=")
        if key in ("required", "optional") and not has_value:
            modes.append(key)
        elif key == "default" and has_value:
            modes.append("default")
            raw_default = value
        elif key in ("min", "max") and has_value:
            fields["minimum" if key == "min" else "maximum"] = _number(value, where, key)
        elif key == "choices" and has_value:
            fields["choices"] = tuple(v.strip() for v in value.split(",") if v.strip())
        elif key == "aliases" and has_value:
            fields["aliases"] = tuple(tuple(pair.split(":", 1)) for pair in value.split(","))
        elif key == "exists" and has_value:
            if value not in LABELS:
                raise ModuleDefinitionError(f"{where}: exists={value}: not a label of the model")
            fields["exists"] = value
        else:
            raise ModuleDefinitionError(f"{where}: parameter {name!r}: bad option {option!r}")
    if len(modes) != 1:
        raise ModuleDefinitionError(f"{where}: parameter {name!r} must be exactly one of required, optional, default=…")
    if name == "direction":
        fields["aliases"] = _direction_aliases(fields.get("choices"), kind, where)
    _check_aliases(name, fields, where)
    param = Param(name, kind, description, required=modes[0] == "required", line=line, **fields)  # type: ignore[arg-type]
    if raw_default is not None:
        try:
            default = coerce(param, raw_default)
        except InvalidParameter as exc:
            raise ModuleDefinitionError(f"{where}: default: {exc}") from None
        param = Param(**{**param.__dict__, "default": default})
    return param


def _direction_aliases(choices: tuple[str, ...] | None, kind: str, where: str) -> tuple[tuple[str, str], ...]:
    """Refuse a direction whose words are not the shared ones; the aliases it accepts."""
    if kind != "string" or not choices or not set(choices) <= set(DIRECTIONS):
        raise ModuleDefinitionError(
            f"{where}: parameter 'direction' must be a string with choices among {', '.join(DIRECTIONS)}"
            f", got {kind} {', '.join(choices or ()) or 'without choices'}"
        )
    return tuple((old, word) for old, word in DIRECTION_ALIASES.items() if word in choices)


def _check_aliases(name: str, fields: dict[str, Any], where: str) -> None:
    """Refuse an alias that is a choice itself, or stands for a word that is not one."""
    choices = fields.get("choices") or ()
    for pair in fields.get("aliases", ()):
        if len(pair) != 2 or pair[0] in choices or pair[1] not in choices:
            raise ModuleDefinitionError(
                f"{where}: parameter {name!r}: aliases must read old:word, with word among its choices and old not"
            )


def _number(value: str, where: str, key: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise ModuleDefinitionError(f"{where}: {key}={value!r} is not a number") from None


def _no_duplicates(origin: str, names: list[str], what: str) -> None:
    seen = {n for n in names if names.count(n) > 1}
    if seen:
        raise ModuleDefinitionError(f"{origin}: {what} declared twice: {', '.join(sorted(seen))}")
