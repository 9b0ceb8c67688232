// summary: The companies the given companies deliver to: one tier down, each once.
// param: ids string[] required | The companies of the current tier.
// param: categories string[] required | Categories of deliverable followed.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end, open ends count).
// param: critical_only bool required | Only deliverables marked critical.
// column: id string | A company delivered to by at least one of them.
UNWIND $ids AS fid
MATCH (:Company {id: fid})-[d:DELIVERS]->(r:Company)
WHERE d.category IN $categories
  AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
  AND (NOT $critical_only OR d.critical = true)
RETURN DISTINCT r.id AS id
