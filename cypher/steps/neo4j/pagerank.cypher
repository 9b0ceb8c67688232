// Neo4j has no algo.pageRank (FalkorDB's, in falkordb/pagerank.cypher); GDS ranks instead.
// GDS ranks a named projection, made and dropped by this query; one left by a query cut
// short is dropped by the next build (drop_projections). Each pair of companies is one
// link (parallel deliverables do not weigh more, as in FalkorDB's algo.pageRank), every
// company is projected (one without links ranks too), and the power iteration runs to
// convergence, not GDS's default of 20 rounds.
MATCH (s:Company)
OPTIONAL MATCH (s)-[:DELIVERS]->(t:Company)
WITH DISTINCT s, t
WITH gds.graph.project('valuenet-pagerank-' + randomUUID(), s, t) AS projection
CALL gds.pageRank.stream(projection.graphName, {maxIterations: 1000, tolerance: 1e-10}) YIELD nodeId, score
WITH projection.graphName AS graph, collect([gds.util.asNode(nodeId).id, score]) AS ranked
CALL gds.graph.drop(graph, false) YIELD graphName
UNWIND ranked AS row
RETURN row[0] AS id, row[1] AS score
