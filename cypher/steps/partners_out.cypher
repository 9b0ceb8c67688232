// summary: Who each of the given companies delivers to, one row per deliverable: the links alone, for a search that reads their values later.
// param: ids string[] required | The delivering companies.
// param: categories string[] required | Categories of deliverable followed.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end, open ends count).
// param: critical_only bool required | Only deliverables marked critical.
// column: company string | One of the given companies.
// column: partner string | A company it delivers to.
UNWIND $ids AS cid
MATCH (c:Company {id: cid})-[d:DELIVERS]->(p:Company)
WHERE d.category IN $categories
  AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
  AND (NOT $critical_only OR d.critical = true)
RETURN c.id AS company, p.id AS partner
