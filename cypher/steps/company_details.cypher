// summary: Id, name, sector and country of each of the given company handles.
// param: nodes node[] required | Company handles.
// column: node node | The handle.
// column: id string | The company's id.
// column: name string | The company's name.
// column: sector string | Its sector.
// column: country string | Its country.
UNWIND $nodes AS n
MATCH (c) WHERE handle(c) = n
RETURN n AS node, c.id AS id, c.name AS name, c.sector AS sector, c.country AS country
