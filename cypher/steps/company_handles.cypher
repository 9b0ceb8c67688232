// summary: The node handle of each of the given companies, for steps that take handles.
// param: ids string[] required | Company ids.
// column: id string | The company's id.
// column: node node | Its handle.
UNWIND $ids AS cid
MATCH (c:Company {id: cid})
RETURN c.id AS id, handle(c) AS node
