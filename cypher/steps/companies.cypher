// summary: Name, sector, country and revenue of the given companies.
// param: ids string[] required | Company ids.
// column: id string | The company's id.
// column: name string | Its name.
// column: sector string | Its sector.
// column: country string | Its country.
// column: revenue float | Its yearly revenue.
UNWIND $ids AS cid
MATCH (c:Company {id: cid})
RETURN c.id AS id, c.name AS name, c.sector AS sector, c.country AS country, c.revenue AS revenue
