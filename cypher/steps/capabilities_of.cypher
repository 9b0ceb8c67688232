// summary: The capabilities each of the given companies has, with their ids and names, one row per capability.
// param: nodes node[] required | The companies' handles.
// column: company node | One of the given companies.
// column: capability node | A capability it has.
// column: id string | That capability's id.
// column: name string | Its name.
// column: stage string | Its evolution stage (null when not given).
UNWIND $nodes AS n
MATCH (x) WHERE handle(x) = n
MATCH (x)-[:HAS_CAPABILITY]->(k:Capability)
RETURN n AS company, handle(k) AS capability, k.id AS id, k.name AS name, k.evolution AS stage
