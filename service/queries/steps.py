"""Running the step texts of ``cypher/steps/`` on behalf of a procedure."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from itertools import chain
from typing import Any, NamedTuple, Protocol, TypedDict, TypeVar, cast

from service.engines.base import Engine, Result
from service.errors import QueryFailed
from service.queries.catalog import Catalog
from service.queries.params import bind
from service.queries.question import Question
from service.queries.rows import Handle, Row, Step

__all__ = ["CHUNK", "ROWS", "WORKERS", "About", "Filters", "Flow", "HandleOf", "Steps", "flow", "page"]

#: Most ids sent to a step at once: bounds the query text (the falkordb client renders
#: parameters into it) and the engine's memory per call.
CHUNK = 10_000
#: Step calls of one request that run at once. The engine runs each read on a thread of
#: its own, so a hub's frontier, split in two, comes back in a little over half the time.
WORKERS = 2
#: Fewest ids worth a call of their own when a frontier is split between the workers.
SPLIT = 500
_POOL = ThreadPoolExecutor(WORKERS, thread_name_prefix="valuenet-steps")
#: The one column of a step's rows packed in one record (see ``_packed``).
PACKED = [("rows", "json")]


@dataclass(frozen=True)
class Steps:
    """The steps of a catalog, run read-only for one question (its time limit, its graph)."""

    question: Question
    catalog: Catalog

    @classmethod
    def of(cls, engine: Engine, catalog: Catalog) -> Steps:
        """Steps for a question starting now on ``engine``, under its ``query_timeout_ms``."""
        return cls(Question.start(engine, engine.query_timeout_ms), catalog)

    @property
    def engine(self) -> Engine:
        return self.question.engine

    def run(self, step: Step[Row], **params: Any) -> list[Row]:
        """Run a step, its rows as its named tuple; its header checks the parameters like
        any module's."""
        return list(map(_named(step), self._run(step.name, params).rows))

    def _run(self, name: str, params: dict[str, Any]) -> Result:
        step = self.catalog.steps[name]
        text = step.text_for(self.engine.dialect)
        columns = [(c.name, c.type) for c in step.columns]
        if self.engine.dialect == "neo4j":
            packed = self.question.read_table(_packed(text.cypher, step.column_names), bind(step, params), PACKED)
            return Result(step.column_names, packed.rows[0][0] if packed.rows else [])
        result = self.question.read_table(text.cypher, bind(step, params), columns)
        if result.columns != step.column_names:
            raise QueryFailed(f"{text.origin}: returned columns {result.columns}, declared {step.column_names}")
        return result

    def run_each(self, step: Step[Row], calls: Sequence[dict[str, Any]]) -> Iterator[list[Row]]:
        """Run ``step`` once per parameter set of ``calls``, ``WORKERS`` at a time; the
        rows of each call come in order, each as soon as it and those before it are done."""
        named = _named(step)
        return _POOL.map(lambda params: list(map(named, self._run(step.name, params).rows)), calls)

    def handles(self, ids: Sequence[str]) -> dict[str, Handle]:
        """The node handle of each company of ``ids``, by id (see ``service.queries.contract``)."""
        return {row.id: row.node for row in self.rows(COMPANY_HANDLES, ids)}

    def ids(self, nodes: Sequence[Handle]) -> dict[Handle, str]:
        """The id of each company handle of ``nodes``, by handle."""
        return {row.node: row.id for row in self.rows(COMPANY_IDS, nodes)}

    def companies(self, ids: Sequence[str]) -> dict[str, About]:
        """Name, sector, country and revenue of each company of ``ids``, by id."""
        return {row.id: About(row.name, row.sector, row.country, row.revenue) for row in self.rows(COMPANIES, ids)}

    def flows(self, pairs: Sequence[tuple[str, str]], **filters: Any) -> list[Flow]:
        """The deliverables from the first company of each pair to the second, each pair
        read by expand-into (not a hub's every deliverable)."""
        sources, targets = [s for s, _ in pairs], [t for _, t in pairs]
        return self.run(FLOWS_BETWEEN, sources=sources, targets=targets, **filters)

    def rows(
        self, step: Step[Row], ids: Sequence[Handle], *, per_call: int | None = None, **params: Any
    ) -> Iterator[Row]:
        """The rows of a step for every id of ``ids``, in order, as its named tuple: see ``lists``."""
        return map(_named(step), self.lists(step, ids, per_call=per_call, **params))

    def rows_of(
        self, steps: Sequence[Step[Row]], ids: Sequence[Handle], *, per_call: int | None = None, **params: Any
    ) -> Iterator[Row]:
        """The rows of each of ``steps`` (of one row type) in turn, as ``rows`` gives them;
        the calls of all the steps run together (a hub's partners out and in, at once)."""
        return map(_named(steps[0]), self._lists([s.name for s in steps], ids, per_call, params))

    def lists(
        self, step: Step[Row], ids: Sequence[Handle], *, per_call: int | None = None, **params: Any
    ) -> Iterator[list[Any]]:
        """The rows of a step for every id of ``ids``, in order, as plain lists of its row's
        fields: only for a loop over a million rows, where making a named tuple of each
        costs (a hub's chain at 1M companies reads 1.3M links: 1.2 s against 0.25 s for
        the loop alone). The ids are passed as ``$ids``, or as ``$nodes`` to a step over
        node handles. Many ids are split into calls of at most ``per_call`` (by default,
        between the workers, from SPLIT to CHUNK ids a call) that run ``WORKERS`` at a time."""
        return self._lists([step.name], ids, per_call, params)

    def _lists(
        self, names: Sequence[str], ids: Sequence[Handle], per_call: int | None, params: dict[str, Any]
    ) -> Iterator[list[Any]]:
        ids = list(ids)
        size = per_call or min(CHUNK, max(SPLIT, -(-len(ids) // WORKERS)))
        calls = [
            (name, {self._key(name): ids[i : i + size], **params}) for name in names for i in range(0, len(ids), size)
        ]
        if len(calls) == 1:
            return iter(self._run(*calls[0]).rows)
        results = _POOL.map(lambda call: self._run(*call), calls)
        return chain.from_iterable(result.rows for result in results)  # not a generator: no Python call a row

    def _key(self, name: str) -> str:
        """The parameter a step takes its ids as."""
        return "nodes" if any(p.name == "nodes" for p in self.catalog.steps[name].params) else "ids"


def _named(step: Step[Row]) -> Callable[[list[Any]], Row]:
    """Make a row of the step's named tuple from a list of its values: ``tuple.__new__``
    directly, all in C (``_make`` is a Python call a row); the values are the step's
    columns, checked when it ran, and its tuple's fields those columns, checked at load."""
    return cast(Callable[[list[Any]], Row], partial(tuple.__new__, step.row))


class About(NamedTuple):
    """A company as ``Steps.companies`` gives it."""

    name: str
    sector: str | None
    country: str | None
    revenue: float | None


class Company(NamedTuple):
    id: str
    name: str
    sector: str | None
    country: str | None
    revenue: float | None


class HandleOf(NamedTuple):
    id: str
    node: Handle


class Flow(NamedTuple):
    """A deliverable between two companies, by id."""

    source: str
    target: str
    category: str
    value: float | None


class IdOf(NamedTuple):
    node: Handle
    id: str


COMPANIES = Step("companies", Company)
COMPANY_HANDLES = Step("company_handles", HandleOf)
COMPANY_IDS = Step("company_ids", IdOf)
FLOWS_BETWEEN = Step("flows_between", Flow)
#: The steps ``Steps`` itself reads, for the catalog to check.
ROWS: tuple[Step[Any], ...] = (COMPANIES, COMPANY_HANDLES, COMPANY_IDS, FLOWS_BETWEEN)


class Filters(TypedDict):
    """The deliverable filters the supply steps take (``flow``)."""

    categories: list[str]
    as_of: str | None
    critical_only: bool


def flow(categories: list[str], as_of: str | None, critical_only: bool = False) -> Filters:
    """The deliverable filters the supply steps take."""
    return {"categories": categories, "as_of": as_of, "critical_only": critical_only}


class Paged(Protocol):
    """A paged question's parameters."""

    @property
    def offset(self) -> int: ...
    @property
    def limit(self) -> int: ...


T = TypeVar("T")


def page(rows: list[T], params: Paged) -> list[T]:
    """The rows ``offset`` and ``limit`` ask for."""
    return rows[params.offset : params.offset + params.limit]


def _packed(cypher: str, columns: Sequence[str]) -> str:
    """A Neo4j step text whose rows come back as one record holding a list of rows, in
    order. Neo4j sends each record on its own: 20,000 rows of one int took 2 to 6 s on two
    busy cores, the same values as one list 0.8 s; a hub's steps return tens of thousands.
    The step's own columns are its subquery's, so a text returning others fails there."""
    names = ", ".join(f"`{name}`" for name in columns)
    return f"CALL () {{\n{cypher}\n}}\nRETURN collect([{names}]) AS rows"
