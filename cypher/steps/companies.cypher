// summary: Name, sector and country of the given companies.
// param: ids string[] required | Company ids.
// column: id string | The company's id.
// column: name string | Its name.
// column: sector string | Its sector.
// column: country string | Its country.
UNWIND $ids AS cid
MATCH (c:Company {id: cid})
RETURN c.id AS id, c.name AS name, c.sector AS sector, c.country AS country
