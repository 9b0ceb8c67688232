// summary: Every capability held by a company whose handle lies in [lo, hi), with the company's revenue: read in slices for the in-memory capability index (service/analytics/capability_index.py), where handles are integers (FalkorDB's ids); Neo4j's are read with holdings_from.cypher.
// param: lo int required min=0 | The slice's first handle.
// param: hi int required min=0 | The handle past the slice.
// column: company node | The company.
// column: capability node | A capability it has.
// column: revenue float | The company's yearly revenue (0 when not given).
MATCH (c:Company)-[:HAS_CAPABILITY]->(k:Capability)
WHERE id(c) >= $lo AND id(c) < $hi
RETURN id(c) AS company, id(k) AS capability, coalesce(c.revenue, 0.0) AS revenue
