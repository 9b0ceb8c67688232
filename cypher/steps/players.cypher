// summary: Companies of the whole network, a sector or an ecosystem with their degree and value, ranked by one of them.
// param: sector string optional | Only companies of this sector.
// param: ecosystem string optional | Only members of this ecosystem.
// param: measure string required choices=degree,value | What to rank by.
// param: limit int required | Page size.
// param: offset int required | Rows to skip.
// column: id string | The company's id.
// column: name string | Its name.
// column: sector string | Its sector.
// column: degree int | Companies it delivers to or receives from.
// column: value float | Yearly value of everything it delivers and receives.
MATCH (c:Company)
WHERE $sector IS NULL OR c.sector = $sector
OPTIONAL MATCH (c)-[:MEMBER_OF]->(e:Ecosystem {id: $ecosystem})
WITH c, e
WHERE $ecosystem IS NULL OR e IS NOT NULL
OPTIONAL MATCH (c)-[d:DELIVERS]-(x:Company)
WHERE x <> c
WITH c, count(DISTINCT x) AS degree, sum(d.value) AS value
RETURN c.id AS id, c.name AS name, c.sector AS sector, degree, value
ORDER BY CASE WHEN $measure = 'value' THEN value ELSE degree END DESC, id
SKIP $offset
LIMIT $limit
