"""The steps procedures read, each with the named tuple of its rows (see
``service.queries.rows``): the fields are the columns of ``cypher/steps/NAME.cypher``, in
order, which the catalog checks when it loads. A step's rows as ``Steps.run`` and
``Steps.rows`` give them: ``for link in steps.rows(LINKS_IN, nodes): link.value``."""

from __future__ import annotations

from typing import Any, NamedTuple

from service.queries.rows import Handle, Step
from service.queries.steps import Flow, HandleOf

__all__ = [
    "ALL_COMPANIES",
    "CAPABILITIES",
    "CAPABILITIES_OF",
    "CAPABILITY_HANDLES",
    "COMPANY_DETAILS",
    "COMPANY_HANDLE_BOUND",
    "COMPANY_LINKS",
    "COMPANY_NAMES",
    "COMPANY_NODE_SLICE",
    "COMPANY_ROLES",
    "COMPANY_SLICE",
    "CONTRACT_PARTIES",
    "CONTRACT_ROWS",
    "COUNTERPART_WEIGHTS",
    "CUSTOMERS_OF",
    "DELIVERABLE_EVENTS",
    "DROP_PROJECTIONS",
    "ECOSYSTEM_MEMBERS",
    "HOLDINGS_FROM",
    "HOLDINGS_SLICE",
    "LINKS_IN",
    "LINKS_OUT",
    "MAP_EDGES",
    "MAP_NEIGHBOURS",
    "MAP_SEEDS",
    "MARKET_COMPETITORS",
    "MARKET_REVENUES",
    "MARKET_RIVALS",
    "PAGERANK_SCORES",
    "PARTNERS_IN",
    "PARTNERS_OUT",
    "PARTY_COUNTERPARTS",
    "PARTY_ITEMS",
    "PLAYERS",
    "PLAYER_STATS",
    "REACH",
    "ROLES",
    "ROLE_FLOWS",
    "RUNNING_FLOWS",
    "SCOPE_CAPABILITIES",
    "SCOPE_CHANGES",
    "SCOPE_EXCHANGES",
    "SCOPE_INDICATORS",
    "SCOPE_MEMBERS",
    "SEARCH_ROWS",
    "SOLE_SUPPLIERS",
    "SOURCED_ONLY_BY",
    "STEPS",
    "STREAM_LINKS",
    "STREAM_NEIGHBOURS",
    "STREAM_SEEDS",
    "SUPPLY_FROM",
    "SUPPLY_IN",
    "SUPPLY_SLICE",
    "CapabilityFacts",
    "Change",
    "CompanyName",
    "CompanyOf",
    "ContractParty",
    "ContractRow",
    "CounterpartWeight",
    "Deliverable",
    "DeliverableEvent",
    "Details",
    "Edge",
    "Exchange",
    "Holding",
    "Indicator",
    "Landscaped",
    "Link",
    "Membership",
    "Partner",
    "PartyItem",
    "Player",
    "RoleFlow",
    "RunningFlow",
    "SoleSupplier",
    "Sourced",
]


class Id(NamedTuple):
    id: str


class Link(NamedTuple):
    """A deliverable between a company of a tier and a partner, by handles."""

    company: Handle
    partner: Handle
    value: float | None


class Partner(NamedTuple):
    """A deliverable of ``company`` to or from ``partner``, by handles."""

    company: Handle
    partner: Handle


class Deliverable(NamedTuple):
    """A deliverable as the supply index holds it (``supply_index.py``)."""

    source: Handle
    target: Handle
    category: str
    start: int
    end: int
    critical: int
    value: float
    intangible: int


class CompanyOf(NamedTuple):
    """A company as the supply index reads it beside its deliverables."""

    id: str
    node: Handle
    sector: str | None


class ContractParty(NamedTuple):
    """A company party to a contract, as the supply index reads it (``contract_facts.py``)."""

    node: Handle
    contract: str
    start: int
    end: int


class ContractRow(NamedTuple):
    id: str
    name: str | None
    value: float | None
    start: str | None
    end: str | None


class Change(NamedTuple):
    """A row of network_changes (and of its step, scope_changes)."""

    kind: str
    id: str
    change: str
    day: str | None
    name: str | None
    source: str | None
    target: str | None
    category: str | None
    value: float | None


class DeliverableEvent(NamedTuple):
    """A deliverable that started or ended in a period, with its companies' handles."""

    id: str
    change: str
    day: str
    name: str | None
    source: str
    target: str
    category: str
    value: float | None
    source_node: Handle
    target_node: Handle


class Membership(NamedTuple):
    ecosystem: str
    node: Handle


class Indicator(NamedTuple):
    """A row of exchange_indicators (and of its step, scope_indicators)."""

    category: str
    flows: int
    value: float
    intangible_share: float | None
    pairs: int
    reciprocal_pairs: int
    reciprocity: float
    one_way_dependencies: int
    suppliers: int
    supplier_hhi: float | None


