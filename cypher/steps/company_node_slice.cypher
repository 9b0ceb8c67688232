// summary: The handles of the companies whose id follows a given one, in id order: the positions of the in-memory supply index where handles are not integers, and their sectors (Neo4j's elementId; service/analytics/supply_index.py).
// param: after string default="" | The last id of the slice before (none for the first).
// param: size int required min=1 | The most companies a slice holds.
// column: id string | The company's id.
// column: node node | Its handle.
// column: sector string | Its sector.
MATCH (c:Company)
WHERE c.id > $after
RETURN c.id AS id, handle(c) AS node, c.sector AS sector
ORDER BY id
LIMIT $size
