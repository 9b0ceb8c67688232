UNWIND $nodes AS n
MATCH (c) WHERE elementId(c) = n
MATCH (c)-[:COMPETES_IN]->(m:Market)<-[:COMPETES_IN]-(x:Company)
WHERE x <> c
RETURN n AS company, elementId(x) AS rival, count(DISTINCT m) AS markets
