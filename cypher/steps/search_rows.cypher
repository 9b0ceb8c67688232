// summary: The rows of search_companies for the given companies (a page the name index chose).
// param: ids string[] required | Company ids.
// column: id string | The company's id.
// column: name string | The company's name.
// column: kind string | company, public_body, investor, ngo or individual.
// column: sector string | The company's sector.
// column: country string | The company's country.
// column: revenue float | Yearly revenue.
UNWIND $ids AS cid
MATCH (c:Company {id: cid})
RETURN c.id AS id, c.name AS name, c.kind AS kind, c.sector AS sector, c.country AS country, c.revenue AS revenue
