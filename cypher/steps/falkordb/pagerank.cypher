// FalkorDB ranks with its own algo.pageRank; Neo4j has none, and ranks with GDS (neo4j/pagerank.cypher).
CALL algo.pageRank('Company', 'DELIVERS') YIELD node, score
RETURN node.id AS id, score
