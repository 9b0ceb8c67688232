// As the portable text, with FalkorDB's internal node ids: comparing them is a third faster than the id property.
MATCH (s:Company)-[d:DELIVERS]->(r:Company)
WHERE d.category IN $categories AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
WITH r, d.category AS category, min(id(s)) AS first, max(id(s)) AS last, sum(d.value) AS value
WHERE first = last
WITH first AS sid, count(DISTINCT r) AS receivers, collect(DISTINCT category) AS categories, sum(value) AS value
WHERE receivers >= $min_receivers
MATCH (s:Company)
WHERE id(s) = sid AND ($sector IS NULL OR s.sector = $sector)
OPTIONAL MATCH (s)-[:MEMBER_OF]->(e:Ecosystem {id: $ecosystem})
WITH s, receivers, categories, value, e
WHERE $ecosystem IS NULL OR e IS NOT NULL
RETURN s.id AS id, s.name AS name, s.sector AS sector, receivers, categories, value
ORDER BY receivers DESC, id
LIMIT $limit
