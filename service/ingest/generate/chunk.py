"""One chunk of a generated industry: companies of consecutive indices and every row they start."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from service.ingest.generate.columns import frame_of, joined, padded, spread
from service.ingest.generate.industry import Industry
from service.ingest.generate.randomness import CHUNK_STREAM, ROLE_STREAM, Bools, Floats, Ints, rng_stream
from service.ingest.generate.rates import RATES
from service.ingest.generate.sectors import (
    ACTIVITIES,
    CAPABILITIES,
    COMPETING,
    COUNTRIES,
    CURRENCIES,
    FINANCE,
    FLOW_ROLES,
    FUNCTION_DOMAINS,
    FUNCTION_TITLES,
    FUNCTIONS,
    INTERNAL_FLOWS,
    INVESTMENT,
    LEGAL_FORMS,
    LOGISTICS,
    PLACES,
    REGULATION,
    SECTORS,
    SOFTWARE,
    STREAMS_EXTERNAL,
    STREAMS_INTERNAL,
    TANGIBLE,
    TIERS,
    VOCAB_AT,
)
from service.ingest.schema import TABLES


def company_index(ids: pa.Array) -> Ints:
    """The index of each company id (``co-0000042`` is 41)."""
    index: Ints = pc.cast(pc.utf8_slice_codeunits(ids, 3), pa.int64()).to_numpy() - 1
    return index


class Chunk:
    """Companies ``a`` to ``b`` (indices) and every row they start."""

    def __init__(self, industry: Industry, number: int, a: int, b: int) -> None:
        self.ind = industry
        self.number = number
        self.rng = rng_stream(industry.seed, CHUNK_STREAM, number)
        self.a, self.b = a, b
        self.parts: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
        self.index: Ints = np.arange(a, b, dtype=np.int64)
        self.sector = industry.sector_of(self.index)
        self.rank = self.index - industry.start[self.sector]

    def tables(self) -> dict[str, pa.Table]:
        self.companies()
        self.products()
        self.anchors()
        self.services()
        self.public()
        self.ownership()
        self.value_streams()
        self.capabilities()
        self.ecosystems()
        self.roles()
        frames = {name: frame_of(TABLES[name], parts) for name, parts in self.parts.items()}
        delivers = frames["delivers"]
        number = self.ind.delivered + np.arange(delivers.num_rows, dtype=np.int64)
        self.ind.delivered += delivers.num_rows
        column = delivers.schema.get_field_index("id")
        frames["delivers"] = delivers.set_column(column, "id", joined("dl-", padded(number + 1, 9)))
        return frames

    # helpers
    def local(self, index: Ints) -> Ints:
        return index - self.a

    def co(self, index: Ints) -> pa.Array:
        return self.ind.company_ids(index)

    def words(self, key: str, n: int) -> pa.Array:
        at, count = VOCAB_AT[key]
        return self.ind.vocab.take(at + self.rng.integers(0, count, n))

    def chance(self, p: float | Floats, n: int) -> Bools:
        return self.rng.random(n) < p

    def dates(self, n: int, not_before: Ints, open_share: float = 0.55) -> tuple[Ints, Ints]:
        start = np.maximum(self.rng.integers(RATES.first_day, RATES.last_day, n), not_before)
        start = np.minimum(start, RATES.last_day)
        length = self.rng.integers(180, 3650, n)
        end = np.where(self.chance(open_share, n), -1, start + length)
        return start.astype(np.int64), end.astype(np.int64)

    def amounts(self, scale: Floats, sigma: float = 0.7) -> Floats:
        value = scale * self.rng.lognormal(0.0, sigma, len(scale))
        return np.maximum(np.round(value, 2), 0.01)

    def flow(
        self,
        *,
        source: pa.Array,
        target: pa.Array,
        category: str,
        deliverable: pa.Array | str,
        value: Floats,
        start: Ints,
        end: Ints,
        critical: Bools,
        contract: pa.Array | None = None,
        source_label: str | None = None,
        target_label: str | None = None,
    ) -> None:
        self.parts["delivers"].append(
            {
                "source": source,
                "target": target,
                "source_label": source_label,
                "target_label": target_label,
                "deliverable": deliverable,
                "nature": "tangible" if category in TANGIBLE else "intangible",
                "category": category,
                "value": value,
                "contract": contract,
                "start": start,
                "end": end,
                "critical": critical,
            }
        )

    def deals(
        self,
        *,
        chosen: Bools,
        supplier: Ints,
        customer: Ints,
        kind: str,
        yearly: Floats,
        start: Ints,
        end: Ints,
        currency: pa.Array,
    ) -> pa.Array:
        """Contracts for the ``chosen`` links: rows of contract and party_to; the id per link (or null)."""
        n = int(chosen.sum())
        number = self.ind.contracts + np.arange(n, dtype=np.int64)
        self.ind.contracts += n
        ids = joined("ct-", padded(number + 1, 9))
        s, c = supplier[chosen], customer[chosen]
        years = np.where(end[chosen] >= 0, (end[chosen] - start[chosen]) / 365.25, 3.0)
        title = f"{kind.capitalize()} agreement "
        self.parts["contract"].append(
            {
                "id": ids,
                "name": joined(title, self.co(s), " to ", self.co(c)),
                "kind": kind,
                "start": start[chosen],
                "end": end[chosen],
                "value": np.maximum(np.round(yearly[chosen] * years, 2), 0.01),
                "currency": currency.filter(pa.array(chosen)),
            }
        )
        self.parts["party_to"].append({"source": self.co(s), "target": ids, "role": "supplier"})
        self.parts["party_to"].append({"source": self.co(c), "target": ids, "role": "customer"})
        return spread(ids, chosen)

    def paid(
        self,
        *,
        mask: Bools,
        payer: Ints,
        payee: Ints,
        value: Floats,
        start: Ints,
        end: Ints,
        contract: pa.Array | None,
        deliverable: str,
    ) -> None:
        """Money back from the receiver of a delivery to its supplier, for the links in ``mask``."""
        keep = pa.array(mask)
        self.flow(
            source=self.co(payer[mask]),
            target=self.co(payee[mask]),
            category="money",
            deliverable=deliverable,
            value=value[mask],
            start=start[mask],
            end=end[mask],
            critical=np.zeros(int(mask.sum()), dtype=np.bool_),
            contract=None if contract is None else contract.filter(keep),
        )

    # companies and markets
    def companies(self) -> None:
        ind, rng, n = self.ind, self.rng, self.b - self.a
        sector, rank = self.sector, self.rank
        in_market = np.full(n, np.nan)
        for m in ind.markets_between(self.a, self.b):
            details = ind.market(m)
            here = (details.members >= self.a) & (details.members < self.b)
            in_market[self.local(details.members[here])] = details.revenue[here]
            if details.lo >= self.a:
                self.parts["market"].append(
                    {"id": ind.market_ids(np.array([m])), "name": pa.array([details.name]), "region": details.region}
                )
            self.parts["competes_in"].append(
                {
                    "source": self.co(details.members[here]),
                    "target": ind.market_ids(np.full(int(here.sum()), m)),
                    "revenue": details.revenue[here],
                }
            )
        member = ~np.isnan(in_market)
        base = np.array([s.base_revenue or 0.0 for s in SECTORS])[sector]
        scale = (ind.size[sector] / (rank + 1.0)) ** 0.3
        revenue = base * rng.lognormal(0.0, 1.0, n) * scale
        revenue = np.where(member, in_market / rng.uniform(0.35, 0.95, n), revenue)
        roles = ind.roles(self.index)
        revenue = revenue * (1 + RATES.revenue_per_role * roles)  # a company with roles is a bigger one
        revenue = np.maximum(np.round(revenue, 2), 0.01)
        reported = np.array([s.base_revenue is not None for s in SECTORS])[sector]
        revenue = np.where(reported, revenue, np.nan)
        employees = np.where(reported, revenue * rng.uniform(1.5, 6.0, n), rng.lognormal(np.log(300), 1.0, n))
        employees = np.maximum(np.round(employees), np.maximum(RATES.staff_per_role * roles, 1)).astype(np.int64)
        founded = np.maximum(2024 - np.floor(rng.exponential(22.0, n) * (1 + 0.5 * ind.large(sector, rank))), 1870)
        self.founded_day: Ints = (founded.astype(np.int64) - 1970).astype("datetime64[Y]").astype("datetime64[D]")
        self.founded_day = self.founded_day.astype(np.int64)
        country = np.zeros(n, dtype=np.int64)
        for s, spec in enumerate(SECTORS):
            here = sector == s
            if here.any():
                country[here] = rng.choice(len(COUNTRIES), int(here.sum()), p=ind.weights[spec.countries])
        self.country = country
        self.revenue: Floats = np.where(reported, revenue, 0.0)
        kinds = pa.array([s.kind for s in SECTORS]).take(sector)
        noun = ind.nouns.take(ind.noun_at[sector] + (rng.random(n) * ind.noun_count[sector]).astype(np.int64))
        plain = joined(pa.array(PLACES).take(rng.integers(0, len(PLACES), n)), " ", noun)
        formal = joined(plain, " ", pa.array(LEGAL_FORMS).take(country))
        self.names = pc.if_else(pa.array(sector != REGULATION), formal, plain)
        self.parts["company"].append(
            {
                "id": self.co(self.index),
                "name": self.names,
                "kind": kinds,
                "sector": pa.array([s.name for s in SECTORS]).take(sector),
                "country": pa.array(COUNTRIES).take(country),
                "revenue": revenue,
                "employees": employees,
                "founded": founded.astype(np.int64),
            }
        )

    def currency(self, index: Ints) -> pa.Array:
        return pa.array(CURRENCIES).take(self.country[self.local(index)])

    # goods down the tiers, money back up
    def products(self) -> None:
        """Each receiver in tiers 1-4 picks its suppliers upstream (mostly the tier above)."""
        ind, rng = self.ind, self.rng
        receivers = self.index[(self.sector >= 1) & (self.sector < TIERS)]
        if len(receivers) == 0:
            return
        sector = self.sector[self.local(receivers)]
        rank = self.rank[self.local(receivers)]
        sole = ind.sole_sourced(receivers)
        weight = 0.09 * (ind.size[sector] / (rank + 1.0)) ** 0.7
        picks = np.minimum(1 + rng.poisson(0.3 + weight), 2_000)
        picks[sole] = 1
        row = np.repeat(np.arange(len(receivers)), picks)
        receiver = receivers[row]
        skip = (sector[row] >= 2) & self.chance(0.07, len(row))
        supplier = ind.pick(rng, sector[row] - 1 - skip.astype(np.int64))
        _, first = np.unique(receiver * ind.n + supplier, return_index=True)
        first = np.sort(first)
        receiver, supplier, row = receiver[first], supplier[first], row[first]
        n = len(row)
        per_receiver = np.bincount(row, minlength=len(receivers))[row]
        value = self.amounts(0.5 * self.revenue[self.local(receiver)] / per_receiver)
        start, end = self.dates(n, self.founded_day[self.local(receiver)])
        critical = sole[row] | self.chance(0.12, n)
        contract = self.deals(
            chosen=self.chance(0.2, n),
            supplier=supplier,
            customer=receiver,
            kind="supply",
            yearly=value,
            start=start,
            end=end,
            currency=self.currency(receiver),
        )
        tier = ind.sector_of(supplier)
        self.flow(
            source=self.co(supplier),
            target=self.co(receiver),
            category="product",
            deliverable=self.product_words(tier),
            value=value,
            start=start,
            end=end,
            critical=critical,
            contract=contract,
        )
        self.paid(
            mask=self.chance(0.85, n),
            payer=receiver,
            payee=supplier,
            value=value,
            start=start,
            end=end,
            contract=contract,
            deliverable="payment for goods",
        )
        informs = self.chance(0.15, n)
        self.flow(
            source=self.co(receiver[informs]),
            target=self.co(supplier[informs]),
            category="information",
            deliverable=self.words("information", int(informs.sum())),
            value=self.maybe(value[informs] * 0.01),
            start=start[informs],
            end=end[informs],
            critical=np.zeros(int(informs.sum()), dtype=np.bool_),
        )
        teaches = self.chance(0.08, n)
        self.flow(
            source=self.co(supplier[teaches]),
            target=self.co(receiver[teaches]),
            category="knowledge",
            deliverable=self.words("knowledge", int(teaches.sum())),
            value=self.maybe(value[teaches] * 0.03),
            start=start[teaches],
            end=end[teaches],
            critical=self.chance(0.2, int(teaches.sum())),
        )

    def product_words(self, tier: Ints) -> pa.Array:
        at = np.array([VOCAB_AT[f"product{t}"][0] for t in range(TIERS - 1)])[tier]
        count = np.array([VOCAB_AT[f"product{t}"][1] for t in range(TIERS - 1)])[tier]
        return self.ind.vocab.take(at + (self.rng.random(len(tier)) * count).astype(np.int64))

    def maybe(self, value: Floats) -> Floats:
        """Intangibles: an estimated value for half of them, none for the rest."""
        shown = self.chance(0.5, len(value))
        return np.where(shown, np.maximum(np.round(value, 2), 0.01), np.nan)

    def anchors(self) -> None:
        """Every company of tiers 0-3 has at least one customer in the tier below it."""
        ind, rng = self.ind, self.rng
        suppliers = self.index[self.sector < TIERS - 1]
        if len(suppliers) == 0:
            return
        target = self.sector[self.local(suppliers)] + 1
        size, first = ind.size[target], ind.start[target]
        customer = first + rng.integers(0, size)
        for _ in range(8):  # sole-sourced receivers take no second supplier: try the next one
            sole = ind.sole_sourced(customer)
            customer = np.where(sole, first + (customer - first + 1) % size, customer)
        keep = ~ind.sole_sourced(customer)
        suppliers, customer = suppliers[keep], customer[keep]
        n = len(suppliers)
        value = self.amounts(0.3 * self.revenue[self.local(suppliers)])
        start, end = self.dates(n, self.founded_day[self.local(suppliers)])
        contract = self.deals(
            chosen=self.chance(0.2, n),
            supplier=suppliers,
            customer=customer,
            kind="supply",
            yearly=value,
            start=start,
            end=end,
            currency=self.currency(suppliers),
        )
        tier = self.sector[self.local(suppliers)]
        self.flow(
            source=self.co(suppliers),
            target=self.co(customer),
            category="product",
            deliverable=self.product_words(tier),
            value=value,
            start=start,
            end=end,
            critical=self.chance(0.12, n),
            contract=contract,
        )
        self.paid(
            mask=self.chance(0.85, n),
            payer=customer,
            payee=suppliers,
            value=value,
            start=start,
            end=end,
            contract=contract,
            deliverable="payment for goods",
        )

    # service sectors
    def services(self) -> None:
        tiers = self.sector < TIERS
        self.service(
            eligible=tiers,
            provider_sector=LOGISTICS,
            share=0.3,
            category="service",
            words="logistics",
            pays=0.9,
            fee="service fees",
            kind="service",
        )
        software = self.chance(0.6, self.b - self.a)
        self.service(
            eligible=software,
            provider_sector=SOFTWARE,
            share=0.25,
            category="service",
            words="software",
            pays=0.85,
            fee="subscription fees",
            kind="service",
        )
        self.service(
            eligible=~software,
            provider_sector=SOFTWARE,
            share=0.25,
            category="data",
            words="data",
            pays=0.6,
            fee="licence fees",
            kind="licence",
        )
        insured = self.chance(0.5, self.b - self.a)
        businesses = np.array(COMPETING)[self.sector]
        self.service(
            eligible=businesses & insured,
            provider_sector=FINANCE,
            share=0.15,
            category="risk_reduction",
            words="insurance",
            pays=0.95,
            fee="insurance premium",
            kind="insurance",
        )
        self.service(
            eligible=businesses & ~insured,
            provider_sector=FINANCE,
            share=0.15,
            category="money",
            words="loan",
            pays=0.9,
            fee="loan repayment",
            kind="loan",
        )

    def service(
        self,
        *,
        eligible: Bools,
        provider_sector: int,
        share: float,
        category: str,
        words: str,
        pays: float,
        fee: str,
        kind: str,
    ) -> None:
        ind = self.ind
        chosen = eligible & self.chance(share, self.b - self.a)
        customer = self.index[chosen]
        n = len(customer)
        provider = ind.pick(self.rng, np.full(n, provider_sector, dtype=np.int64), power=2.5)
        size, first = int(ind.size[provider_sector]), int(ind.start[provider_sector])
        provider = np.where(provider == customer, first + (provider - first + 1) % size, provider)
        keep = provider != customer
        customer, provider = customer[keep], provider[keep]
        n = len(customer)
        value = self.amounts(0.02 * self.revenue[self.local(customer)] + 0.05)
        start, end = self.dates(n, self.founded_day[self.local(customer)])
        contract = self.deals(
            chosen=self.chance(0.25, n),
            supplier=provider,
            customer=customer,
            kind=kind,
            yearly=value,
            start=start,
            end=end,
            currency=self.currency(customer),
        )
        critical = self.chance(0.1, n)
        self.flow(
            source=self.co(provider),
            target=self.co(customer),
            category=category,
            deliverable=self.words(words, n),
            value=value,
            start=start,
            end=end,
            critical=critical,
            contract=contract,
        )
        self.paid(
            mask=self.chance(pays, n),
            payer=customer,
            payee=provider,
            value=value,
            start=start,
            end=end,
            contract=contract,
            deliverable=fee,
        )

    def public(self) -> None:
        """Regulators grant access; companies send them compliance."""
        ind = self.ind
        regulated = self.sector != REGULATION
        for category, share in (("compliance", 0.15), ("access", 0.1)):
            company = self.index[regulated & self.chance(share, self.b - self.a)]
            n = len(company)
            regulator = ind.pick(self.rng, np.full(n, REGULATION, dtype=np.int64), power=2.0)
            start, end = self.dates(n, self.founded_day[self.local(company)], open_share=0.7)
            ends = (company, regulator) if category == "compliance" else (regulator, company)
            critical = np.zeros(n, dtype=np.bool_) if category == "compliance" else self.chance(0.5, n)
            value = np.full(n, np.nan)
            self.flow(
                source=self.co(ends[0]),
                target=self.co(ends[1]),
                category=category,
                deliverable=self.words(category, n),
                value=value,
                start=start,
                end=end,
                critical=critical,
            )

    def ownership(self) -> None:
        """Subsidiaries owned by a bigger company of their sector; minority stakes held by investors."""
        ind, rng, n = self.ind, self.rng, self.b - self.a
        businesses = np.array(COMPETING)[self.sector]
        child = self.index[businesses & (self.rank >= 1) & self.chance(0.03, n)]
        sector = self.sector[self.local(child)]
        rank = self.rank[self.local(child)]
        parent = ind.start[sector] + (rank * rng.random(len(child)) ** 2).astype(np.int64)
        share = np.where(self.chance(0.6, len(child)), 1.0, np.round(rng.uniform(0.2, 0.95, len(child)), 3))
        self.parts["owns"].append({"source": self.co(parent), "target": self.co(child), "share": share})
        held = self.index[businesses & self.chance(0.02, n)]
        m = len(held)
        investor = ind.pick(rng, np.full(m, INVESTMENT, dtype=np.int64), power=2.0)
        stake = np.round(rng.uniform(0.02, 0.3, m), 3)
        self.parts["owns"].append({"source": self.co(investor), "target": self.co(held), "share": stake})
        value = self.amounts(stake * self.revenue[self.local(held)] + 0.5)
        start, end = self.dates(m, self.founded_day[self.local(held)], open_share=0.8)
        no = np.zeros(m, dtype=np.bool_)
        self.flow(
            source=self.co(investor),
            target=self.co(held),
            category="money",
            deliverable="equity investment",
            value=value,
            start=start,
            end=end,
            critical=no,
        )
        reporting = self.words("reporting", m)
        self.flow(
            source=self.co(held),
            target=self.co(investor),
            category="information",
            deliverable=reporting,
            value=np.full(m, np.nan),
            start=start,
            end=end,
            critical=no,
        )
        self.paid(
            mask=self.chance(0.5, m),
            payer=held,
            payee=investor,
            value=np.round(value * 0.08 + 0.01, 2),
            start=start,
            end=end,
            contract=None,
            deliverable="dividends",
        )

    # inside companies
    def roles(self) -> None:
        """Companies with roles (``Industry.roles``): the roles, capabilities of some of them,
        what the roles deliver each other, and every flow between two companies with roles
        seen again between their roles. Roles draw from their own random stream, so the rest
        of the industry does not depend on them."""
        ind = self.ind
        self.rng = rng_stream(ind.seed, ROLE_STREAM, self.number)
        count = ind.roles(self.index)
        company, count = self.index[count > 0], count[count > 0]
        if len(company) == 0:
            return
        row = np.repeat(np.arange(len(company)), count)
        number = np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count)
        owner = company[row]
        function = ind.functions[self.sector[self.local(owner)], number]
        ids = ind.sub_ids("ro-", owner, number + 1)
        self.parts["role"].append(
            {
                "id": ids,
                "name": joined(self.names.take(self.local(owner)), " ", pa.array(FUNCTION_TITLES).take(function)),
                "function": pa.array(FUNCTIONS).take(function),
            }
        )
        self.parts["has_role"].append({"source": self.co(owner), "target": ids})
        self.role_capabilities(ids, owner, function)
        self.internal_flows(company, count)
        self.role_flows()

    def role_capabilities(self, ids: pa.Array, owner: Ints, function: Ints) -> None:
        """Some roles have 1-2 capabilities from their function's domain."""
        rng = self.rng
        skilled = self.chance(0.3, len(ids))
        domain = np.array(FUNCTION_DOMAINS)[function]
        own = np.array([s.domains[0] for s in SECTORS])[self.sector[self.local(owner)]]
        domain = np.where(domain < 0, own, domain)[skilled]
        k = rng.integers(1, 3, len(domain))
        which = np.repeat(np.arange(len(domain)), k)
        step = np.arange(len(which)) - np.repeat(np.cumsum(k) - k, k)
        stride = np.array([1, 2, 4, 7])[rng.integers(0, 4, len(domain))]
        first = rng.integers(0, len(ACTIVITIES), len(domain))
        activity = (first[which] + step * stride[which]) % len(ACTIVITIES)
        cap = domain[which] * len(ACTIVITIES) + activity
        self.parts["has_capability"].append(
            {
                "source": ids.filter(pa.array(skilled)).take(which),
                "target": self.ind.capability_ids(cap),
                "source_label": "Role",
                "level": np.round(rng.beta(3, 2, len(which)), 2),
            }
        )

    def internal_flows(self, company: Ints, count: Ints) -> None:
        """What the roles of a company deliver each other (``INTERNAL_FLOWS``), where it has both."""
        ind = self.ind
        sector = self.sector[self.local(company)]
        for supplier, receiver, category, words, share in INTERNAL_FLOWS:
            a = ind.slot[sector, FUNCTIONS.index(supplier)]
            b = ind.slot[sector, FUNCTIONS.index(receiver)]
            both = (a < count) & (b < count)
            owner, n = company[both], int(both.sum())
            scale = share * self.revenue[self.local(owner)] + 0.01
            tangible = category in TANGIBLE
            start, end = self.dates(n, self.founded_day[self.local(owner)], open_share=0.8)
            self.flow(
                source=ind.sub_ids("ro-", owner, a[both] + 1),
                target=ind.sub_ids("ro-", owner, b[both] + 1),
                category=category,
                deliverable=pa.array(words).take(self.rng.integers(0, len(words), n)),
                value=self.amounts(scale) if tangible else self.maybe(scale * self.rng.lognormal(0.0, 0.5, n)),
                start=start,
                end=end,
                critical=self.chance(0.5 if tangible else 0.1, n),
                source_label="Role",
                target_label="Role",
            )

    def role_flows(self) -> None:
        """Every flow of the chunk between two companies with roles, again between the roles
        standing for them (``FLOW_ROLES``): the same deliverable, value and days."""
        ind = self.ind
        for part in [p for p in self.parts["delivers"] if p["source_label"] is None]:
            source, target = company_index(part["source"]), company_index(part["target"])
            source_roles, target_roles = ind.roles(source), ind.roles(target)
            both = (source_roles > 0) & (target_roles > 0)
            if not both.any():
                continue
            keep = pa.array(both)
            deliverable = part["deliverable"]
            supplier, receiver = FLOW_ROLES[part["category"]]
            self.flow(
                source=ind.sub_ids("ro-", source[both], ind.role_for(source[both], source_roles[both], supplier)),
                target=ind.sub_ids("ro-", target[both], ind.role_for(target[both], target_roles[both], receiver)),
                category=part["category"],
                deliverable=deliverable if isinstance(deliverable, str) else deliverable.filter(keep),
                value=part["value"][both],
                start=part["start"][both],
                end=part["end"][both],
                critical=part["critical"][both],
                source_label="Role",
                target_label="Role",
            )

    def value_streams(self) -> None:
        """Some companies operate one or two value streams; streams deliver to streams."""
        ind, rng = self.ind, self.rng
        streams = ind.streams(self.index)
        company = self.index[streams > 0]
        count = streams[streams > 0]
        row = np.repeat(np.arange(len(company)), count)
        number = np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count)
        owner = company[row]
        ids = ind.sub_ids("vs-", owner, number + 1)
        internal = (count[row] == 2) & (number == 0)
        kind_in = pa.array(STREAMS_INTERNAL).take(rng.integers(0, len(STREAMS_INTERNAL), len(row)))
        kind_out = pa.array(STREAMS_EXTERNAL).take(rng.integers(0, len(STREAMS_EXTERNAL), len(row)))
        self.parts["value_stream"].append(
            {
                "id": ids,
                "name": joined(
                    self.names.take(self.local(owner)), " ", pc.if_else(pa.array(internal), kind_in, kind_out)
                ),
                "customer_type": pc.if_else(pa.array(internal), "internal", "external"),
            }
        )
        self.parts["operates"].append({"source": self.co(owner), "target": ids})
        # inside a company: its internal stream feeds its external one
        two = company[count == 2]
        n = len(two)
        start, end = self.dates(n, self.founded_day[self.local(two)], open_share=0.8)
        self.flow(
            source=ind.sub_ids("vs-", two, np.ones(n, dtype=np.int64)),
            target=ind.sub_ids("vs-", two, np.full(n, 2, dtype=np.int64)),
            category="service",
            deliverable=self.words("stream", n),
            value=np.full(n, np.nan),
            start=start,
            end=end,
            critical=np.ones(n, dtype=np.bool_),
            source_label="ValueStream",
            target_label="ValueStream",
        )
        # across companies: an external stream feeds the first stream of a company one tier down
        up = (ind.sector_of(company) < TIERS - 1) & self.chance(0.7, len(company))
        source, source_count = company[up], count[up]
        target_sector = ind.sector_of(source) + 1
        size, first = ind.size[target_sector], ind.start[target_sector]
        candidate = first + rng.integers(0, size)
        found = np.full(len(source), -1, dtype=np.int64)
        for step in range(128):  # walk to the next company that operates a stream
            look = first + (candidate - first + step) % size
            hit = (found < 0) & (ind.streams(look) > 0)
            found[hit] = look[hit]
            if (found >= 0).all():
                break
        keep = found >= 0
        source, source_count, found = source[keep], source_count[keep], found[keep]
        n = len(source)
        start, end = self.dates(n, self.founded_day[self.local(source)])
        self.flow(
            source=ind.sub_ids("vs-", source, source_count),
            target=ind.sub_ids("vs-", found, np.ones(n, dtype=np.int64)),
            category="product",
            deliverable=self.words("stream", n),
            value=self.amounts(0.1 * self.revenue[self.local(source)] + 0.1),
            start=start,
            end=end,
            critical=self.chance(0.3, n),
            source_label="ValueStream",
            target_label="ValueStream",
        )

    def capabilities(self) -> None:
        """Every company has 1-5 distinct capabilities from its sector's domains."""
        rng, n = self.rng, self.b - self.a
        count = rng.choice(np.arange(1, 6), n, p=[0.25, 0.3, 0.2, 0.15, 0.1])
        row = np.repeat(np.arange(n), count)
        step = np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count)
        first_domain = np.array([s.domains[0] for s in SECTORS])[self.sector]
        width = np.array([s.domains[1] for s in SECTORS])[self.sector] * len(ACTIVITIES)
        begin = (width * rng.random(n) ** 2).astype(np.int64)
        stride = np.array([1, 7, 11, 13, 17, 19, 23])[rng.integers(0, 7, n)]  # coprime with every width
        offset = (begin[row] + step * stride[row]) % width[row]
        cap = (first_domain[row] * len(ACTIVITIES) + offset) % CAPABILITIES
        self.parts["has_capability"].append(
            {
                "source": self.co(self.index[row]),
                "target": self.ind.capability_ids(cap),
                "level": np.round(rng.beta(2, 2, len(row)), 2),
            }
        )

    def ecosystems(self) -> None:
        """A few companies (more of the large ones) join one or two consortia."""
        ind, rng, n = self.ind, self.rng, self.b - self.a
        chance = np.where(ind.large(self.sector, self.rank), 0.4, 0.05)
        member = self.index[self.chance(chance, n)]
        m, count = len(member), ind.ecosystems
        first = np.minimum((count * rng.random(m) ** 2).astype(np.int64), count - 1)
        second = (first + 1 + rng.integers(0, count - 1, m)) % count
        both = self.chance(0.25, m)
        self.parts["member_of"].append({"source": self.co(member), "target": ind.ecosystem_ids(first)})
        self.parts["member_of"].append({"source": self.co(member[both]), "target": ind.ecosystem_ids(second[both])})
