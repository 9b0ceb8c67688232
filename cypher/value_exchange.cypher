// summary: What a company (its sector, or its roles) exchanges with each counterpart, by nature and category, value in and out, and whether the exchange is reciprocal (value flows both ways) or one-way.
// zoom=company (the default): the company and every company it exchanges deliverables with.
// zoom=sector: the company's sector (every company of it; the company alone, in sector "", when it
// has none) and every sector it exchanges with (a company with no sector in sector ""), flows summed
// between the two sectors; a flow inside the sector is given and received by it, so the sector's
// row with itself is reciprocal. counterpart names a company whose sector is then the only one.
// zoom=role: each of the company's roles (HAS_ROLE) and every role it exchanges deliverables with,
// role to role (inside the company or across companies; flows with a company or a value stream at
// an end are left out); counterpart names a company whose roles are then the only counterparts.
// param: company string required exists=Company | The company.
// param: counterpart string optional exists=Company | Only the exchange with this company (its sector, its roles).
// param: one_way_only bool default=false | Only counterparts with one-way flows (no reciprocity).
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// param: zoom string default=company choices=company,sector,role | What exchanges: the company, its sector or its roles.
// param: limit int default=100 min=1 max=100000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: counterpart string | The other company; at sector zoom the other sector, at role zoom the other role.
// column: counterpart_name string | Its name.
// column: nature string | tangible or intangible.
// column: category string | Category of what flows (money included).
// column: value_in float | Yearly value the company (sector, role) receives from the counterpart in that category.
// column: value_out float | Yearly value the company (sector, role) delivers to the counterpart in that category.
// column: deliverables_in int | Deliverables it receives from the counterpart in that category.
// column: deliverables_out int | Deliverables it delivers to the counterpart in that category.
// column: reciprocal bool | True when, in any category, value flows both ways with this counterpart.
// column: node string | What exchanges: the company; at sector zoom its sector, at role zoom one of its roles.
// column: node_name string | Its name.
// column: counterpart_company string | The counterpart's company: the counterpart itself; null at sector zoom; the role's company at role zoom.
// The page is ordered by node and counterpart, and each pair gives at least one row: so the
// sums, the grouping by nature and category and the sort are done for the page's pairs only,
// not for every counterpart of a hub: the page's pairs read their deliverables again (expand-into),
// cheaper than keeping every deliverable of a hub's pairs.
MATCH (c:Company {id: $company})
// The counterpart company and its roles, read only when one is named (an OPTIONAL MATCH on a
// parameter that may be null scans every company on FalkorDB).
CALL {
  WITH c
  UNWIND CASE WHEN $counterpart IS NULL THEN [] ELSE [$counterpart] END AS cid
  MATCH (t:Company {id: cid})
  OPTIONAL MATCH (t)-[:HAS_ROLE]->(r:Role)
  WHERE $zoom = 'role'
  RETURN head(collect(DISTINCT t)) AS there, collect(r) AS their_roles
}
// The sector's companies, only at sector zoom (the list is empty otherwise: no company is read).
CALL {
  WITH c
  UNWIND CASE WHEN $zoom = 'sector' THEN [c.sector] ELSE [] END AS home
  MATCH (peer:Company)
  WHERE peer.sector = home
  RETURN collect(peer) AS peers
}
OPTIONAL MATCH (c)-[:HAS_ROLE]->(role:Role)
WHERE $zoom = 'role'
WITH c, there, their_roles, peers, collect(role) AS roles
UNWIND CASE $zoom WHEN 'sector' THEN [c] + [p IN peers WHERE p <> c] WHEN 'role' THEN roles ELSE [c] END AS n
MATCH (n)-[d:DELIVERS]-(x)
WHERE x <> n AND CASE $zoom WHEN 'role' THEN x:Role ELSE x:Company END
  AND ($counterpart IS NULL OR CASE $zoom
         WHEN 'company' THEN x = there
         WHEN 'sector' THEN coalesce(x.sector, '') = coalesce(there.sector, '')
         ELSE x IN their_roles
       END)
  AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
// toString: FalkorDB groups a stored text (interned) apart from an equal literal one, unless copied.
WITH CASE $zoom WHEN 'sector' THEN toString(coalesce(n.sector, '')) ELSE n END AS self,
     CASE $zoom WHEN 'sector' THEN toString(coalesce(x.sector, '')) ELSE x END AS other,
     n, x, startNode(d) = n AS out
// A sector pair keeps the pairs of companies it sums (a pair of nodes is its own), whose
// deliverables are read again below (expand-into), for the page only.
WITH self, other, collect(DISTINCT CASE $zoom WHEN 'sector' THEN [n, x] END) AS ends,
     sum(CASE WHEN out THEN 1 ELSE 0 END) AS outs, count(*) AS deliverables
WITH self, other, ends, outs > 0 AND outs < deliverables AS reciprocal
WHERE NOT ($one_way_only AND reciprocal)
// A sector becomes a map with the id and name a node has, so that both read the same way below.
WITH CASE $zoom WHEN 'sector' THEN {id: self, name: self} ELSE self END AS self,
     CASE $zoom WHEN 'sector' THEN {id: other, name: other} ELSE other END AS other, ends, reciprocal
WITH self, other, ends, reciprocal, self.id AS node, other.id AS counterpart
ORDER BY node, counterpart
WITH collect([self, other, ends, reciprocal, node, counterpart])[0..$offset + $limit] AS page
UNWIND page AS pair
WITH pair[0] AS self, pair[1] AS other, pair[2] AS ends, pair[3] AS reciprocal, pair[4] AS node, pair[5] AS counterpart
// The counterpart role's company, at role zoom, for the page's pairs only.
CALL {
  WITH counterpart
  UNWIND CASE WHEN $zoom = 'role' THEN [counterpart] ELSE [] END AS rid
  MATCH (o:Company)-[:HAS_ROLE]->(:Role {id: rid})
  RETURN head(collect(o)) AS owner
}
UNWIND CASE $zoom WHEN 'sector' THEN ends ELSE [[self, other]] END AS end
WITH self, other, reciprocal, node, counterpart, owner, end[0] AS a, end[1] AS b
MATCH (a)-[d:DELIVERS]-(b)
WHERE $as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of))
WITH self, other, reciprocal, node, counterpart, owner, d, startNode(d) = a AS out
RETURN counterpart, other.name AS counterpart_name,
       d.nature AS nature, d.category AS category,
       sum(CASE WHEN out THEN 0.0 ELSE coalesce(d.value, 0.0) END) AS value_in,
       sum(CASE WHEN out THEN coalesce(d.value, 0.0) ELSE 0.0 END) AS value_out,
       sum(CASE WHEN out THEN 0 ELSE 1 END) AS deliverables_in,
       sum(CASE WHEN out THEN 1 ELSE 0 END) AS deliverables_out,
       reciprocal, node, self.name AS node_name,
       CASE $zoom WHEN 'company' THEN counterpart WHEN 'role' THEN owner.id END AS counterpart_company
ORDER BY node, counterpart, nature, category
SKIP $offset
LIMIT $limit
