"""One Cypher text in each engine's form.

A text writes ``handle(x)`` for a node's handle, the engine's own reference to it, and
``engine_text`` turns that into the engine's function (``id(x)`` on FalkorDB, ``elementId(x)``
on Neo4j). On Neo4j a subquery also names the variables it imports (``CALL (x) {``), which
Neo4j 5.26 wants and FalkorDB does not parse. The query catalog rewrites its texts here when
it loads; the exporter its own statements.
"""

from __future__ import annotations

import re

from service.engines.base import Dialect

__all__ = ["NOT_CODE", "engine_text"]

#: String literals and comments: left alone by every rewrite, and where no $parameter is.
NOT_CODE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*|/\*.*?\*/", re.S)
#: What ``handle(x)`` becomes on each engine: the function giving a node's handle.
HANDLE_FUNCTIONS: dict[Dialect, str] = {"falkordb": "id", "neo4j": "elementId"}
# A call of handle() (a name of its own, not a property, parameter or namespaced function),
# after string literals, comments and `quoted names`, which are left as they are.
HANDLE_CALL = re.compile(NOT_CODE.pattern + r"|`[^`]*`|(?<![\w.$`])(?P<handle>handle)(?=\s*\()", re.S)
# A subquery (``CALL {``), and the WITH importing variables into it when it opens with one.
# Neo4j 5.26 deprecates both for ``CALL (x, y) {``, which FalkorDB does not parse.
SUBQUERY = re.compile(
    NOT_CODE.pattern
    + r"|`[^`]*`|(?<![\w.$`])CALL\s*\{(?P<imports>\s*WITH[ \t]+(?P<names>\w+(?:[ \t]*,[ \t]*\w+)*)[ \t]*(?=\n))?",
    re.S,
)


def engine_text(cypher: str, dialect: Dialect) -> str:
    """``cypher`` as ``dialect`` runs it: each ``handle(x)`` calls the engine's own function
    (``id(x)`` on FalkorDB, ``elementId(x)`` on Neo4j), and on Neo4j each subquery names the
    variables it imports (``CALL (x) {``, for ``CALL {`` and a first ``WITH x``). Lines stay
    where they were; string literals and comments are left alone."""
    function = HANDLE_FUNCTIONS[dialect]
    cypher = HANDLE_CALL.sub(lambda m: function if m.group("handle") else m.group(), cypher)
    return SUBQUERY.sub(_scoped, cypher) if dialect == "neo4j" else cypher


def _scoped(match: re.Match[str]) -> str:
    """A subquery with its variable scope, as Neo4j wants it: ``CALL (x) {`` for ``CALL {
    WITH x``, the WITH's line left empty; anything else as it is."""
    if not match.group().startswith("CALL"):
        return match.group()
    imports = match.group("imports") or ""
    names = ", ".join(name.strip() for name in (match.group("names") or "").split(",") if name.strip())
    return f"CALL ({names}) {{" + "\n" * imports.count("\n")
