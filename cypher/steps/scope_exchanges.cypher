// summary: exchange_analysis (see its header) read by Cypher, where no supply index is held (an external FalkorDB; service/analytics/supply.py).
// param: zoom string default=company choices=company,sector | company: nodes are companies; sector: nodes are sectors.
// param: sector string optional | Only nodes (companies) of this sector.
// param: ecosystem string optional | Only nodes (companies) that are members of this ecosystem.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// param: limit int default=1000 min=1 max=1000000000 | Page size (the runner asks the module for one row more than its page, to know whether another follows).
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: node string | The company's id, or the sector.
// column: node_name string | The company's name, or the sector.
// column: counterpart string | The other company's id, or its sector.
// column: counterpart_name string | Its name, or the sector.
// column: nature string | tangible or intangible.
// column: category string | Category of what flows (money included).
// column: value_out float | Yearly value the node delivers to the counterpart in that category.
// column: value_in float | Yearly value the node receives from the counterpart in that category.
// column: deliverables_out int | Deliverables the node delivers to the counterpart in that category.
// column: deliverables_in int | Deliverables the node receives from the counterpart in that category.
// column: exchange string | reciprocal, given, received or internal, over every category of the pair.
// column: balance float | Value received minus value delivered, over every category of the pair.
// column: intangible_share float | Share of the pair's value, both ways, that is intangible.
MATCH (n:Company)
WHERE $sector IS NULL OR n.sector = $sector
OPTIONAL MATCH (n)-[:MEMBER_OF]->(e:Ecosystem {id: $ecosystem})
WITH DISTINCT n, e
WHERE $ecosystem IS NULL OR e IS NOT NULL
MATCH (n)-[d:DELIVERS]-(x:Company)
WHERE x <> n
  AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
// toString: FalkorDB groups a stored text (interned) apart from an equal literal one, unless copied.
WITH n, x, d, startNode(d) = n AS out, coalesce(d.value, 0.0) AS value,
     toString(coalesce(n.sector, '')) AS n_sector, toString(coalesce(x.sector, '')) AS x_sector
WITH CASE $zoom WHEN 'sector' THEN n_sector ELSE n.id END AS node,
     CASE $zoom WHEN 'sector' THEN n_sector ELSE n.name END AS node_name,
     CASE $zoom WHEN 'sector' THEN x_sector ELSE x.id END AS counterpart,
     CASE $zoom WHEN 'sector' THEN x_sector ELSE x.name END AS counterpart_name,
     d.nature AS nature, d.category AS category,
     sum(CASE WHEN out THEN value ELSE 0.0 END) AS value_out,
     sum(CASE WHEN out THEN 0.0 ELSE value END) AS value_in,
     sum(CASE WHEN out THEN 1 ELSE 0 END) AS deliverables_out,
     sum(CASE WHEN out THEN 0 ELSE 1 END) AS deliverables_in
WITH node, node_name, counterpart, counterpart_name,
     collect([nature, category, value_out, value_in, deliverables_out, deliverables_in]) AS flows,
     sum(value_out) AS given, sum(value_in) AS received,
     sum(deliverables_out) AS outs, sum(deliverables_in) AS ins,
     sum(CASE WHEN nature = 'intangible' THEN value_out + value_in ELSE 0.0 END) AS intangible
UNWIND flows AS flow
RETURN node, node_name, counterpart, counterpart_name,
       flow[0] AS nature, flow[1] AS category, flow[2] AS value_out, flow[3] AS value_in,
       flow[4] AS deliverables_out, flow[5] AS deliverables_in,
       CASE
         WHEN node = counterpart THEN 'internal'
         WHEN outs > 0 AND ins > 0 THEN 'reciprocal'
         WHEN outs > 0 THEN 'given'
         ELSE 'received'
       END AS exchange,
       received - given AS balance,
       CASE WHEN given + received > 0 THEN intangible / (given + received) END AS intangible_share
ORDER BY node, counterpart, nature, category
SKIP $offset
LIMIT $limit
