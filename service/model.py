"""The value network data model: the allow-lists of labels and relationship types.

Labels and relationship types are the only names ever placed into Cypher text, and
only from these tuples; every value travels as a parameter.
"""

from __future__ import annotations

from typing import Final

__all__ = ["LABELS", "RELATIONSHIPS", "check_label", "exists_statement"]

LABELS: Final = (
    "Company",
    "Role",
    "Capability",
    "ValueStream",
    "Market",
    "Ecosystem",
    "Contract",
)

#: relationship type -> (allowed source labels, allowed target labels)
RELATIONSHIPS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "DELIVERS": (("Company", "Role", "ValueStream"), ("Company", "Role", "ValueStream")),
    "HAS_ROLE": (("Company",), ("Role",)),
    "HAS_CAPABILITY": (("Company", "Role"), ("Capability",)),
    "OPERATES": (("Company",), ("ValueStream",)),
    "COMPETES_IN": (("Company",), ("Market",)),
    "MEMBER_OF": (("Company",), ("Ecosystem",)),
    "PARTY_TO": (("Company",), ("Contract",)),
    "OWNS": (("Company",), ("Company",)),
}


def check_label(label: str) -> str:
    """Return ``label`` if it is in the model, else raise ``ValueError``.

    >>> check_label("Company")
    'Company'
    """
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}; known: {', '.join(LABELS)}")
    return label


def exists_statement(label: str) -> str:
    """The text that finds which of ``$ids`` exist as ``label`` nodes."""
    return f"MATCH (n:{check_label(label)}) WHERE n.id IN $ids RETURN n.id AS id"
