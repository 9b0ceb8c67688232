// summary: The companies a map starts from: one company, an ecosystem's members, or a sector's companies.
// param: center string required | A company id, an ecosystem id or a sector name.
// param: center_kind string required choices=company,ecosystem,sector | What center names.
// column: id string | A company at the center.
MATCH (c:Company {id: $center})
WHERE $center_kind = 'company'
RETURN c.id AS id
UNION
MATCH (:Ecosystem {id: $center})<-[:MEMBER_OF]-(c:Company)
WHERE $center_kind = 'ecosystem'
RETURN c.id AS id
UNION
// The sector is unwound from an empty list unless asked for: a WHERE on the kind alone
// would still scan every company (47 ms at 1M companies) for a company's map.
UNWIND CASE WHEN $center_kind = 'sector' THEN [$center] ELSE [] END AS sector
MATCH (c:Company)
WHERE c.sector = sector
RETURN c.id AS id
