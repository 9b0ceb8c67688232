// summary: The deliverables between two companies running on one of two days, with an end in a scope (the whole network when none), summed per supplier, receiver and category for each day.
// param: from date required | The first day.
// param: to date required | The second day.
// param: sector string optional | Only deliverables with an end in this sector.
// param: ecosystem string optional | Only deliverables with an end that is a member of this ecosystem.
// column: supplier string | The supplier.
// column: receiver string | The receiver.
// column: category string | The category.
// column: flows_before int | Deliverables running on from.
// column: value_before float | Their yearly value.
// column: flows_after int | Deliverables running on to.
// column: value_after float | Their yearly value.
MATCH (c:Company)
WHERE $sector IS NULL OR c.sector = $sector
OPTIONAL MATCH (c)-[:MEMBER_OF]->(e:Ecosystem {id: $ecosystem})
WITH DISTINCT c, e
WHERE $ecosystem IS NULL OR e IS NOT NULL
MATCH (c)-[d:DELIVERS]-(x:Company)
WHERE x <> c
  AND (((d.start IS NULL OR d.start <= $from) AND (d.end IS NULL OR d.end >= $from))
    OR ((d.start IS NULL OR d.start <= $to) AND (d.end IS NULL OR d.end >= $to)))
OPTIONAL MATCH (x)-[:MEMBER_OF]->(xe:Ecosystem {id: $ecosystem})
WITH DISTINCT c, x, d, xe
// From the scope's companies; each flow once: at its supplier if in the scope, else at its receiver.
WHERE startNode(d) = c OR NOT (($sector IS NULL OR x.sector = $sector) AND ($ecosystem IS NULL OR xe IS NOT NULL))
WITH startNode(d) AS s, endNode(d) AS t, d
WITH s, t, d,
     (d.start IS NULL OR d.start <= $from) AND (d.end IS NULL OR d.end >= $from) AS before,
     (d.start IS NULL OR d.start <= $to) AND (d.end IS NULL OR d.end >= $to) AS after
RETURN s.id AS supplier, t.id AS receiver, d.category AS category,
       sum(CASE WHEN before THEN 1 ELSE 0 END) AS flows_before,
       sum(CASE WHEN before THEN coalesce(d.value, 0.0) ELSE 0.0 END) AS value_before,
       sum(CASE WHEN after THEN 1 ELSE 0 END) AS flows_after,
       sum(CASE WHEN after THEN coalesce(d.value, 0.0) ELSE 0.0 END) AS value_after
