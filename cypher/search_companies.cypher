// summary: Companies whose name contains a text, optionally only in one sector or country; paged, ordered by name.
// param: q string default="" | Text the name must contain, case-insensitive; empty matches every company.
// param: sector string optional | Only companies of this sector.
// param: country string optional | Only companies of this country (as stored, e.g. an ISO code).
// param: limit int default=20 min=1 max=1000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: id string | The company's id.
// column: name string | The company's name.
// column: kind string | company, public_body, investor, ngo or individual.
// column: sector string | The company's sector.
// column: country string | The company's country.
// column: revenue float | Yearly revenue.
MATCH (c:Company)
WHERE ($sector IS NULL OR c.sector = $sector)
  AND ($country IS NULL OR c.country = $country)
  AND ($q = '' OR toLower(c.name) CONTAINS toLower($q))
RETURN c.id AS id, c.name AS name, c.kind AS kind, c.sector AS sector,
       c.country AS country, c.revenue AS revenue
ORDER BY name, id
SKIP $offset
LIMIT $limit
