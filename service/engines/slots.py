"""The two graph slots of a Neo4j database, and the rewrite that keeps a text in one.

Every valuenet node on Neo4j carries ``VnSlot0`` or ``VnSlot1`` beside its model label.
Readers see the live slot only; an import writes the other (idle) one in bounded
transactions and then makes it live in one small transaction (``service.engines.neo4j``).
A text written for the model is kept in a slot by ``slotted``, which adds the slot's
label to each of its node patterns:

>>> slotted("MATCH (c:Company {id: $id})-[:DELIVERS]->(), (n) RETURN c", 1)
'MATCH (c:Company:VnSlot1 {id: $id})-[:DELIVERS]->(:VnSlot1), (n) RETURN c'
>>> slotted("MATCH (n) RETURN count(n)", 0)
'MATCH (n:VnSlot0) RETURN count(n)'
>>> slotted("MATCH (a:Company {id: $a}) MERGE (a)-[:OWNS]->(b:Company {id: $b})", 0)
'MATCH (a:Company:VnSlot0 {id: $a}) MERGE (a)-[:OWNS]->(b:Company:VnSlot0 {id: $b})'

A pattern with a model label gets the slot label after it; an unlabelled one gets it where
it starts a ``MATCH`` or touches a relationship (a bound variable's pattern then only
checks what holds anyway), but not in a ``MERGE`` or ``CREATE``, where a bound variable
may not be labelled. Function calls (``count(n)``) and ``CALL (n) {`` scopes are left
alone: a word or a keyword other than MATCH precedes them. ``labels(n)`` leaves the slot
label out:

>>> slotted("RETURN labels(n) AS names", 0)
"RETURN [vn_label IN labels(n) WHERE NOT vn_label STARTS WITH 'VnSlot'] AS names"
"""

from __future__ import annotations

import re
from typing import Final, Literal

from service.model import LABELS

__all__ = ["SLOT_LABELS", "Slot", "slot_label", "slotted"]

Slot = Literal[0, 1]
SLOT_LABELS: Final = ("VnSlot0", "VnSlot1")

_LABELLED = re.compile(r"\((\w*):(" + "|".join(LABELS) + r")\b")
_LABELS_OF = re.compile(r"\blabels\((\w+)\)")
_CLAUSE = re.compile(r"\b(MATCH|MERGE|CREATE)\b")
_UNLABELLED = re.compile(r"(?:(?<=MATCH )|(?<=[->]))\((\w*)\)|(?<![\w)\]])\((\w*)\)(?=<?-)")


def slot_label(slot: int) -> str:
    """``VnSlot0`` or ``VnSlot1``."""
    return SLOT_LABELS[slot]


def slotted(text: str, slot: int) -> str:
    """``text`` with every node pattern restricted to ``slot`` (see the module's doc)."""
    label = slot_label(slot)
    text = _LABELLED.sub(rf"(\1:\2:{label}", text)
    text = _LABELS_OF.sub(r"[vn_label IN labels(\1) WHERE NOT vn_label STARTS WITH 'VnSlot']", text)

    def restricted(found: re.Match[str]) -> str:
        clauses = _CLAUSE.findall(text, 0, found.start())
        if clauses and clauses[-1] != "MATCH":
            return found[0]
        return f"({found[1] or found[2] or ''}:{label})"

    return _UNLABELLED.sub(restricted, text)
