// summary: For each of the given receiving companies, each category it gets from the given parties and from nobody else, with those parties and the yearly value.
// Over node handles: a hub's customers get far more than they get from parties alone, so suppliers are compared as nodes and ids are read for the rows kept only.
// param: nodes node[] required | The receiving companies' handles.
// param: parties node[] required | The handles of the companies that may be their only suppliers.
// param: categories string[] required | Categories of deliverable followed.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end, open ends count).
// param: critical_only bool required | Only deliverables marked critical.
// column: company string | The receiver's id.
// column: category string | A category it gets from parties alone.
// column: suppliers string[] | The ids of the parties that deliver it that category.
// column: value float | Yearly value of those deliverables.
UNWIND $nodes AS n
MATCH (c) WHERE handle(c) = n
MATCH (c)<-[d:DELIVERS]-(s:Company)
WHERE d.category IN $categories
  AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
  AND (NOT $critical_only OR d.critical = true)
WITH c, d.category AS category, collect(DISTINCT s) AS suppliers, sum(coalesce(d.value, 0.0)) AS value
WHERE all(x IN suppliers WHERE handle(x) IN $parties)
RETURN c.id AS company, category, [x IN suppliers | x.id] AS suppliers, value