class CapabilityFacts(NamedTuple):
    """A capability as the capability index holds it (``capability_index.py``)."""

    node: Handle
    id: str
    name: str
    category: str
    evolution: str | None


class Holding(NamedTuple):
    """A capability a company has, with the company's revenue (0 when not given)."""

    company: Handle
    capability: Handle
    revenue: float


class Landscaped(NamedTuple):
    """A row of capability_landscape (and of its step, scope_capabilities)."""

    capability: str
    name: str
    category: str
    evolution: str | None
    providers: int
    concentration: float | None
    dependents: int
    flag: str | None


class Exchange(NamedTuple):
    """A row of exchange_analysis (and of its step, scope_exchanges)."""

    node: str
    node_name: str
    counterpart: str
    counterpart_name: str
    nature: str
    category: str
    value_out: float
    value_in: float
    deliverables_out: int
    deliverables_in: int
    exchange: str
    balance: float
    intangible_share: float | None


class Bound(NamedTuple):
    bound: int


class Sourced(NamedTuple):
    company: str
    category: str
    suppliers: list[str]
    value: float


class SupplyIn(NamedTuple):
    company: str
    counterpart: str
    category: str
    value: float | None


class CompanyName(NamedTuple):
    id: str
    name: str
    sector: str | None
    country: str | None


class PartyItem(NamedTuple):
    """An item a party of a merger holds in a dimension (a capability, a market, ...)."""

    party: str
    dimension: str
    item: str
    name: str
    weight: float | None
    stage: str | None


class CounterpartWeight(NamedTuple):
    party: str
    dimension: str
    item: str
    name: str
    weight: float | None


class PartyCounterparts(NamedTuple):
    party: str
    dimension: str
    items: list[str]


class CapabilityOf(NamedTuple):
    company: Handle
    capability: Handle
    id: str
    name: str
    stage: str | None


class CapabilityHandle(NamedTuple):
    company: Handle
    capability: Handle


class Rival(NamedTuple):
    company: Handle
    rival: Handle
    markets: int


class Details(NamedTuple):
    node: Handle
    id: str
    name: str
    sector: str | None
    country: str | None


class CompanyRole(NamedTuple):
    company: str
    role: str


class RoleFlow(NamedTuple):
    """A deliverable between roles, as seen from ``role``, one of its ends."""

    role: str
    id: str
    source: str
    target: str
    deliverable: str | None
    nature: str | None
    category: str | None
    value: float | None


class Role(NamedTuple):
    id: str
    name: str
    function: str | None
    company: str
    company_name: str | None
    sector: str | None
    country: str | None


class Neighbour(NamedTuple):
    id: str
    value: float | None


class Edge(NamedTuple):
    """A deliverable between two companies of a map."""

    id: str
    source: str
    target: str
    deliverable: str | None
    nature: str | None
    category: str | None
    value: float | None


class StreamLink(NamedTuple):
    id: str
    supplier: str
    supplier_name: str | None
    supplier_owner: str | None
    customer: str
    customer_name: str | None
    customer_owner: str | None
    deliverable: str | None
    nature: str | None
    category: str | None
    value: float | None


class Player(NamedTuple):
    id: str
    name: str
    sector: str | None
    degree: int
    value: float | None


class Score(NamedTuple):
    id: str
    score: float


class Dropped(NamedTuple):
    dropped: int


class RunningFlow(NamedTuple):
    """What runs from one supplier to one receiver in one category on each of two days."""

    supplier: str
    receiver: str
    category: str
    flows_before: int
    value_before: float
    flows_after: int
    value_after: float


class SoleSupplier(NamedTuple):
    id: str
    name: str
    sector: str | None
    receivers: int
    categories: list[str]
    value: float | None


class Reach(NamedTuple):
    id: str
    customers: int
    reach: int


class MarketRevenue(NamedTuple):
    market: str
    name: str
    company: str
    revenue: float | None


class SearchRow(NamedTuple):
    id: str
    name: str
    kind: str | None
    sector: str | None
    country: str | None
    revenue: float | None


