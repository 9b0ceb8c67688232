UNWIND $nodes AS n
MATCH (c) WHERE elementId(c) = n
RETURN n AS node, c.id AS id, c.name AS name, c.sector AS sector, c.country AS country
