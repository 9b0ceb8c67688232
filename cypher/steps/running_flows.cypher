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
MATCH (s:Company)-[d:DELIVERS]->(t:Company)
WHERE s <> t AND ($sector IS NULL OR s.sector = $sector OR t.sector = $sector)
WITH s, t, d,
     (d.start IS NULL OR d.start <= $from) AND (d.end IS NULL OR d.end >= $from) AS before,
     (d.start IS NULL OR d.start <= $to) AND (d.end IS NULL OR d.end >= $to) AS after
WHERE before OR after
OPTIONAL MATCH (s)-[:MEMBER_OF]->(se:Ecosystem {id: $ecosystem})
OPTIONAL MATCH (t)-[:MEMBER_OF]->(te:Ecosystem {id: $ecosystem})
WITH DISTINCT s, t, d, before, after, se, te
WHERE (($sector IS NULL OR s.sector = $sector) AND ($ecosystem IS NULL OR se IS NOT NULL))
   OR (($sector IS NULL OR t.sector = $sector) AND ($ecosystem IS NULL OR te IS NOT NULL))
RETURN s.id AS supplier, t.id AS receiver, d.category AS category,
       sum(CASE WHEN before THEN 1 ELSE 0 END) AS flows_before,
       sum(CASE WHEN before THEN coalesce(d.value, 0.0) ELSE 0.0 END) AS value_before,
       sum(CASE WHEN after THEN 1 ELSE 0 END) AS flows_after,
       sum(CASE WHEN after THEN coalesce(d.value, 0.0) ELSE 0.0 END) AS value_after
