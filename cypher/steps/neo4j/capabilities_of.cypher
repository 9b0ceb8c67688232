UNWIND $nodes AS n
MATCH (x) WHERE elementId(x) = n
MATCH (x)-[:HAS_CAPABILITY]->(k:Capability)
RETURN n AS company, elementId(k) AS capability, k.id AS id, k.name AS name
