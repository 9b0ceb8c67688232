"""The errors valuenet raises on purpose; anything else is a bug.

    ValuenetError                 root: catch this to catch them all
    ├── ConfigError               a setting is malformed (names the setting)
    ├── EngineStartError          the embedded engine did not start (carries its log tail)
    ├── EngineLockedError         another process holds the embedded data directory
    ├── EngineUnavailable         the engine is down, crashed or unreachable (HTTP 503)
    ├── QueryTimeout              a query ran past its time limit (HTTP 504)
    ├── QueryFailed               the engine refused a query (a constraint, a bad text)
    ├── PluginMissing             the engine lacks a plugin the question needs (HTTP 422)
    ├── ImportConflict            another import started during this one (HTTP 409)
    ├── ModuleDefinitionError     a cypher/ file breaks the module contract (file and line)
    ├── UnknownModule             no query module has that name (HTTP 404)
    ├── UnknownTable              no table of the dataset format has that name (HTTP 404)
    ├── InvalidDataset            a dataset to import is malformed (file, row, column)
    ├── EntityNotFound            a parameter names a node that does not exist (HTTP 404)
    └── InvalidParameter          a parameter is missing, unknown or malformed (HTTP 422)

The API maps each to an RFC 9457 problem; the CLI prints ``str(error)`` on one line.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ConfigError",
    "EngineLockedError",
    "EngineStartError",
    "EngineUnavailable",
    "EntityNotFound",
    "ImportConflict",
    "InvalidDataset",
    "InvalidParameter",
    "ModuleDefinitionError",
    "PluginMissing",
    "Problem",
    "QueryFailed",
    "QueryTimeout",
    "UnknownModule",
    "UnknownTable",
    "ValuenetError",
]


class ValuenetError(Exception):
    """Root of every error valuenet raises deliberately.

    ``str(error)`` is the whole story, for the CLI and the server log. The API shows it to
    clients for their own mistakes (4xx) only: a server-side failure's message may carry
    an engine's log lines or data paths, so its answer says ``public`` if the raiser gave
    one, else only what failed.
    """

    def __init__(self, *args: object, public: str | None = None) -> None:
        self.public = public
        super().__init__(*args)


class ConfigError(ValuenetError):
    """A setting is malformed; the message names the setting."""


class EngineStartError(ValuenetError):
    """The embedded engine did not start; the message ends with its last log lines."""


class EngineLockedError(ValuenetError):
    """Another process already runs an engine on this data directory."""


class EngineUnavailable(ValuenetError):
    """The engine is down, crashed or unreachable; ``retry_after_s`` when it is expected back."""

    def __init__(self, message: str, retry_after_s: float | None = None, public: str | None = None) -> None:
        self.retry_after_s = retry_after_s
        super().__init__(message, public=public)


class QueryTimeout(ValuenetError):
    """A query ran past its time limit."""


class GraphSwapped(ValuenetError):
    """An import swapped the graph while an answer was being streamed: ask again."""


class QueryFailed(ValuenetError):
    """The engine refused a query; the message is the engine's."""


class PluginMissing(ValuenetError):
    """The engine lacks a plugin the question needs (Neo4j without Graph Data Science or APOC);
    the message names the plugin."""


class ImportConflict(ValuenetError):
    """Another import started while this one ran, and this one was abandoned: nothing of it
    is visible. Neo4j only; the embedded engine runs one import after the other."""


class ModuleDefinitionError(ValuenetError):
    """A cypher/ module file breaks the contract; the message starts with file:line."""


class UnknownModule(ValuenetError):
    """No query module has this name."""


class EntityNotFound(ValuenetError):
    """A parameter names a node that does not exist. For a company parameter (``names``: it
    takes an exact name too), ``closest`` (id, name) pairs suggest what was meant, or, when
    ``shared``, list the companies that share the name given."""

    def __init__(
        self,
        parameter: str,
        label: str,
        ids: list[str],
        *,
        closest: list[tuple[str, str]] | None = None,
        names: bool = False,
        shared: bool = False,
    ) -> None:
        self.parameter = parameter
        self.closest = closest or []
        shown = ", ".join(repr(i) for i in ids[:5]) + (" …" if len(ids) > 5 else "")
        what = "id or name" if names else "id"
        message = f"no {label} with {what} {shown} (parameter {parameter!r})"
        if shared:
            message = f"{ids[0]!r} is the name of several companies; give an id (parameter {parameter!r})"
        if self.closest:
            message += "; closest: " + ", ".join(f"{name} ({id_})" for id_, name in self.closest)
        super().__init__(message)


@dataclass(frozen=True)
class Problem:
    """One problem of a dataset: where (file, row: 1 = first data row, column) and what."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = (
            [self.file]
            + [f"row {self.row}"] * (self.row is not None)
            + [f"column {self.column}"] * (self.column is not None)
        )
        return f"{' '.join(where)}: {self.message}"


class UnknownTable(ValuenetError):
    """No table of the dataset format (a node label, a relationship type) has this name."""


class InvalidDataset(ValuenetError):
    """A dataset to import is malformed; ``problems`` say where (file, row, column)."""

    def __init__(self, message: str, problems: list[Problem] | None = None, total: int = 0) -> None:
        self.problems = problems or []
        self.total = total or len(self.problems)
        super().__init__(message)

    @classmethod
    def from_problems(cls, problems: list[Problem], total: int) -> InvalidDataset:
        more = f" (and {total - len(problems)} more)" if total > len(problems) else ""
        listing = "\n".join(f"  {p}" for p in problems)
        return cls(f"{total} problem(s) in the dataset, nothing was written{more}:\n{listing}", problems, total)


class InvalidParameter(ValuenetError):
    """A parameter is missing, unknown or malformed; ``parameter`` names it."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(f"parameter {parameter!r}: {message}")
