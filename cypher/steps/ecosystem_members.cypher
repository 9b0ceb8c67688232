// summary: Every membership of a company in an ecosystem: read whole for the in-memory supply index (service/analytics/supply_index.py).
// column: ecosystem string | The ecosystem's id.
// column: node node | The member company's handle.
MATCH (c:Company)-[:MEMBER_OF]->(e:Ecosystem)
RETURN e.id AS ecosystem, handle(c) AS node
