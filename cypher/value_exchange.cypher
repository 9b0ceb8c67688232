// summary: What a company exchanges with each counterpart, by nature and category, value in and out, and whether the exchange is reciprocal (value flows both ways) or one-way.
// param: company string required exists=Company | The company.
// param: counterpart string optional exists=Company | Only the exchange with this company.
// param: one_way_only bool default=false | Only counterparts with one-way flows (no reciprocity).
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// param: limit int default=100 min=1 max=100000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: counterpart string | The other company.
// column: counterpart_name string | Its name.
// column: nature string | tangible or intangible.
// column: category string | Category of what flows (money included).
// column: value_in float | Yearly value the company receives from the counterpart in that category.
// column: value_out float | Yearly value the company delivers to the counterpart in that category.
// column: deliverables_in int | Deliverables it receives from the counterpart in that category.
// column: deliverables_out int | Deliverables it delivers to the counterpart in that category.
// column: reciprocal bool | True when, in any category, value flows both ways with this counterpart.
// The page is ordered by counterpart, and each counterpart gives at least one row: so the
// sums, the grouping by nature and category and the sort are done for the page's
// counterparts only, not for every counterpart of a hub.
MATCH (c:Company {id: $company})-[d:DELIVERS]-(x:Company)
WHERE x <> c AND ($counterpart IS NULL OR x.id = $counterpart)
  AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
WITH c, x, sum(CASE WHEN startNode(d) = c THEN 1 ELSE 0 END) AS outs, count(d) AS deliverables
WITH c, x, outs > 0 AND outs < deliverables AS reciprocal
WHERE NOT ($one_way_only AND reciprocal)
WITH c, x, reciprocal ORDER BY x.id
WITH c, collect([x, reciprocal])[0..$offset + $limit] AS page
UNWIND page AS counterpart
WITH c, counterpart[0] AS x, counterpart[1] AS reciprocal
MATCH (c)-[d:DELIVERS]-(x)
WHERE $as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of))
WITH x, reciprocal, d, startNode(d) = c AS out
RETURN x.id AS counterpart, x.name AS counterpart_name, d.nature AS nature, d.category AS category,
       sum(CASE WHEN out THEN 0.0 ELSE coalesce(d.value, 0.0) END) AS value_in,
       sum(CASE WHEN out THEN coalesce(d.value, 0.0) ELSE 0.0 END) AS value_out,
       sum(CASE WHEN out THEN 0 ELSE 1 END) AS deliverables_in,
       sum(CASE WHEN out THEN 1 ELSE 0 END) AS deliverables_out,
       reciprocal
ORDER BY counterpart, nature, category
SKIP $offset
LIMIT $limit
