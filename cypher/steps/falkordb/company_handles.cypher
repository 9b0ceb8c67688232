UNWIND $ids AS cid
MATCH (c:Company {id: cid})
RETURN c.id AS id, id(c) AS node
