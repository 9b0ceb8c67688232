// summary: For each of the given companies, the companies it supplies and those supplying it (deliverables other than money), as two lists of ids.
// param: ids string[] required | The companies.
// param: as_of date optional | Only deliverables running on that day.
// column: party string | The company.
// column: dimension string | customers or suppliers.
// column: items string[] | Their ids, each once.
UNWIND $ids AS pid
MATCH (p:Company {id: pid})
CALL {
  WITH p
  MATCH (p)-[d:DELIVERS]->(x:Company)
  WHERE d.category <> 'money' AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
  RETURN 'customers' AS dimension, collect(DISTINCT x.id) AS items
  UNION ALL
  WITH p
  MATCH (p)<-[d:DELIVERS]-(x:Company)
  WHERE d.category <> 'money' AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
  RETURN 'suppliers' AS dimension, collect(DISTINCT x.id) AS items
}
RETURN p.id AS party, dimension, items
