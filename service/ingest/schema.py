"""The dataset format: one table per node label and per relationship type.

A table's file stem is its name below (``company.csv``, ``delivers.parquet``, ...). Node
tables are keyed by ``id``; relationship tables name their ends by ``source`` and
``target`` ids (and ``source_label``/``target_label`` where more than one label may stand
there); ``delivers`` rows also carry their own ``id``.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import Final, Literal

from service.model import LABELS, RELATIONSHIPS

__all__ = ["CATEGORIES", "ID_MAX_BYTES", "INPUTS", "NATURES", "TABLES", "Field", "Table", "id_problem"]

FieldType = Literal["string", "int", "float", "bool", "date"]

NATURES: Final = ("tangible", "intangible")
CATEGORIES: Final = (
    "product",
    "service",
    "money",
    "information",
    "knowledge",
    "compliance",
    "risk_reduction",
    "access",
    "data",
)
#: What "depends on" follows by default: every category but money.
INPUTS: Final = tuple(c for c in CATEGORIES if c != "money")

#: Longest id, in bytes of UTF-8. Ids are keys, not prose: 512 bytes hold any natural or
#: composite key, and keep every index entry small. FalkorDB 4.16 crashes past 4096 bytes.
ID_MAX_BYTES: Final = 512
#: Longest name, in bytes of UTF-8. Names are indexed (a company's, on both engines), and
#: Neo4j's range index refuses an entry past about 8 KB, failing the whole import after
#: validation passed it; 1,024 bytes hold any name.
NAME_MAX_BYTES: Final = 1024
#: Whitespace as ``str.isspace`` knows it, spelt out so that every regex engine agrees.
WHITESPACE: Final = "\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: Control characters (Unicode category Cc).
CONTROL: Final = "\x00-\x1f\x7f-\x9f"
#: Texts that break the id grammar (the length is checked apart, in bytes).
ID_BREAKS: Final = f"^[{WHITESPACE}]|[{WHITESPACE}]$|[{CONTROL}]"
ID_GRAMMAR: Final = (
    "Ids (a node's `id`, a `delivers` row's `id`, and the `source`, `target` and `contract` "
    f"that refer to one) are text of 1 to {ID_MAX_BYTES} bytes of UTF-8, with no whitespace at "
    "either end and no control character (tab, line end, NUL, ...); the import refuses any "
    f"other, naming file, row and column. {ID_MAX_BYTES} bytes hold any natural or composite "
    "key and keep index entries small; FalkorDB 4.16 crashes on ids that are empty, longer "
    "than 4096 bytes, start or end with a space or a tab, or hold some control characters."
)


def id_problem(value: str) -> str | None:
    """What is wrong with ``value`` as an id, or None if it is one."""
    if not value:
        return "an id cannot be empty"
    if (size := len(value.encode())) > ID_MAX_BYTES:
        return f"an id is at most {ID_MAX_BYTES} bytes, this one has {size:,}"
    if re.search(f"[{CONTROL}]", value):
        return f"{value!r} has a control character, which an id cannot have"
    if re.search(ID_BREAKS, value):
        return f"{value!r} starts or ends with whitespace, which an id cannot"
    return None


@dataclass(frozen=True)
class Field:
    """One column of a table."""

    name: str
    type: FieldType
    required: bool = False
    choices: tuple[str, ...] | None = None
    description: str = ""
    minimum: float | None = None
    maximum: float | None = None
    repeats: bool = False  # free text drawn from a small vocabulary (sectors, countries, ...)
    identifier: bool = False  # an id, or a reference to one: follows the id grammar
    max_bytes: int | None = None  # its longest text, when shorter than the import's bound

    @property
    def recurring(self) -> bool:
        """Whether few distinct values recur over many rows: worth storing each text once."""
        return self.repeats or self.choices is not None or self.type == "date"


@dataclass(frozen=True)
class Table:
    """One table of a dataset: a node label or a relationship type."""

    name: str
    fields: tuple[Field, ...]
    label: str | None = None
    relationship: str | None = None

    @property
    def keyed_by_id(self) -> bool:
        return any(f.name == "id" for f in self.fields)

    @property
    def properties(self) -> tuple[Field, ...]:
        """The fields stored as properties (not ids of the ends, not their labels)."""
        ends = {"id", "source", "target", "source_label", "target_label"}
        return tuple(f for f in self.fields if f.name not in ends)


def _id(what: str) -> Field:
    return Field("id", "string", True, description=f"Unique id of the {what}.", identifier=True)


def _name(what: str) -> Field:
    return Field("name", "string", True, description=f"Name of the {what}.", max_bytes=NAME_MAX_BYTES)


def _ends(relationship: str) -> tuple[Field, ...]:
    sources, targets = RELATIONSHIPS[relationship]
    fields = [
        Field("source", "string", True, description=f"id of the {'/'.join(sources)} it starts at.", identifier=True),
        Field("target", "string", True, description=f"id of the {'/'.join(targets)} it ends at.", identifier=True),
    ]
    if len(sources) > 1:
        fields.append(Field("source_label", "string", False, sources, f"Label of the source; default {sources[0]}."))
    if len(targets) > 1:
        fields.append(Field("target_label", "string", False, targets, f"Label of the target; default {targets[0]}."))
    return tuple(fields)


NODE_TABLES: Final = (
    Table(
        "company",
        (
            _id("company"),
            _name("company"),
            Field(
                "kind",
                "string",
                False,
                ("company", "public_body", "investor", "ngo", "individual"),
                "What sort of actor.",
            ),
            Field("sector", "string", description="Industry sector.", repeats=True),
            Field("country", "string", description="Country, e.g. an ISO 3166 code.", repeats=True),
            Field("revenue", "float", description="Yearly revenue.", minimum=0),
            Field("employees", "int", description="Number of employees.", minimum=0),
            Field("founded", "int", description="Year founded."),
        ),
        label="Company",
    ),
    Table(
        "role",
        (
            _id("role"),
            _name("role"),
            Field(
                "function", "string", description="Function of the role or division (e.g. procurement).", repeats=True
            ),
        ),
        label="Role",
    ),
    Table(
        "capability",
        (
            _id("capability"),
            _name("capability"),
            Field("category", "string", description="Kind of capability.", repeats=True),
            Field(
                "evolution",
                "string",
                False,
                ("genesis", "custom", "product", "commodity"),
                "Evolution stage (Wardley).",
            ),
        ),
        label="Capability",
    ),
    Table(
        "value_stream",
        (
            _id("value stream"),
            _name("value stream"),
            Field("customer_type", "string", False, ("internal", "external"), "Whom the stream serves."),
        ),
        label="ValueStream",
    ),
    Table(
        "market",
        (
            _id("market"),
            _name("market"),
            Field("region", "string", description="Region of the market.", repeats=True),
        ),
        label="Market",
    ),
    Table("ecosystem", (_id("ecosystem"), _name("ecosystem")), label="Ecosystem"),
    Table(
        "contract",
        (
            _id("contract"),
            Field("name", "string", description="Name of the contract.", max_bytes=NAME_MAX_BYTES),
            Field("kind", "string", description="Kind of agreement (supply, license, ...).", repeats=True),
            Field("start", "date", description="First day in force (YYYY-MM-DD)."),
            Field("end", "date", description="Last day in force (YYYY-MM-DD)."),
            Field("value", "float", description="Total value.", minimum=0),
            Field("currency", "string", description="ISO 4217 currency of the value.", repeats=True),
        ),
        label="Contract",
    ),
)

RELATIONSHIP_TABLES: Final = (
    Table(
        "delivers",
        (
            _id("deliverable"),
            *_ends("DELIVERS"),
            Field("deliverable", "string", description="What flows (e.g. battery cells).", repeats=True),
            Field("nature", "string", True, NATURES, "Tangible or intangible."),
            Field("category", "string", True, CATEGORIES, "Category of the deliverable."),
            Field("value", "float", description="Yearly value.", minimum=0),
            Field("contract", "string", description="id of the contract it flows under.", identifier=True),
            Field("start", "date", description="First day it flows (YYYY-MM-DD)."),
            Field("end", "date", description="Last day it flows (YYYY-MM-DD)."),
            Field("critical", "bool", description="Whether the receiver cannot operate without it."),
        ),
        relationship="DELIVERS",
    ),
    Table("has_role", _ends("HAS_ROLE"), relationship="HAS_ROLE"),
    Table(
        "has_capability",
        (
            *_ends("HAS_CAPABILITY"),
            Field("level", "float", description="Proficiency, 0 to 1.", minimum=0, maximum=1),
        ),
        relationship="HAS_CAPABILITY",
    ),
    Table("operates", _ends("OPERATES"), relationship="OPERATES"),
    Table(
        "competes_in",
        (
            *_ends("COMPETES_IN"),
            Field("revenue", "float", description="Revenue in that market (shares derive from it).", minimum=0),
        ),
        relationship="COMPETES_IN",
    ),
    Table("member_of", _ends("MEMBER_OF"), relationship="MEMBER_OF"),
    Table(
        "party_to",
        (
            *_ends("PARTY_TO"),
            Field("role", "string", description="Its role in the contract (supplier, customer, ...).", repeats=True),
        ),
        relationship="PARTY_TO",
    ),
    Table(
        "owns",
        (
            *_ends("OWNS"),
            Field("share", "float", description="Share owned, 0 to 1.", minimum=0, maximum=1),
        ),
        relationship="OWNS",
    ),
)

TABLES: Final = {t.name: t for t in (*NODE_TABLES, *RELATIONSHIP_TABLES)}
assert {t.label for t in NODE_TABLES} == set(LABELS)
assert {t.relationship for t in RELATIONSHIP_TABLES} == set(RELATIONSHIPS)


def markdown() -> str:
    """The dataset format as Markdown tables (the README's section is checked against it)."""
    lines = [textwrap.fill(ID_GRAMMAR, 90), ""]
    for table in TABLES.values():
        what = f"nodes `:{table.label}`" if table.label else f"relationships `:{table.relationship}`"
        lines += [f"**`{table.name}`** ({what})", "", "| column | type | required | meaning |", "|---|---|---|---|"]
        for f in table.fields:
            meaning = f.description
            if f.choices:
                meaning += f" One of: {', '.join(f.choices)}."
            if f.max_bytes is not None:
                meaning += f" At most {f.max_bytes:,} bytes of UTF-8 (names are indexed)."
            if f.minimum is not None or f.maximum is not None:
                low = "" if f.minimum is None else f"{f.minimum:g}"
                high = "" if f.maximum is None else f"{f.maximum:g}"
                meaning += f" Range: {low}..{high}."
            lines.append(f"| `{f.name}` | {f.type} | {'yes' if f.required else ''} | {meaning} |")
        lines.append("")
    return "\n".join(lines)
