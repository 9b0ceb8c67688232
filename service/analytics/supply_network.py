"""The supply under a question's filters as a network of companies numbered by integers, for
array work over what many companies receive at once (a failure cascade's rounds):
``Supply.network`` gives it, from the index or through the steps.

- ``IndexNetwork``: the supply index's positions are the numbers, its arrays the answers;
- ``StepsNetwork``: the steps ``customers_of`` and ``supply_in`` are read, and companies
  numbered as they come.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from service.analytics.rows import CUSTOMERS_OF, SUPPLY_IN
from service.analytics.supply_index import CODES, Floats, Ints, Ints8, SupplyIndex, distinct
from service.queries.steps import Filters, Steps

__all__ = ["IndexNetwork", "Inputs", "Network", "StepsNetwork"]


@dataclass(frozen=True)
class Inputs:
    """Deliverables to some companies, as arrays: receiver, supplier, category code, value."""

    receiver: Ints
    supplier: Ints
    category: Ints8
    value: Floats

    @classmethod
    def none(cls) -> Inputs:
        return cls(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int8), np.empty(0, np.float64))

    def __add__(self, other: Inputs) -> Inputs:
        return Inputs(
            np.concatenate([self.receiver, other.receiver]),
            np.concatenate([self.supplier, other.supplier]),
            np.concatenate([self.category, other.category]),
            np.concatenate([self.value, other.value]),
        )

    def take(self, rows: Ints) -> Inputs:
        """The deliverables at ``rows``, in their order."""
        return Inputs(self.receiver[rows], self.supplier[rows], self.category[rows], self.value[rows])

    def to(self, companies: Ints) -> Inputs:
        """The deliverables to ``companies`` only."""
        return self.take(np.flatnonzero(np.isin(self.receiver, companies)))


class Network(ABC):
    """The supply network under one question's filters, companies as integers."""

    @abstractmethod
    def keys(self, ids: Sequence[str]) -> Ints:
        """The companies of ``ids``, in order."""

    @abstractmethod
    def customers(self, companies: Ints) -> Ints:
        """The companies that any of ``companies`` delivers to, sorted, each once."""

    @abstractmethod
    def inputs(self, companies: Ints) -> Inputs:
        """What ``companies`` receive, one entry per deliverable."""

    @abstractmethod
    def ids(self, companies: Ints) -> dict[int, str]:
        """The id of each of ``companies``."""


@dataclass(frozen=True)
class IndexNetwork(Network):
    """The network in the supply index: companies are its positions."""

    index: SupplyIndex
    filters: Filters

    def keys(self, ids: Sequence[str]) -> Ints:
        return self.index.companies.positions_of(ids)

    def customers(self, companies: Ints) -> Ints:
        return distinct(self.index.target[self.index.edges_out(companies, self.filters)])

    def inputs(self, companies: Ints) -> Inputs:
        index = self.index
        edges = index.edges_in(companies, self.filters)
        return Inputs(index.target[edges], index.source[edges], index.category[edges], index.value[edges])

    def ids(self, companies: Ints) -> dict[int, str]:
        return dict(zip(companies.tolist(), self.index.companies.ids_at(companies), strict=True))


@dataclass
class StepsNetwork(Network):
    """The network read through the steps: companies are numbered as they come."""

    steps: Steps
    filters: Filters
    names: list[str] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)

    def keys(self, ids: Sequence[str]) -> Ints:
        return np.fromiter((self._number(i) for i in ids), dtype=np.int64, count=len(ids))

    def customers(self, companies: Ints) -> Ints:
        rows = self.steps.rows(CUSTOMERS_OF, self._ids(companies), **self.filters)
        return distinct(self.keys([row.id for row in rows]))

    def inputs(self, companies: Ints) -> Inputs:
        rows = list(self.steps.rows(SUPPLY_IN, self._ids(companies), **self.filters))
        return Inputs(
            self.keys([row.company for row in rows]),
            self.keys([row.counterpart for row in rows]),
            np.asarray([CODES[row.category] for row in rows], dtype=np.int8),
            np.asarray([row.value or 0.0 for row in rows], dtype=np.float64),
        )

    def ids(self, companies: Ints) -> dict[int, str]:
        return {company: self.names[company] for company in companies.tolist()}

    def _ids(self, companies: Ints) -> list[str]:
        return [self.names[company] for company in companies.tolist()]

    def _number(self, company: str) -> int:
        number = self.numbers.setdefault(company, len(self.names))
        if number == len(self.names):
            self.names.append(company)
        return number
