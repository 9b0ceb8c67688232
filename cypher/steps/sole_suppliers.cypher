// summary: Suppliers that are the only source of a category for at least min_receivers companies, most such receivers first.
// param: sector string optional | Only suppliers of this sector.
// param: ecosystem string optional | Only suppliers that are members of this ecosystem.
// param: min_receivers int required | Least number of companies that must depend on the supplier alone.
// param: categories string[] required | Categories of deliverable that count as inputs.
// param: as_of date optional | Only deliverables running on that day.
// param: limit int required | At most this many suppliers.
// column: id string | The supplier's id.
// column: name string | Its name.
// column: sector string | Its sector.
// column: receivers int | Companies for which it is the only supplier of at least one category.
// column: categories string[] | The categories it alone supplies to someone (in no set order).
// column: value float | Yearly value of those sole-sourced deliverables.
MATCH (s:Company)-[d:DELIVERS]->(r:Company)
WHERE d.category IN $categories AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
// A receiver's category has one supplier when the least and the greatest supplier are one.
WITH r, d.category AS category, min(s.id) AS first, max(s.id) AS last, sum(d.value) AS value
WHERE first = last
WITH first AS sid, count(DISTINCT r) AS receivers, collect(DISTINCT category) AS categories, sum(value) AS value
WHERE receivers >= $min_receivers
MATCH (s:Company {id: sid})
WHERE $sector IS NULL OR s.sector = $sector
OPTIONAL MATCH (s)-[:MEMBER_OF]->(e:Ecosystem {id: $ecosystem})
WITH s, receivers, categories, value, e
WHERE $ecosystem IS NULL OR e IS NOT NULL
RETURN s.id AS id, s.name AS name, s.sector AS sector, receivers, categories, value
ORDER BY receivers DESC, id
LIMIT $limit
