// summary: Degree and value of the given companies.
// param: ids string[] required | Company ids.
// column: id string | The company's id.
// column: name string | Its name.
// column: sector string | Its sector.
// column: degree int | Companies it delivers to or receives from.
// column: value float | Yearly value of everything it delivers and receives.
UNWIND $ids AS cid
MATCH (c:Company {id: cid})
OPTIONAL MATCH (c)-[d:DELIVERS]-(x:Company)
WHERE x <> c
RETURN c.id AS id, c.name AS name, c.sector AS sector, count(DISTINCT x) AS degree, sum(d.value) AS value
