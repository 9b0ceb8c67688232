// summary: The yearly value each of the given companies delivers to the named customers and receives from the named suppliers (deliverables other than money), with their names.
// param: ids string[] required | The companies.
// param: customers string[] required | Customers to weigh.
// param: suppliers string[] required | Suppliers to weigh.
// param: as_of date optional | Only deliverables running on that day.
// column: party string | The company.
// column: dimension string | customers or suppliers.
// column: item string | The customer's or supplier's id.
// column: name string | Its name.
// column: weight float | Yearly value delivered to it or received from it; no row when there is none.
UNWIND $ids AS pid
MATCH (p:Company {id: pid})
CALL {
  WITH p
  UNWIND $customers AS xid
  MATCH (x:Company {id: xid})
  WITH p, x
  MATCH (p)-[d:DELIVERS]->(x)
  WHERE d.category <> 'money' AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
  RETURN 'customers' AS dimension, x.id AS item, x.name AS name, sum(d.value) AS weight
  UNION ALL
  WITH p
  UNWIND $suppliers AS xid
  MATCH (x:Company {id: xid})
  WITH p, x
  MATCH (p)<-[d:DELIVERS]-(x)
  WHERE d.category <> 'money' AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
  RETURN 'suppliers' AS dimension, x.id AS item, x.name AS name, sum(d.value) AS weight
}
RETURN p.id AS party, dimension, item, name, weight
