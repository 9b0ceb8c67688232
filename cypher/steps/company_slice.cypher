// summary: Every company whose handle lies in [lo, hi), with its id and sector: the companies read in slices for the in-memory supply index (service/analytics/supply_index.py), where handles are integers (FalkorDB's ids); Neo4j's are read with company_node_slice.cypher.
// param: lo int required min=0 | The slice's first handle.
// param: hi int required min=0 | The handle past the slice.
// column: id string | The company's id.
// column: node node | Its handle.
// column: sector string | Its sector.
MATCH (c:Company)
WHERE id(c) >= $lo AND id(c) < $hi
RETURN c.id AS id, id(c) AS node, c.sector AS sector
