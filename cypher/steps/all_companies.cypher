// summary: Every company: the nodes of the company graph held in memory (service/analytics/company_graph.py).
// column: id string | The company's id.
// column: node node | Its handle.
MATCH (c:Company)
RETURN c.id AS id, handle(c) AS node
