// summary: For each of the given companies, its items of the small dimensions (capabilities, markets, ecosystems, value streams) with their weight.
// param: ids string[] required | The companies.
// param: as_of date optional | Only deliverables running on that day.
// column: party string | The company.
// column: dimension string | capabilities, markets, ecosystems or value_streams.
// column: item string | The item's id.
// column: name string | Its name.
// column: weight float | Capability level, market revenue or yearly value received from the stream (deliverables other than money, as everywhere a company depends on something); null for ecosystems.
// column: stage string | A capability's evolution stage (null for the other dimensions, or when not given).
UNWIND $ids AS pid
MATCH (p:Company {id: pid})
CALL {
  WITH p
  MATCH (p)-[h:HAS_CAPABILITY]->(k:Capability)
  RETURN 'capabilities' AS dimension, k.id AS item, k.name AS name, h.level AS weight, k.evolution AS stage
  UNION ALL
  WITH p
  MATCH (p)-[m:COMPETES_IN]->(k:Market)
  RETURN 'markets' AS dimension, k.id AS item, k.name AS name, m.revenue AS weight, null AS stage
  UNION ALL
  WITH p
  MATCH (p)-[:MEMBER_OF]->(e:Ecosystem)
  RETURN 'ecosystems' AS dimension, e.id AS item, e.name AS name, null AS weight, null AS stage
  UNION ALL
  WITH p
  MATCH (p)-[:OPERATES]->(:ValueStream)<-[d:DELIVERS]-(v:ValueStream)
  WHERE d.category <> 'money' AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
  RETURN 'value_streams' AS dimension, v.id AS item, v.name AS name, sum(d.value) AS weight, null AS stage
}
RETURN p.id AS party, dimension, item, name, weight, stage
