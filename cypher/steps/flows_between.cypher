// summary: The deliverables from each source to the target at the same position, one row per deliverable.
// param: sources string[] required | Delivering companies.
// param: targets string[] required | Receiving companies, one per source.
// param: categories string[] required | Categories of deliverable followed.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end, open ends count).
// param: critical_only bool required | Only deliverables marked critical.
// column: source string | The delivering company.
// column: target string | The receiving company.
// column: category string | Category of what is delivered.
// column: value float | Yearly value of the deliverable.
// Each pair is projected to plain variables first: a list element in a node pattern is
// not looked up in the index by FalkorDB.
UNWIND range(0, size($sources) - 1) AS i
WITH $sources[i] AS sid, $targets[i] AS tid
MATCH (s:Company {id: sid})
WITH s, tid
MATCH (t:Company {id: tid})
WITH s, t
MATCH (s)-[d:DELIVERS]->(t)
WHERE d.category IN $categories
  AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
  AND (NOT $critical_only OR d.critical = true)
RETURN s.id AS source, t.id AS target, d.category AS category, d.value AS value
