// Neo4j has no algo.pageRank (FalkorDB's, in falkordb/pagerank.cypher); GDS ranks instead.
// GDS ranks a named projection: one per call, dropped by the same query. Each pair of
// companies is one link (parallel deliverables do not weigh more, as in FalkorDB's
// algo.pageRank), every company is projected (one without links ranks too), and the
// power iteration runs to convergence, not GDS's default of 20 rounds.
MATCH (s:Company)
OPTIONAL MATCH (s)-[:DELIVERS]->(t:Company)
WITH DISTINCT s, t
WITH gds.graph.project('valuenet-pagerank-' + randomUUID(), s, t) AS projection
CALL gds.pageRank.stream(projection.graphName, {maxIterations: 1000, tolerance: 1e-10}) YIELD nodeId, score
WITH projection.graphName AS graph, gds.util.asNode(nodeId) AS c, score
WHERE $sector IS NULL OR c.sector = $sector
OPTIONAL MATCH (c)-[:MEMBER_OF]->(e:Ecosystem {id: $ecosystem})
WITH graph, c, score, e
WHERE $ecosystem IS NULL OR e IS NOT NULL
WITH graph, c, score
ORDER BY score DESC, c.id
WITH graph, collect([c.id, score]) AS ranked
CALL gds.graph.drop(graph, false) YIELD graphName
UNWIND ranked[$offset..($offset + $limit)] AS top
RETURN top[0] AS id, top[1] AS score
