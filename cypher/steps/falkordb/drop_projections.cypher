// FalkorDB keeps no projections: algo.pageRank reads the graph itself.
RETURN 0 AS dropped
