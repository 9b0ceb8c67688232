// FalkorDB ranks with its own algo.pageRank; Neo4j has none, and ranks with GDS (neo4j/pagerank.cypher).
CALL algo.pageRank('Company', 'DELIVERS') YIELD node, score
WITH node AS c, score
WHERE $sector IS NULL OR c.sector = $sector
OPTIONAL MATCH (c)-[:MEMBER_OF]->(e:Ecosystem {id: $ecosystem})
WITH c, score, e
WHERE $ecosystem IS NULL OR e IS NOT NULL
RETURN c.id AS id, score
ORDER BY score DESC, id
SKIP $offset
LIMIT $limit
