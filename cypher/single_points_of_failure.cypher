// summary: Suppliers that are the only source of a category for at least min_receivers companies, ranked by how many companies depend on them alone, then by their downstream reach.
// param: sector string optional | Only suppliers of this sector.
// param: ecosystem string optional exists=Ecosystem | Only suppliers that are members of this ecosystem.
// param: min_receivers int default=2 min=1 | Least number of companies that must depend on the supplier alone.
// param: categories string[] default=product,service,information,knowledge,compliance,risk_reduction,access,data choices=product,service,money,information,knowledge,compliance,risk_reduction,access,data | Categories of deliverable that count as inputs; money is left out by default.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// param: limit int default=50 min=1 max=10000 | Page size.
// param: offset int default=0 min=0 | Rows to skip, for paging.
// column: id string | The supplier's id.
// column: name string | Its name.
// column: sector string | Its sector.
// column: receivers int | Companies for which it is the only supplier of at least one category.
// column: categories string[] | The categories it alone supplies to someone, sorted.
// column: value float | Yearly value of those sole-sourced deliverables.
// column: customers int | Companies it delivers to (deliverables of the chosen categories).
// column: reach int | Companies downstream within two tiers: its customers and theirs.
MATCH (s:Company)-[d:DELIVERS]->(r:Company)
WHERE d.category IN $categories AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
WITH r, d.category AS category, collect(DISTINCT s) AS suppliers, sum(d.value) AS value
WHERE size(suppliers) = 1
WITH suppliers[0] AS s, r, category, value
WHERE $sector IS NULL OR s.sector = $sector
OPTIONAL MATCH (s)-[:MEMBER_OF]->(e:Ecosystem {id: $ecosystem})
WITH s, r, category, value, e
WHERE $ecosystem IS NULL OR e IS NOT NULL
WITH s, r, category, value ORDER BY category
WITH s, count(DISTINCT r) AS receivers, collect(DISTINCT category) AS categories, sum(value) AS value
WHERE receivers >= $min_receivers
OPTIONAL MATCH (s)-[d1:DELIVERS]->(c1:Company)
WHERE d1.category IN $categories AND ($as_of IS NULL OR ((d1.start IS NULL OR d1.start <= $as_of) AND (d1.end IS NULL OR d1.end >= $as_of)))
WITH s, receivers, categories, value, collect(DISTINCT c1) AS tier1
UNWIND CASE WHEN tier1 = [] THEN [null] ELSE tier1 END AS c1
OPTIONAL MATCH (c1)-[d2:DELIVERS]->(c2:Company)
WHERE d2.category IN $categories AND ($as_of IS NULL OR ((d2.start IS NULL OR d2.start <= $as_of) AND (d2.end IS NULL OR d2.end >= $as_of)))
WITH s, receivers, categories, value, tier1, collect(DISTINCT c2) AS tier2
UNWIND CASE WHEN tier1 + tier2 = [] THEN [null] ELSE tier1 + tier2 END AS downstream
WITH s, receivers, categories, value, size(tier1) AS customers,
     count(DISTINCT CASE WHEN downstream <> s THEN downstream END) AS reach
RETURN s.id AS id, s.name AS name, s.sector AS sector, receivers, categories, value, customers, reach
ORDER BY receivers DESC, reach DESC, id
SKIP $offset
LIMIT $limit
