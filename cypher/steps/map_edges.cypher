// summary: The deliverables the given companies deliver to companies (to the companies of within, when given).
// param: ids string[] required | The delivering companies.
// param: within string[] optional | Only deliverables to these companies. Keep it short: each deliverable is tested against the whole list.
// param: natures string[] optional | Natures of deliverable drawn; null for all (not read then).
// param: categories string[] optional | Categories of deliverable drawn; null for all (not read then).
// param: as_of date optional | Only deliverables running on that day.
// column: id string | The deliverable's id.
// column: source string | The company delivering it.
// column: target string | The company receiving it.
// column: deliverable string | What is delivered.
// column: nature string | tangible or intangible.
// column: category string | Its category.
// column: value float | Its yearly value.
// Tested against the nodes themselves: FalkorDB compares t.id with a list parameter far more slowly.
UNWIND coalesce($within, []) AS wid
MATCH (w:Company {id: wid})
WITH collect(w) AS within
UNWIND $ids AS sid
MATCH (s:Company {id: sid})-[d:DELIVERS]->(t:Company)
WHERE ($within IS NULL OR t IN within) AND ($natures IS NULL OR d.nature IN $natures) AND ($categories IS NULL OR d.category IN $categories) AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
RETURN d.id AS id, s.id AS source, t.id AS target, d.deliverable AS deliverable, d.nature AS nature,
       d.category AS category, d.value AS value
