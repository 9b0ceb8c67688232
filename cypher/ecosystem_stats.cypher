// summary: Size and make-up of the whole graph: nodes by label, relationships by type, deliverables between companies by nature and by category, companies by sector.
// A deliverable between roles (or value streams) refines one between companies (the generator
// repeats each flow between two companies with roles between their roles), so nature and
// category count the deliverables between companies only; the relationship row counts them all.
// column: scope string | What is counted: label, relationship, nature, category or sector.
// column: name string | The label, relationship type, nature, category or sector (null where the property is missing).
// column: count int | How many nodes or relationships.
// column: value float | Yearly value of those deliverables between companies (nature, category) or revenue of those companies (sector); null for labels and relationship types.
CALL {
  MATCH (n)
  UNWIND labels(n) AS name
  RETURN 'label' AS scope, name, count(*) AS count, null AS value
  UNION ALL
  MATCH ()-[r]->()
  RETURN 'relationship' AS scope, type(r) AS name, count(*) AS count, null AS value
  UNION ALL
  MATCH (:Company)-[d:DELIVERS]->(:Company)
  RETURN 'nature' AS scope, d.nature AS name, count(*) AS count, sum(d.value) AS value
  UNION ALL
  MATCH (:Company)-[d:DELIVERS]->(:Company)
  RETURN 'category' AS scope, d.category AS name, count(*) AS count, sum(d.value) AS value
  UNION ALL
  MATCH (c:Company)
  RETURN 'sector' AS scope, c.sector AS name, count(*) AS count, sum(c.revenue) AS value
}
RETURN scope, name, count, value
ORDER BY scope, name
