// summary: The companies competing in a market with each of the given companies, with how many markets they share.
// param: nodes node[] required | The companies' handles.
// column: company node | One of the given companies.
// column: rival node | A company that competes in one of its markets.
// column: markets int | How many markets they both compete in.
UNWIND $nodes AS n
MATCH (c) WHERE handle(c) = n
// Through WITH: else FalkorDB folds the seek into the pattern and scans every market.
WITH n, c
MATCH (c)-[:COMPETES_IN]->(m:Market)<-[:COMPETES_IN]-(x:Company)
WHERE x <> c
RETURN n AS company, handle(x) AS rival, count(DISTINCT m) AS markets
