// summary: What the given value streams deliver to other value streams, with the companies operating both ends.
// param: ids string[] required | The delivering streams.
// column: id string | The deliverable's id.
// column: supplier string | The stream delivering.
// column: supplier_name string | Its name.
// column: supplier_owner string | The company operating it (the smallest id if several).
// column: customer string | The stream receiving.
// column: customer_name string | Its name.
// column: customer_owner string | The company operating it (the smallest id if several).
// column: deliverable string | What is delivered.
// column: nature string | tangible or intangible.
// column: category string | Its category.
// column: value float | Its yearly value.
UNWIND $ids AS vid
MATCH (v:ValueStream {id: vid})-[d:DELIVERS]->(w:ValueStream)
OPTIONAL MATCH (o:Company)-[:OPERATES]->(v)
WITH v, d, w, min(o.id) AS supplier_owner
OPTIONAL MATCH (p:Company)-[:OPERATES]->(w)
WITH v, d, w, supplier_owner, min(p.id) AS customer_owner
RETURN d.id AS id, v.id AS supplier, v.name AS supplier_name, supplier_owner, w.id AS customer,
       w.name AS customer_name, customer_owner, d.deliverable AS deliverable, d.nature AS nature,
       d.category AS category, d.value AS value
