// summary: Every competitor's revenue in each market one of the given companies competes in.
// param: ids string[] required | The companies.
// column: market string | The market's id.
// column: name string | Its name.
// column: company string | A company competing in it.
// column: revenue float | Its revenue in that market.
UNWIND $ids AS pid
MATCH (:Company {id: pid})-[:COMPETES_IN]->(m:Market)
WITH DISTINCT m
MATCH (m)<-[r:COMPETES_IN]-(c:Company)
RETURN m.id AS market, m.name AS name, c.id AS company, r.revenue AS revenue
