// summary: Every capability the given companies have, with the company's revenue: read in slices of companies for the in-memory capability index where handles are not integers (Neo4j's elementId; service/analytics/capability_index.py).
// param: nodes node[] required | The companies' handles.
// column: company node | One of the given companies.
// column: capability node | A capability it has.
// column: revenue float | The company's yearly revenue (0 when not given).
UNWIND $nodes AS n
MATCH (c) WHERE handle(c) = n
MATCH (c)-[:HAS_CAPABILITY]->(k:Capability)
RETURN n AS company, handle(k) AS capability, coalesce(c.revenue, 0.0) AS revenue
