// summary: network_changes (see its header) read by Cypher, where no supply index is held (an external FalkorDB; service/analytics/supply.py).
// param: from date required | The first day.
// param: to date required | The last day.
// param: sector string optional | Only companies of this sector, and what they take part in.
// param: ecosystem string optional | Only members of this ecosystem, and what they take part in.
// param: limit int default=1000 min=1 max=1000000000 | Page size (the runner asks the module for one row more than its page, to know whether another follows).
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: kind string | company, contract or deliverable.
// column: id string | Its id.
// column: change string | started or ended (contracts, deliverables), entered or left (companies).
// column: day date | The day it started or ended (null for a company).
// column: name string | The company's or contract's name, or what the deliverable is.
// column: source string | The deliverable's supplier (null otherwise).
// column: target string | The deliverable's receiver (null otherwise).
// column: category string | The deliverable's category (null otherwise).
// column: value float | The deliverable's or contract's yearly value.
CALL {
  MATCH (c:Company)
  WHERE $sector IS NULL OR c.sector = $sector
  OPTIONAL MATCH (c)-[:MEMBER_OF]->(e:Ecosystem {id: $ecosystem})
  WITH DISTINCT c, e
  WHERE $ecosystem IS NULL OR e IS NOT NULL
  OPTIONAL MATCH (c)-[d:DELIVERS]-(x:Company)
  WHERE x <> c
  WITH c,
       sum(CASE WHEN (d.start IS NULL OR d.start <= $from) AND (d.end IS NULL OR d.end >= $from) THEN 1 ELSE 0 END) AS before,
       sum(CASE WHEN (d.start IS NULL OR d.start <= $to) AND (d.end IS NULL OR d.end >= $to) THEN 1 ELSE 0 END) AS after,
       count(d) AS deliverables
  WHERE deliverables > 0 AND (before = 0) <> (after = 0)
  RETURN 'company' AS kind, c.id AS id, CASE WHEN after > 0 THEN 'entered' ELSE 'left' END AS change,
         null AS day, c.name AS name, null AS source, null AS target, null AS category, null AS value
  UNION ALL
  MATCH (c:Company)-[:PARTY_TO]->(k:Contract)
  WHERE ($sector IS NULL OR c.sector = $sector)
    AND (($from < k.start AND k.start <= $to) OR ($from <= k.end AND k.end < $to))
  OPTIONAL MATCH (c)-[:MEMBER_OF]->(e:Ecosystem {id: $ecosystem})
  WITH DISTINCT k, e
  WHERE $ecosystem IS NULL OR e IS NOT NULL
  WITH DISTINCT k
  UNWIND [['started', k.start], ['ended', k.end]] AS event
  WITH k, event[0] AS change, event[1] AS day
  WHERE day IS NOT NULL AND CASE change WHEN 'started' THEN $from < day AND day <= $to ELSE $from <= day AND day < $to END
  RETURN 'contract' AS kind, k.id AS id, change, day, k.name AS name, null AS source, null AS target,
         null AS category, k.value AS value
  UNION ALL
  MATCH (c:Company)
  WHERE $sector IS NULL OR c.sector = $sector
  OPTIONAL MATCH (c)-[:MEMBER_OF]->(e:Ecosystem {id: $ecosystem})
  WITH DISTINCT c, e
  WHERE $ecosystem IS NULL OR e IS NOT NULL
  MATCH (c)-[d:DELIVERS]-(x:Company)
  WHERE x <> c AND (($from < d.start AND d.start <= $to) OR ($from <= d.end AND d.end < $to))
  OPTIONAL MATCH (x)-[:MEMBER_OF]->(xe:Ecosystem {id: $ecosystem})
  WITH DISTINCT c, x, d, xe
  // From the scope's companies; each flow once: at its supplier if in the scope, else at its receiver.
  WHERE startNode(d) = c OR NOT (($sector IS NULL OR x.sector = $sector) AND ($ecosystem IS NULL OR xe IS NOT NULL))
  WITH startNode(d) AS s, endNode(d) AS t, d
  UNWIND [['started', d.start], ['ended', d.end]] AS event
  WITH s, t, d, event[0] AS change, event[1] AS day
  WHERE day IS NOT NULL AND CASE change WHEN 'started' THEN $from < day AND day <= $to ELSE $from <= day AND day < $to END
  RETURN 'deliverable' AS kind, d.id AS id, change, day, d.deliverable AS name, s.id AS source, t.id AS target,
         d.category AS category, d.value AS value
}
RETURN kind, id, change, day, name, source, target, category, value
ORDER BY kind, day, id, change
SKIP $offset
LIMIT $limit
