"""What a generated industry is made of: its sectors and tiers, places, capabilities, value
streams, markets and the words its deliverables are named with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Sector:
    """An industry sector: its supply tier (None for service sectors) and share of companies."""

    name: str
    tier: int | None
    kind: str
    share: float
    base_revenue: float | None  # median yearly revenue (millions); None = not reported
    domains: tuple[int, int]  # first capability domain, number of domains
    nouns: tuple[str, ...]
    countries: str  # country profile
    functions: tuple[str, ...]  # its roles, most common first (a company with roles has the first 3 at least)


SECTORS: Final = (
    Sector(
        "raw_materials",
        0,
        "company",
        0.18,
        60.0,
        (0, 3),
        ("Mining", "Minerals", "Resources", "Chemicals", "Materials", "Metals", "Agro"),
        "raw",
        ("operations", "sales", "finance", "compliance", "logistics", "procurement", "research", "it"),
    ),
    Sector(
        "components",
        1,
        "company",
        0.32,
        25.0,
        (1, 5),
        ("Components", "Parts", "Electronics", "Precision", "Castings", "Cells", "Circuits", "Sensors"),
        "components",
        ("procurement", "operations", "sales", "finance", "research", "compliance", "logistics", "it"),
    ),
    Sector(
        "assembly",
        2,
        "company",
        0.03,
        400.0,
        (5, 4),
        ("Motors", "Systems", "Industries", "Machines", "Automotive", "Robotics", "Vehicles"),
        "assembly",
        ("procurement", "operations", "sales", "research", "finance", "compliance", "logistics", "it"),
    ),
    Sector(
        "distribution",
        3,
        "company",
        0.14,
        30.0,
        (8, 4),
        ("Trading", "Distribution", "Supply", "Wholesale", "Retail", "Dealers"),
        "market",
        ("procurement", "sales", "logistics", "finance", "operations", "it", "compliance"),
    ),
    Sector(
        "end_customers",
        4,
        "company",
        0.18,
        40.0,
        (10, 3),
        ("Fleet", "Construction", "Health", "Utilities", "Farms", "Transit", "Mobility"),
        "market",
        ("procurement", "operations", "finance", "compliance", "logistics", "it"),
    ),
    Sector(
        "logistics",
        None,
        "company",
        0.05,
        20.0,
        (12, 2),
        ("Logistics", "Freight", "Shipping", "Cargo"),
        "market",
        ("operations", "sales", "finance", "compliance", "it", "procurement"),
    ),
    Sector(
        "finance",
        None,
        "company",
        0.03,
        80.0,
        (14, 2),
        ("Bank", "Finance", "Insurance", "Credit"),
        "market",
        ("sales", "operations", "finance", "compliance", "it", "research"),
    ),
    Sector(
        "software_data",
        None,
        "company",
        0.05,
        15.0,
        (16, 2),
        ("Software", "Data", "Analytics", "Cloud"),
        "market",
        ("research", "operations", "sales", "finance", "it", "compliance"),
    ),
    Sector(
        "investment",
        None,
        "investor",
        0.015,
        50.0,
        (14, 2),
        ("Ventures", "Partners", "Capital", "Equity"),
        "market",
        ("finance", "research", "compliance", "operations"),
    ),
    Sector(
        "regulation",
        None,
        "public_body",
        0.005,
        None,
        (18, 2),
        ("Standards Agency", "Safety Authority", "Trade Office", "Environment Agency"),
        "market",
        ("compliance", "operations", "it", "research"),
    ),
)
RAW, COMPONENTS, ASSEMBLY, DISTRIBUTION, END, LOGISTICS, FINANCE, SOFTWARE, INVESTMENT, REGULATION = range(10)
TIERS: Final = 5
assert all(SECTORS[t].tier == t for t in range(TIERS))
#: sectors whose companies compete in markets (not investors, not regulators)
COMPETING: Final = tuple(s.kind == "company" for s in SECTORS)

PLACES: Final = (
    "Andes", "Nordic", "Baltic", "Atlas", "Summit", "Pacific", "Rhine", "Danube", "Sierra", "Aurora",
    "Boreal", "Meridian", "Orion", "Cascade", "Granite", "Harbor", "Vega", "Polaris", "Lumen", "Zenith",
    "Iberia", "Alpine", "Delta", "Coral", "Kestrel", "Falcon", "Cedar", "Silverline", "Redwood", "Bluewater",
    "Northstar", "Sunrise", "Keystone", "Evergreen", "Horizon", "Pioneer", "Sterling", "Titan", "Unity", "Vanguard",
    "Carpathia", "Sahara", "Yangtze", "Mekong", "Kanto", "Hanse", "Lombard", "Patagonia", "Outback", "Tasman",
    "Silesia", "Bohemia", "Thames", "Hudson", "Ganges", "Orinoco", "Zambezi", "Volga", "Sumatra", "Hokkaido",
)  # fmt: skip
COUNTRIES: Final = (
    "CN", "US", "DE", "JP", "KR", "IN", "BR", "AU", "CL", "CD", "ID", "ZA",
    "CA", "MX", "FR", "IT", "GB", "NL", "SE", "PL", "ES", "VN", "TW", "TR",
)  # fmt: skip
CURRENCIES: Final = (
    "CNY", "USD", "EUR", "JPY", "KRW", "INR", "BRL", "AUD", "USD", "USD", "USD", "ZAR",
    "CAD", "MXN", "EUR", "EUR", "GBP", "EUR", "SEK", "PLN", "EUR", "USD", "TWD", "TRY",
)  # fmt: skip
LEGAL_FORMS: Final = (
    "Co Ltd", "Inc", "GmbH", "KK", "Co", "Ltd", "SA", "Pty Ltd", "SpA", "SARL", "Tbk", "Pty Ltd",
    "Inc", "SA de CV", "SAS", "SpA", "plc", "BV", "AB", "SA", "SL", "JSC", "Corp", "AS",
)  # fmt: skip
COUNTRY_WEIGHTS: Final = {
    "raw": (14, 6, 1, 0, 0, 4, 8, 10, 9, 6, 8, 6, 6, 3, 0, 0, 1, 0, 2, 2, 1, 1, 0, 2),
    "components": (25, 8, 8, 8, 8, 5, 2, 0, 0, 0, 1, 0, 1, 6, 2, 3, 1, 1, 1, 5, 1, 5, 8, 3),
    "assembly": (22, 18, 16, 12, 8, 4, 2, 0, 0, 0, 0, 0, 1, 3, 5, 4, 2, 0, 3, 0, 1, 0, 1, 1),
    "market": (12, 18, 8, 6, 3, 6, 4, 2, 1, 0, 2, 1, 3, 3, 6, 5, 6, 3, 2, 3, 3, 1, 1, 2),
}

DOMAINS: Final = (
    "mining", "materials", "chemistry", "metalworking", "electronics", "energy_storage", "manufacturing",
    "automation", "quality", "supply_chain", "sales", "customer_service", "operations", "logistics",
    "finance", "risk", "software", "data", "regulatory", "sustainability",
)  # fmt: skip
ACTIVITIES: Final = (
    "research", "design", "engineering", "testing", "scale-up", "operations", "planning", "sourcing",
    "analytics", "optimisation", "certification", "maintenance", "training", "integration", "reporting",
)  # fmt: skip
CAPABILITIES: Final = len(DOMAINS) * len(ACTIVITIES)
EVOLUTION: Final = ("genesis", "custom", "product", "commodity")
#: the usual evolution stage of each activity's capabilities (an index of EVOLUTION): research
#: is new, design and scale-up are built to order, operations, sourcing and upkeep are bought
ACTIVITY_STAGES: Final = (0, 1, 1, 2, 1, 3, 2, 3, 2, 1, 2, 3, 2, 2, 3)
#: how much newer (-1) or older (+1) a domain's capabilities are than their activity says
DOMAIN_AGES: Final = (1, 1, 0, 1, 0, -1, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, -1, -1, 0, -1)
FUNCTIONS: Final = ("procurement", "research", "sales", "operations", "logistics", "finance", "compliance", "it")
FUNCTION_TITLES: Final = ("Procurement", "R&D", "Sales", "Operations", "Logistics", "Finance", "Compliance", "IT")
FUNCTION_DOMAINS: Final = (9, -1, 10, 12, 13, 14, 18, 16)  # -1: the company's own first domain
STREAMS_INTERNAL: Final = ("procure to pay", "plan to produce", "idea to product", "hire to retire")
STREAMS_EXTERNAL: Final = ("order to delivery", "order to cash", "service to customer", "quote to order")
ECO_THEMES: Final = (
    "Battery", "Circular Materials", "Open Charge", "Digital Supply Chain", "Hydrogen", "Clean Mobility",
    "Smart Factory", "Trusted Data", "Responsible Minerals", "Green Logistics",
)  # fmt: skip
ECO_FORMS: Final = ("Alliance", "Consortium", "Initiative", "Network", "Forum")
REGIONS: Final = ("global", "europe", "north_america", "asia_pacific", "latin_america", "africa")
REGION_TITLES: Final = ("global", "Europe", "North America", "Asia Pacific", "Latin America", "Africa")
MARKET_PRODUCTS: Final = (
    ("Lithium", "Copper", "Nickel", "Iron ore", "Rare earths", "Polymers", "Specialty chemicals", "Graphite"),
    ("Battery cells", "Power semiconductors", "Printed circuit boards", "Castings", "Electric motors", "Sensors"),
    ("Electric vans", "Industrial robots", "Heat pumps", "Medical scanners", "Servers", "Tractors"),
    ("Equipment wholesale", "Spare parts", "Vehicle dealerships", "Electronics retail"),
    ("Fleet services", "Construction services", "Hospital services", "Public transit", "Utilities"),
    ("Freight forwarding", "Contract logistics", "Parcel delivery"),
    ("Corporate lending", "Trade finance", "Industrial insurance"),
    ("Enterprise software", "Industrial data", "Cloud services"),
)

DELIVERABLES: Final = {
    "product0": (
        "lithium carbonate", "nickel sulphate", "cobalt hydroxide", "spherical graphite", "copper cathode",
        "iron ore", "aluminium ingots", "polymer resin", "silica sand", "rare earth oxides", "natural rubber",
        "specialty chemicals",
    ),
    "product1": (
        "battery cells", "printed circuit boards", "power semiconductors", "steel castings", "wiring harnesses",
        "electric motors", "sensors", "bearings", "injection-moulded housings", "glass panels", "hydraulic pumps",
        "cathode material",
    ),
    "product2": (
        "electric vans", "delivery trucks", "industrial robots", "heat pumps", "medical scanners", "forklifts",
        "servers", "tractors", "e-bikes", "battery packs", "charging stations",
    ),
    "product3": (
        "fleet vehicles", "spare parts", "charging equipment", "medical devices", "construction machinery",
        "replacement batteries", "installed heat pumps",
    ),
    "logistics": (
        "freight forwarding", "warehousing", "last-mile delivery", "customs brokerage", "cold-chain transport",
        "container shipping",
    ),
    "software": (
        "ERP hosting", "fleet telematics", "cloud computing", "cybersecurity monitoring", "design software",
        "MES platform",
    ),
    "data": ("market data feed", "traceability data", "credit ratings", "demand analytics", "emissions data"),
    "insurance": ("credit insurance", "cargo insurance", "product liability cover", "currency hedging"),
    "loan": ("working capital loan", "trade finance", "equipment leasing", "revolving credit line"),
    "compliance": (
        "emissions report", "safety certification", "conformity declaration", "audit report", "due diligence report",
    ),
    "access": ("operating licence", "type approval", "import permit", "mining concession", "market authorisation"),
    "information": ("demand forecast", "production schedule", "quality feedback", "inventory levels"),
    "knowledge": ("technical support", "process know-how", "design assistance", "operator training"),
    "stream": ("sub-assemblies", "work orders", "finished goods", "customer orders", "engineering changes"),
    "reporting": ("investor reporting", "board information"),
}  # fmt: skip
VOCAB: Final = tuple(word for words in DELIVERABLES.values() for word in words)
VOCAB_AT: Final = {
    key: (sum(len(w) for w in list(DELIVERABLES.values())[:i]), len(words))
    for i, (key, words) in enumerate(DELIVERABLES.items())
}
TANGIBLE: Final = frozenset({"product", "service", "money"})
#: what the roles of a company deliver each other: supplying function, receiving function,
#: category, what flows, and its yearly value as a share of the company's revenue (for an
#: intangible, an estimate given half the time)
INTERNAL_FLOWS: Final = (
    ("procurement", "operations", "product", ("purchased materials", "incoming components", "supplies"), 0.3),
    ("operations", "sales", "product", ("finished goods", "production output", "services delivered"), 0.4),
    ("logistics", "sales", "service", ("outbound shipments", "order fulfilment"), 0.03),
    ("logistics", "operations", "service", ("inbound material handling", "warehousing"), 0.02),
    ("it", "operations", "service", ("ERP support", "plant systems", "IT services"), 0.01),
    ("it", "finance", "service", ("financial systems", "IT services"), 0.005),
    ("sales", "finance", "money", ("customer receipts",), 0.5),
    ("finance", "procurement", "money", ("purchasing budget",), 0.3),
    ("finance", "research", "money", ("research budget",), 0.04),
    ("finance", "operations", "money", ("operating budget",), 0.1),
    ("sales", "operations", "information", ("sales orders", "demand forecast"), 0.01),
    ("sales", "research", "information", ("customer requirements", "market insights"), 0.005),
    ("operations", "procurement", "information", ("material requirements", "supplier assessments"), 0.005),
    ("research", "operations", "knowledge", ("product designs", "process specifications"), 0.02),
    ("research", "sales", "knowledge", ("technical specifications", "product training"), 0.005),
    ("compliance", "operations", "compliance", ("quality procedures", "safety rules", "permits held"), 0.005),
    ("operations", "compliance", "data", ("process records", "emissions data", "incident reports"), 0.002),
    ("compliance", "sales", "risk_reduction", ("contract review", "export control clearance"), 0.002),
)
#: which of a company's roles stands for it at each end (supplier, receiver) of a flow of
#: each category between two companies with roles, most fitting first; a company with none
#: of them stands there by its first role
FLOW_ROLES: Final = {
    "product": (("sales", "operations", "logistics"), ("procurement", "operations")),
    "service": (("operations", "sales"), ("logistics", "it", "procurement", "operations")),
    "money": (("finance", "procurement"), ("finance", "sales")),
    "information": (("procurement", "finance", "operations"), ("sales", "research", "finance")),
    "knowledge": (("research", "operations", "sales"), ("operations", "research", "procurement")),
    "compliance": (("compliance", "operations"), ("compliance", "operations")),
    "risk_reduction": (("operations", "sales"), ("finance", "compliance")),
    "access": (("compliance", "operations"), ("compliance", "operations")),
    "data": (("research", "operations", "sales"), ("research", "it", "operations")),
}
