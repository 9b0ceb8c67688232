"""Running the step texts of ``cypher/steps/`` on behalf of a procedure."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from itertools import chain
from typing import Any, NamedTuple, cast, overload

from service.engines.base import Engine, Result
from service.errors import QueryFailed
from service.queries.catalog import Catalog
from service.queries.params import bind
from service.queries.question import Question
from service.queries.rows import Handle, Row, Step

__all__ = ["CHUNK", "ROWS", "WORKERS", "About", "Steps", "flow", "page"]

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

    @overload
    def run(self, step: Step[Row], **params: Any) -> list[Row]: ...
    @overload
    def run(self, step: str, **params: Any) -> Result: ...
    def run(self, step: Step[Row] | str, **params: Any) -> list[Row] | Result:
        """Run a step; its header checks the parameters like any module's. Given a ``Step``,
        its rows come as its named tuple; given a name (until every procedure names its
        steps' rows), as the lists of a Result."""
        if isinstance(step, str):
            return self._run(step, params)
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

    def run_each(self, name: str, calls: Sequence[dict[str, Any]]) -> Iterator[Result]:
        """Run step ``name`` once per parameter set of ``calls``, ``WORKERS`` at a time;
        the results come in order, each as soon as it and those before it are done."""
        return _POOL.map(lambda params: self._run(name, params), calls)

    def handles(self, ids: Sequence[str]) -> dict[str, Handle]:
        """The node handle of each company of ``ids``, by id (see ``service.queries.contract``)."""
        return {row.id: row.node for row in self.rows(COMPANY_HANDLES, ids)}

    def ids(self, nodes: Sequence[Handle]) -> dict[Handle, str]:
        """The id of each company handle of ``nodes``, by handle."""
        return {row.node: row.id for row in self.rows(COMPANY_IDS, nodes)}

    def companies(self, ids: Sequence[str]) -> dict[str, About]:
        """Name, sector, country and revenue of each company of ``ids``, by id."""
        return {row.id: About(*row[1:]) for row in self.rows(COMPANIES, ids)}

    def flows(self, pairs: Sequence[tuple[str, str]], **filters: Any) -> list[list[Any]]:
        """Rows (source, target, category, value): the deliverables from the first company of
        each pair to the second, each pair read by expand-into (not a hub's every deliverable)."""
        sources, targets = [s for s, _ in pairs], [t for _, t in pairs]
        return self.run("flows_between", sources=sources, targets=targets, **filters).rows

    @overload
    def rows(
        self, step: Step[Row], ids: Sequence[Handle], *, per_call: int | None = None, **params: Any
    ) -> Iterator[Row]: ...
    @overload
    def rows(
        self, step: str, ids: Sequence[Handle], *, per_call: int | None = None, **params: Any
    ) -> Iterator[list[Any]]: ...
    def rows(
        self, step: Step[Row] | str, ids: Sequence[Handle], *, per_call: int | None = None, **params: Any
    ) -> Iterator[Row] | Iterator[list[Any]]:
        """The rows of a step for every id of ``ids``, in order: passed as ``$ids``, or as
        ``$nodes`` to a step over node handles. Many ids are split into calls of at most
        ``per_call`` (by default, between the workers, from SPLIT to CHUNK ids a call) that
        run ``WORKERS`` at a time. Rows come as ``run`` gives them."""
        if isinstance(step, str):
            return self.rows_of([step], ids, per_call=per_call, **params)
        return map(_named(step), self.rows_of([step.name], ids, per_call=per_call, **params))

    def rows_of(
        self, names: Sequence[str], ids: Sequence[Handle], *, per_call: int | None = None, **params: Any
    ) -> Iterator[list[Any]]:
        """The rows of each step of ``names`` in turn, as ``rows`` gives them; the calls of
        all the steps run together (a hub's partners out and in, at once)."""
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


class IdOf(NamedTuple):
    node: Handle
    id: str


COMPANIES = Step("companies", Company)
COMPANY_HANDLES = Step("company_handles", HandleOf)
COMPANY_IDS = Step("company_ids", IdOf)
#: The steps ``Steps`` itself reads, for the catalog to check.
ROWS: tuple[Step[Any], ...] = (COMPANIES, COMPANY_HANDLES, COMPANY_IDS)


def flow(params: dict[str, Any], critical_only: bool = False) -> dict[str, Any]:
    """The deliverable filters the supply steps take, from a question's parameters."""
    return {"categories": params["categories"], "as_of": params["as_of"], "critical_only": critical_only}


def page(rows: list[Any], params: dict[str, Any]) -> list[Any]:
    """The rows ``offset`` and ``limit`` ask for."""
    return rows[params["offset"] : params["offset"] + params["limit"]]


def _packed(cypher: str, columns: Sequence[str]) -> str:
    """A Neo4j step text whose rows come back as one record holding a list of rows, in
    order. Neo4j sends each record on its own: 20,000 rows of one int took 2 to 6 s on two
    busy cores, the same values as one list 0.8 s; a hub's steps return tens of thousands.
    The step's own columns are its subquery's, so a text returning others fails there."""
    names = ", ".join(f"`{name}`" for name in columns)
    return f"CALL () {{\n{cypher}\n}}\nRETURN collect([{names}]) AS rows"
