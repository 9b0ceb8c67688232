// summary: The id of each of the given company handles.
// param: nodes node[] required | Company handles.
// column: node node | The handle.
// column: id string | The company's id.
UNWIND $nodes AS n
MATCH (c) WHERE handle(c) = n
RETURN n AS node, c.id AS id
