// summary: The capabilities each of the given companies has, as handles: for comparing them without reading a property.
// param: nodes node[] required | The companies' handles.
// column: company node | One of the given companies.
// column: capability node | A capability it has.
UNWIND $nodes AS n
MATCH (x) WHERE handle(x) = n
MATCH (x)-[:HAS_CAPABILITY]->(k:Capability)
RETURN n AS company, handle(k) AS capability
