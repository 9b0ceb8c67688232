// summary: Every deliverable from a company whose handle lies in [lo, hi) to a company: the graph read in slices for the in-memory supply index (service/analytics/supply_index.py), used where handles are integers (FalkorDB's ids); Neo4j's are read with supply_from.cypher.
// param: lo int required min=0 | The slice's first handle.
// param: hi int required min=0 | The handle past the slice.
// column: source node | The delivering company.
// column: target node | The receiving company.
// column: category string | Category of what is delivered.
// column: start int | First day it runs as the number YYYYMMDD, 0 when open.
// column: end int | Last day it runs as the number YYYYMMDD, 99999999 when open.
// column: critical int | 1 when marked critical, else 0.
// column: value float | Yearly value (0 when not given).
// column: intangible int | 1 when its nature is intangible, else 0.
MATCH (s:Company)-[d:DELIVERS]->(r:Company)
WHERE id(s) >= $lo AND id(s) < $hi
// Dates as numbers that compare as the days do: no text to escape, parse or compare.
RETURN id(s) AS source, id(r) AS target, d.category AS category,
       coalesce(toInteger(replace(d.start, '-', '')), 0) AS start,
       coalesce(toInteger(replace(d.end, '-', '')), 99999999) AS end,
       CASE WHEN d.critical = true THEN 1 ELSE 0 END AS critical, coalesce(d.value, 0.0) AS value,
       CASE WHEN d.nature = 'intangible' THEN 1 ELSE 0 END AS intangible
