// summary: The deliverables between the given roles and other roles, either way, one row per deliverable and given role it touches.
// param: ids string[] required | Role ids.
// param: natures string[] optional | Natures of deliverable followed; null for all.
// param: categories string[] optional | Categories of deliverable followed; null for all.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end, open ends count).
// param: critical_only bool required | Only deliverables marked critical.
// column: role string | One of the given roles.
// column: id string | The deliverable's id.
// column: source string | The role delivering it.
// column: target string | The role receiving it.
// column: deliverable string | What is delivered.
// column: nature string | tangible or intangible.
// column: category string | Its category.
// column: value float | Its yearly value.
UNWIND $ids AS rid
MATCH (r:Role {id: rid})-[d:DELIVERS]-(p:Role)
WHERE p <> r
  AND ($natures IS NULL OR d.nature IN $natures) AND ($categories IS NULL OR d.category IN $categories)
  AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
  AND (NOT $critical_only OR d.critical = true)
RETURN rid AS role, d.id AS id, startNode(d).id AS source, endNode(d).id AS target, d.deliverable AS deliverable,
       d.nature AS nature, d.category AS category, d.value AS value
