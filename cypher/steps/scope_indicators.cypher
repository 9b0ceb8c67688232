// summary: exchange_indicators (see its header) read by Cypher, where no supply index is held (an external FalkorDB; service/analytics/supply.py).
// param: sector string optional | Only flows with an end in this sector.
// param: ecosystem string optional | Only flows with an end that is a member of this ecosystem.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// column: category string | A category of deliverable, or all.
// column: flows int | Deliverables of the scope in the category.
// column: value float | Their yearly value.
// column: intangible_share float | The share of that value that is intangible.
// column: pairs int | Pairs of companies with such a flow between them.
// column: reciprocal_pairs int | Those pairs that are reciprocal.
// column: reciprocity float | reciprocal_pairs over pairs.
// column: one_way_dependencies int | Pairs that are not reciprocal, with a flow other than money in the category.
// column: suppliers int | Companies delivering in the category.
// column: supplier_hhi float | HHI of the suppliers' shares of the value.
MATCH (c:Company)
WHERE $sector IS NULL OR c.sector = $sector
OPTIONAL MATCH (c)-[:MEMBER_OF]->(e:Ecosystem {id: $ecosystem})
WITH DISTINCT c, e
WHERE $ecosystem IS NULL OR e IS NOT NULL
MATCH (c)-[d:DELIVERS]-(x:Company)
WHERE x <> c
  AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
OPTIONAL MATCH (x)-[:MEMBER_OF]->(xe:Ecosystem {id: $ecosystem})
WITH DISTINCT c, x, d, xe
// From the scope's companies; each flow once: at its supplier if in the scope, else at its receiver.
WHERE startNode(d) = c OR NOT (($sector IS NULL OR x.sector = $sector) AND ($ecosystem IS NULL OR xe IS NOT NULL))
WITH startNode(d) AS s, endNode(d) AS t, d
// Each pair once, its ids in order; forward: the flow goes from the first to the second.
WITH CASE WHEN s.id < t.id THEN [s.id, t.id] ELSE [t.id, s.id] END AS pair, s.id < t.id AS forward,
     d.category AS category, d.nature = 'intangible' AS intangible, coalesce(d.value, 0.0) AS value
WITH pair, category, count(*) AS flows, sum(value) AS value,
     sum(CASE WHEN intangible THEN value ELSE 0.0 END) AS intangible,
     sum(CASE WHEN forward THEN 1 ELSE 0 END) AS forwards,
     sum(CASE WHEN forward THEN value ELSE 0.0 END) AS forward_value
WITH pair,
     collect({category: category, flows: flows, value: value, intangible: intangible, forwards: forwards,
              forward_value: forward_value, depends: category <> 'money'}) AS categories,
     sum(flows) AS flows, sum(value) AS value, sum(intangible) AS intangible, sum(forwards) AS forwards,
     sum(forward_value) AS forward_value, sum(CASE WHEN category <> 'money' THEN 1 ELSE 0 END) > 0 AS depends
WITH pair, 0 < forwards AND forwards < flows AS reciprocal,
     categories + [{category: 'all', flows: flows, value: value, intangible: intangible, forwards: forwards,
                    forward_value: forward_value, depends: depends}] AS rows
UNWIND rows AS row
WITH row.category AS category, sum(row.flows) AS flows, sum(row.value) AS value,
     sum(row.intangible) AS intangible, count(*) AS pairs,
     sum(CASE WHEN reciprocal THEN 1 ELSE 0 END) AS reciprocal_pairs,
     sum(CASE WHEN NOT reciprocal AND row.depends THEN 1 ELSE 0 END) AS one_way_dependencies,
     // each pair's two companies as suppliers: the first delivered the forward flows, the second the rest
     collect([pair[0], row.forward_value, row.forwards > 0]) +
       collect([pair[1], row.value - row.forward_value, row.forwards < row.flows]) AS supplied
UNWIND supplied AS supply
WITH category, flows, value, intangible, pairs, reciprocal_pairs, one_way_dependencies, supply
WHERE supply[2]
WITH category, flows, value, intangible, pairs, reciprocal_pairs, one_way_dependencies,
     supply[0] AS supplier, sum(supply[1]) AS supplied
WITH category, flows, value, intangible, pairs, reciprocal_pairs, one_way_dependencies,
     count(supplier) AS suppliers, collect(supplied) AS shares
RETURN category, flows, value,
       CASE WHEN value > 0 THEN intangible / value END AS intangible_share,
       pairs, reciprocal_pairs, toFloat(reciprocal_pairs) / pairs AS reciprocity, one_way_dependencies,
       suppliers,
       CASE WHEN value > 0 THEN reduce(hhi = 0.0, v IN shares | hhi + (100.0 * v / value) ^ 2) END AS supplier_hhi
ORDER BY category = 'all', category
