// summary: Every deliverable from the given companies to a company: the graph read in slices of suppliers for the in-memory supply index where handles are not integers (Neo4j's elementId; service/analytics/supply_index.py).
// param: nodes node[] required | The delivering companies' handles.
// column: source node | The delivering company.
// column: target node | The receiving company.
// column: category string | Category of what is delivered.
// column: start int | First day it runs as the number YYYYMMDD, 0 when open.
// column: end int | Last day it runs as the number YYYYMMDD, 99999999 when open.
// column: critical int | 1 when marked critical, else 0.
// column: value float | Yearly value (0 when not given).
// column: intangible int | 1 when its nature is intangible, else 0.
UNWIND $nodes AS n
MATCH (s) WHERE handle(s) = n
MATCH (s)-[d:DELIVERS]->(r:Company)
// Dates as numbers that compare as the days do: no text to escape, parse or compare.
RETURN n AS source, handle(r) AS target, d.category AS category,
       coalesce(toInteger(replace(d.start, '-', '')), 0) AS start,
       coalesce(toInteger(replace(d.end, '-', '')), 99999999) AS end,
       CASE WHEN d.critical = true THEN 1 ELSE 0 END AS critical, coalesce(d.value, 0.0) AS value,
       CASE WHEN d.nature = 'intangible' THEN 1 ELSE 0 END AS intangible
