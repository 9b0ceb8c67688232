// summary: What each of the given companies receives, one row per deliverable (callers add them up).
// param: ids string[] required | The receiving companies.
// param: categories string[] required | Categories of deliverable followed.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end, open ends count).
// param: critical_only bool required | Only deliverables marked critical.
// column: company string | The receiver.
// column: counterpart string | A company delivering to it.
// column: category string | Category of what is delivered.
// column: value float | Yearly value of the deliverable.
UNWIND $ids AS cid
MATCH (c:Company {id: cid})<-[d:DELIVERS]-(s:Company)
WHERE d.category IN $categories
  AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
  AND (NOT $critical_only OR d.critical = true)
RETURN c.id AS company, s.id AS counterpart, d.category AS category, d.value AS value
