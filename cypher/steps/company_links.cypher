// summary: Every deliverable from a company to another company of the given categories: the links of the company graph held in memory where there is no supply index (CypherSupply.deliverables, service/analytics/supply.py).
// param: categories string[] required | Categories of deliverable followed.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end, open ends count).
// param: critical_only bool required | Only deliverables marked critical.
// column: source string | The delivering company.
// column: target string | The receiving company.
// column: category string | Category of what is delivered.
// column: value float | Yearly value (0 when not given).
MATCH (s:Company)-[d:DELIVERS]->(t:Company)
WHERE s <> t AND d.category IN $categories
  AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
  AND (NOT $critical_only OR d.critical = true)
RETURN s.id AS source, t.id AS target, d.category AS category, coalesce(d.value, 0.0) AS value
