UNWIND $ids AS cid
MATCH (c:Company {id: cid})
RETURN c.id AS id, elementId(c) AS node
