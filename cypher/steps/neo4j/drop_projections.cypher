// GDS keeps its projections outside transactions: one a query left behind stays until dropped.
CALL gds.graph.list() YIELD graphName
WITH graphName WHERE graphName STARTS WITH 'valuenet-pagerank-'
CALL gds.graph.drop(graphName, false) YIELD graphName AS dropped
RETURN count(dropped) AS dropped
