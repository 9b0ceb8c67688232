UNWIND $nodes AS n
MATCH (c) WHERE id(c) = n
MATCH (c)-[d:DELIVERS]->(p:Company)
WHERE d.category IN $categories
  AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
  AND (NOT $critical_only OR d.critical = true)
RETURN n AS company, id(p) AS partner, d.value AS value
