// summary: Companies not yet exchanging anything with a company whose capabilities complement its own and that share customers or markets with it, scored, with the reasons in columns.
// The score is (shared_customers + shared_markets) * complementary / (complementary + common):
// the shared ground, weighted by how much of the candidate's capabilities the company lacks.
// param: company string required exists=Company | The company looking for partners.
// param: limit int default=20 min=1 max=1000 | Page size.
// param: offset int default=0 min=0 | Rows to skip, for paging.
// column: id string | The candidate's id.
// column: name string | Its name.
// column: sector string | Its sector.
// column: shared_customers int | Companies both deliver something other than money to.
// column: shared_markets int | Markets both compete in.
// column: complementary int | Capabilities the candidate has and the company lacks.
// column: common int | Capabilities both have.
// column: complementary_capabilities string[] | Names of the complementary capabilities, sorted.
// column: score float | The shared ground weighted by complementarity (see the summary); higher is better.
MATCH (c:Company {id: $company})
CALL {
  // Each (customer, candidate) pair once, then a plain count: cheaper than a DISTINCT per candidate.
  WITH c
  MATCH (c)-[d1:DELIVERS]->(r:Company)
  WHERE d1.category <> 'money'
  WITH DISTINCT c, r
  MATCH (r)<-[d2:DELIVERS]-(x:Company)
  WHERE d2.category <> 'money' AND x <> c
  WITH DISTINCT r, x
  RETURN x, count(*) AS customers, 0 AS markets, 0 AS links
  UNION ALL
  WITH c
  MATCH (c)-[:COMPETES_IN]->(m:Market)<-[:COMPETES_IN]-(x:Company)
  WHERE x <> c
  RETURN x, 0 AS customers, count(DISTINCT m) AS markets, 0 AS links
  UNION ALL
  WITH c
  MATCH (c)-[:DELIVERS]-(x:Company)
  RETURN x, 0 AS customers, 0 AS markets, 1 AS links
}
// Nothing else rides along this aggregation: each grouping key is hashed for every row.
WITH x, sum(customers) AS shared_customers, sum(markets) AS shared_markets, sum(links) AS links
WHERE links = 0 AND shared_customers + shared_markets > 0
// A hub has tens of thousands of candidates, and a score is at most the shared count.
// So score the page's worth of candidates that share the most first: the page's last score
// among them is a bound no candidate sharing less can reach, and only the others are scored.
WITH x, shared_customers, shared_markets
ORDER BY shared_customers + shared_markets DESC
WITH collect([x, shared_customers, shared_markets]) AS candidates
MATCH (c:Company {id: $company})
WITH candidates, [(c)-[:HAS_CAPABILITY]->(k:Capability) | k] AS mine
CALL {
  WITH mine, candidates
  UNWIND candidates[0..($offset + $limit)] AS candidate
  WITH mine, candidate[0] AS x, candidate[1] + candidate[2] AS shared
  OPTIONAL MATCH (x)-[:HAS_CAPABILITY]->(k:Capability)
  WITH x, shared, count(k) AS held, count(CASE WHEN k IN mine THEN k END) AS common
  WITH CASE WHEN held > common THEN shared * toFloat(held - common) / held END AS score
  ORDER BY score DESC
  WITH collect(score) AS scores
  RETURN CASE WHEN size(scores) < $offset + $limit THEN 0.0 ELSE scores[$offset + $limit - 1] END AS bound
}
UNWIND candidates AS candidate
WITH mine, candidate WHERE candidate[1] + candidate[2] >= bound
WITH mine, candidate[0] AS x, candidate[1] AS shared_customers, candidate[2] AS shared_markets
// Count without DISTINCT (an import refuses a second HAS_CAPABILITY between the same two
// nodes), compare capabilities as nodes (no property read), count the common ones only
// (the rest are complementary), and do not carry the company's capabilities as a grouping
// key; they are rebuilt for the page below.
OPTIONAL MATCH (x)-[:HAS_CAPABILITY]->(k:Capability)
WITH x, shared_customers, shared_markets,
     count(k) AS held, count(CASE WHEN k IN mine THEN k END) AS common
WITH x, shared_customers, shared_markets, held - common AS complementary, common
WHERE complementary > 0
WITH x, shared_customers, shared_markets, complementary, common,
     (shared_customers + shared_markets) * toFloat(complementary) / (complementary + common) AS score
ORDER BY score DESC, x.id
SKIP $offset
LIMIT $limit
// The names of the complementary capabilities, for the page's candidates only.
MATCH (c:Company {id: $company})
OPTIONAL MATCH (c)-[:HAS_CAPABILITY]->(k:Capability)
WITH x, shared_customers, shared_markets, complementary, common, score, collect(k.id) AS mine
MATCH (x)-[:HAS_CAPABILITY]->(k:Capability)
WHERE NOT k.id IN mine
WITH DISTINCT x, shared_customers, shared_markets, complementary, common, score, k
ORDER BY k.name, k.id
WITH x, shared_customers, shared_markets, complementary, common, score, collect(k.name) AS complementary_capabilities
RETURN x.id AS id, x.name AS name, x.sector AS sector, shared_customers, shared_markets,
       complementary, common, complementary_capabilities, score
ORDER BY score DESC, id
