// summary: For each of the given receiving companies, each category it gets from the given parties and from nobody else, with those parties and the yearly value.
// param: ids string[] required | The receiving companies.
// param: parties string[] required | The companies that may be their only suppliers.
// param: categories string[] required | Categories of deliverable followed.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end, open ends count).
// param: critical_only bool required | Only deliverables marked critical.
// column: company string | The receiver.
// column: category string | A category it gets from parties alone.
// column: suppliers string[] | The parties that deliver it that category.
// column: value float | Yearly value of those deliverables.
// The test is made here: a hub's customers get far more than they get from parties alone.
UNWIND $ids AS cid
MATCH (c:Company {id: cid})<-[d:DELIVERS]-(s:Company)
WHERE d.category IN $categories
  AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
  AND (NOT $critical_only OR d.critical = true)
WITH c, d.category AS category, collect(DISTINCT s.id) AS suppliers, sum(coalesce(d.value, 0.0)) AS value
WHERE all(x IN suppliers WHERE x IN $parties)
RETURN c.id AS company, category, suppliers, value
