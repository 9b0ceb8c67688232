// summary: Id, name, sector and country of the companies whose id follows a given one, in id order: the graph read in slices for the in-memory name index (service/analytics/name_index.py).
// param: after string default="" | The last id of the slice before (none for the first).
// param: size int required min=1 | The most companies a slice holds.
// column: id string | The company's id.
// column: name string | Its name.
// column: sector string | Its sector.
// column: country string | Its country.
MATCH (c:Company)
WHERE c.id > $after
RETURN c.id AS id, c.name AS name, c.sector AS sector, c.country AS country
ORDER BY id
LIMIT $size
