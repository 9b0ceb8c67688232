// summary: Every competitor's revenue in each of the given markets.
// param: markets string[] required | The markets.
// column: market string | The market's id.
// column: name string | Its name.
// column: company string | A company competing in it.
// column: revenue float | Its revenue in that market.
UNWIND $markets AS mid
MATCH (m:Market {id: mid})<-[r:COMPETES_IN]-(c:Company)
RETURN m.id AS market, m.name AS name, c.id AS company, r.revenue AS revenue
