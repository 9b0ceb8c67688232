// summary: The companies of a sector, of an ecosystem, or of both.
// param: sector string optional | Only companies of this sector.
// param: ecosystem string optional | Only members of this ecosystem.
// column: id string | The company's id.
MATCH (c:Company)
WHERE $sector IS NULL OR c.sector = $sector
OPTIONAL MATCH (c)-[:MEMBER_OF]->(e:Ecosystem {id: $ecosystem})
WITH c, e
WHERE $ecosystem IS NULL OR e IS NOT NULL
RETURN c.id AS id