LINKS_IN = Step("links_in", Link)
LINKS_OUT = Step("links_out", Link)
COMPANY_DETAILS = Step("company_details", Details)
COMPANY_ROLES = Step("company_roles", CompanyRole)
ROLE_FLOWS = Step("role_flows", RoleFlow)
ROLES = Step("roles", Role)
MAP_SEEDS = Step("map_seeds", Id)
MAP_NEIGHBOURS = Step("map_neighbours", Neighbour)
MAP_EDGES = Step("map_edges", Edge)
STREAM_SEEDS = Step("stream_seeds", Id)
STREAM_NEIGHBOURS = Step("stream_neighbours", Id)
STREAM_LINKS = Step("stream_links", StreamLink)
PLAYERS = Step("players", Player)
PLAYER_STATS = Step("player_stats", Player)
SCOPE_MEMBERS = Step("scope_members", Id)
PAGERANK_SCORES = Step("pagerank", Score)
DROP_PROJECTIONS = Step("drop_projections", Dropped)
RUNNING_FLOWS = Step("running_flows", RunningFlow)
SOLE_SUPPLIERS = Step("sole_suppliers", SoleSupplier)
REACH = Step("reach", Reach)
MARKET_COMPETITORS = Step("market_competitors", MarketRevenue)
MARKET_REVENUES = Step("market_revenues", MarketRevenue)
SEARCH_ROWS = Step("search_rows", SearchRow)
PARTNERS_OUT = Step("partners_out", Partner)
PARTNERS_IN = Step("partners_in", Partner)
SOURCED_ONLY_BY = Step("sourced_only_by", Sourced)
COMPANY_LINKS = Step("company_links", Flow)
ALL_COMPANIES = Step("all_companies", HandleOf)
COMPANY_NODE_SLICE = Step("company_node_slice", CompanyOf)
COMPANY_SLICE = Step("company_slice", CompanyOf)
ECOSYSTEM_MEMBERS = Step("ecosystem_members", Membership)
SCOPE_INDICATORS = Step("scope_indicators", Indicator)
SCOPE_EXCHANGES = Step("scope_exchanges", Exchange)
COMPANY_HANDLE_BOUND = Step("company_handle_bound", Bound)
CONTRACT_PARTIES = Step("contract_parties", ContractParty)
CONTRACT_ROWS = Step("contract_rows", ContractRow)
DELIVERABLE_EVENTS = Step("deliverable_events", DeliverableEvent)
SCOPE_CHANGES = Step("scope_changes", Change)
SUPPLY_SLICE = Step("supply_slice", Deliverable)
SUPPLY_FROM = Step("supply_from", Deliverable)
CUSTOMERS_OF = Step("customers_of", Id)
SUPPLY_IN = Step("supply_in", SupplyIn)
COMPANY_NAMES = Step("company_names", CompanyName)
PARTY_ITEMS = Step("party_items", PartyItem)
COUNTERPART_WEIGHTS = Step("counterpart_weights", CounterpartWeight)
PARTY_COUNTERPARTS = Step("party_counterparts", PartyCounterparts)
CAPABILITIES_OF = Step("capabilities_of", CapabilityOf)
CAPABILITY_HANDLES = Step("capability_handles", CapabilityHandle)
MARKET_RIVALS = Step("market_rivals", Rival)
CAPABILITIES = Step("capabilities", CapabilityFacts)
HOLDINGS_SLICE = Step("holdings_slice", Holding)
HOLDINGS_FROM = Step("holdings_from", Holding)
SCOPE_CAPABILITIES = Step("scope_capabilities", Landscaped)

#: Every step of this module, for the catalog to check.
STEPS: tuple[Step[Any], ...] = (
    LINKS_IN,
    LINKS_OUT,
    COMPANY_DETAILS,
    COMPANY_ROLES,
    ROLE_FLOWS,
    ROLES,
    MAP_SEEDS,
    MAP_NEIGHBOURS,
    MAP_EDGES,
    STREAM_SEEDS,
    STREAM_NEIGHBOURS,
    STREAM_LINKS,
    PLAYERS,
    PLAYER_STATS,
    SCOPE_MEMBERS,
    PAGERANK_SCORES,
    DROP_PROJECTIONS,
    RUNNING_FLOWS,
    SOLE_SUPPLIERS,
    REACH,
    MARKET_COMPETITORS,
    MARKET_REVENUES,
    SEARCH_ROWS,
    PARTNERS_OUT,
    PARTNERS_IN,
    SOURCED_ONLY_BY,
    COMPANY_LINKS,
    ALL_COMPANIES,
    COMPANY_NODE_SLICE,
    COMPANY_SLICE,
    ECOSYSTEM_MEMBERS,
    SCOPE_INDICATORS,
    SCOPE_EXCHANGES,
    COMPANY_HANDLE_BOUND,
    SUPPLY_SLICE,
    SUPPLY_FROM,
    CUSTOMERS_OF,
    SUPPLY_IN,
    COMPANY_NAMES,
    PARTY_ITEMS,
    COUNTERPART_WEIGHTS,
    PARTY_COUNTERPARTS,
    CAPABILITIES_OF,
    CAPABILITY_HANDLES,
    MARKET_RIVALS,
    CAPABILITIES,
    HOLDINGS_SLICE,
    HOLDINGS_FROM,
    SCOPE_CAPABILITIES,
    CONTRACT_PARTIES,
    CONTRACT_ROWS,
    DELIVERABLE_EVENTS,
    SCOPE_CHANGES,
)
