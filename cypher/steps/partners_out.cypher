// summary: Who each of the given companies delivers to, one row per deliverable: node handles alone, for a search that reads ids and values later.
// param: nodes node[] required | The delivering companies' handles.
// param: categories string[] required | Categories of deliverable followed.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end, open ends count).
// param: critical_only bool required | Only deliverables marked critical.
// column: company node | One of the given companies.
// column: partner node | A company it delivers to.
UNWIND $nodes AS n
MATCH (c) WHERE handle(c) = n
MATCH (c)-[d:DELIVERS]->(p:Company)
WHERE d.category IN $categories
  AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
  AND (NOT $critical_only OR d.critical = true)
RETURN n AS company, handle(p) AS partner
