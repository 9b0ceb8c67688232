UNWIND $nodes AS n
MATCH (c) WHERE elementId(c) = n
MATCH (c)<-[d:DELIVERS]-(s:Company)
WHERE d.category IN $categories
  AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
  AND (NOT $critical_only OR d.critical = true)
WITH c, d.category AS category, collect(DISTINCT s) AS suppliers, sum(coalesce(d.value, 0.0)) AS value
WHERE all(x IN suppliers WHERE elementId(x) IN $parties)
RETURN c.id AS company, category, [x IN suppliers | x.id] AS suppliers, value
