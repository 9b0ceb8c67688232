"""Every Cypher text valuenet can send to an engine, for Neo4j's own linter in CI.

``python -m service.cypher_texts neo4j`` prints ``{"model": {labels, relationshipTypes,
propertyKeys}, "texts": [{origin, line, text, parameters}]}``, which
``.ci/cypher-lint/lint.mjs`` checks.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any, get_args

from service.analytics import load_catalog
from service.engines.base import Dialect
from service.engines.neo4j import STATEMENT_PARAMETERS, engine_statements
from service.graph_files import COUNT_STATEMENTS
from service.ingest.export import export_statements
from service.ingest.schema import TABLES
from service.ingest.writer import all_statements
from service.model import LABELS, RELATIONSHIPS, exists_statement

__all__ = ["model", "texts"]


def texts(dialect: Dialect) -> Iterator[dict[str, Any]]:
    """The query modules as ``dialect`` runs them, then the fixed statements."""
    catalog = load_catalog()
    for module in [*catalog, *catalog.steps.values()]:
        if not module.texts:
            continue  # answered by a procedure over steps, which follow
        text = module.text_for(dialect)
        yield {
            "origin": text.origin,
            "line": text.line,
            "text": text.cypher,
            "parameters": {p.name: p.type for p in module.params},
        }
    for label in LABELS:
        yield _fixed("service/model.py", exists_statement(label), {"ids": "string[]"})
    for statement in all_statements():
        yield _fixed("service/ingest/writer.py", statement, {"rows": "map[]"})
    for statement in export_statements(dialect):
        numbers = {name: "int" for name in ("low", "high", "skip", "head") if f"${name}" in statement}
        yield _fixed("service/ingest/export.py", statement, numbers)
    for statement in COUNT_STATEMENTS:
        yield _fixed("service/graph_files.py", statement, {})
    if dialect == "neo4j":
        for statement in engine_statements():
            used = {name: kind for name, kind in STATEMENT_PARAMETERS.items() if f"${name}" in statement}
            yield _fixed("service/engines/neo4j.py", statement, used)


def model() -> dict[str, list[str]]:
    """The labels, relationship types and property keys of the data model."""
    keys = sorted({f.name for table in TABLES.values() for f in table.properties} | {"id"})
    return {"labels": list(LABELS), "relationshipTypes": list(RELATIONSHIPS), "propertyKeys": keys}


def _fixed(origin: str, text: str, parameters: dict[str, str]) -> dict[str, Any]:
    return {"origin": origin, "line": 1, "text": text, "parameters": parameters}


def main(argv: list[str]) -> int:
    dialects = get_args(Dialect)
    if len(argv) != 1 or argv[0] not in dialects:
        print(f"usage: python -m service.cypher_texts {{{'|'.join(dialects)}}}", file=sys.stderr)
        return 2
    json.dump({"model": model(), "texts": list(texts(argv[0]))}, sys.stdout, indent=1)  # type: ignore[arg-type]
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
