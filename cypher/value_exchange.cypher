// summary: What a company exchanges with each counterpart, by nature and category, value in and out, and whether the exchange is reciprocal (value flows both ways) or one-way.
// param: company string required exists=Company | The company.
// param: counterpart string optional exists=Company | Only the exchange with this company.
// param: one_way_only bool default=false | Only counterparts with one-way flows (no reciprocity).
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// param: limit int default=100 min=1 max=100000 | Page size.
// param: offset int default=0 min=0 | Rows to skip, for paging.
// column: counterpart string | The other company.
// column: counterpart_name string | Its name.
// column: nature string | tangible or intangible.
// column: category string | Category of what flows (money included).
// column: value_in float | Yearly value the company receives from the counterpart in that category.
// column: value_out float | Yearly value the company delivers to the counterpart in that category.
// column: deliverables_in int | Deliverables it receives from the counterpart in that category.
// column: deliverables_out int | Deliverables it delivers to the counterpart in that category.
// column: reciprocal bool | True when, in any category, value flows both ways with this counterpart.
MATCH (c:Company {id: $company})-[d:DELIVERS]-(x:Company)
WHERE x <> c AND ($counterpart IS NULL OR x.id = $counterpart)
  AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
WITH x, d, startNode(d) = c AS out
WITH x.id AS counterpart, x.name AS counterpart_name, d.nature AS nature, d.category AS category,
     sum(CASE WHEN out THEN 0.0 ELSE coalesce(d.value, 0.0) END) AS value_in,
     sum(CASE WHEN out THEN coalesce(d.value, 0.0) ELSE 0.0 END) AS value_out,
     sum(CASE WHEN out THEN 0 ELSE 1 END) AS deliverables_in,
     sum(CASE WHEN out THEN 1 ELSE 0 END) AS deliverables_out
WITH counterpart, counterpart_name,
     collect([nature, category, value_in, value_out, deliverables_in, deliverables_out]) AS exchanges,
     sum(deliverables_in) > 0 AND sum(deliverables_out) > 0 AS reciprocal
WHERE NOT ($one_way_only AND reciprocal)
UNWIND exchanges AS e
RETURN counterpart, counterpart_name, e[0] AS nature, e[1] AS category, e[2] AS value_in, e[3] AS value_out,
       e[4] AS deliverables_in, e[5] AS deliverables_out, reciprocal
ORDER BY counterpart, nature, category
SKIP $offset
LIMIT $limit
