// summary: One company: its properties, capabilities, markets and ecosystems, its main suppliers and customers (of anything but money), and the yearly value it receives and delivers.
// param: id string required exists=Company | The company's id.
// param: limit int default=10 min=1 max=1000 | At most this many suppliers and customers, largest value first.
// column: id string | The company's id.
// column: name string | The company's name.
// column: kind string | company, public_body, investor, ngo or individual.
// column: sector string | The company's sector.
// column: country string | The company's country.
// column: revenue float | Yearly revenue.
// column: employees int | Number of employees.
// column: founded int | Year founded.
// column: capabilities json | [{id, name, level}] by name.
// column: markets json | [{id, name, revenue}], the company's revenue in each market, largest first.
// column: ecosystems string[] | Names of the ecosystems it is a member of, sorted.
// column: supplier_count int | Companies delivering it anything but money.
// column: suppliers json | [{id, name, value, categories}], the largest suppliers first (at most limit).
// column: customer_count int | Companies it delivers anything but money to.
// column: customers json | [{id, name, value, categories}], the largest customers first (at most limit).
// column: value_in float | Yearly value of every deliverable it receives, money included.
// column: value_out float | Yearly value of every deliverable it delivers, money included.
// Each list is built in its own subquery: carried along, the lists would be copied and
// hashed as grouping keys for every deliverable of a hub. A hub's thousands of partners are
// ranked by value alone; only the page's are looked at again for their categories.
MATCH (c:Company {id: $id})
CALL {
  WITH c
  OPTIONAL MATCH (c)-[h:HAS_CAPABILITY]->(k:Capability)
  WITH h, k ORDER BY k.name, k.id
  RETURN collect(CASE WHEN k IS NULL THEN null ELSE {id: k.id, name: k.name, level: h.level} END) AS capabilities
}
CALL {
  WITH c
  OPTIONAL MATCH (c)-[m:COMPETES_IN]->(mk:Market)
  WITH m, mk ORDER BY m.revenue DESC, mk.id
  RETURN collect(CASE WHEN mk IS NULL THEN null ELSE {id: mk.id, name: mk.name, revenue: m.revenue} END) AS markets
}
CALL {
  WITH c
  OPTIONAL MATCH (c)-[:MEMBER_OF]->(e:Ecosystem)
  WITH e ORDER BY e.name
  RETURN collect(e.name) AS ecosystems
}
CALL {
  WITH c
  OPTIONAL MATCH (s:Company)-[d:DELIVERS]->(c)
  WHERE d.category <> 'money'
  WITH c, s, sum(d.value) AS value
  ORDER BY value DESC, s.id
  WITH c, collect(CASE WHEN s IS NULL THEN null ELSE [s, value] END) AS ranked
  UNWIND CASE WHEN size(ranked) = 0 THEN [null] ELSE ranked[0..$limit] END AS top
  WITH c, size(ranked) AS supplier_count, top[0] AS s, top[1] AS value
  OPTIONAL MATCH (s)-[e:DELIVERS]->(c)
  WHERE e.category <> 'money'
  WITH supplier_count, s, value, e.category AS category ORDER BY category
  WITH supplier_count, s, value, collect(DISTINCT category) AS categories
  ORDER BY value DESC, s.id
  RETURN supplier_count, collect(CASE WHEN s IS NULL THEN null ELSE {id: s.id, name: s.name, value: value, categories: categories} END) AS suppliers
}
CALL {
  WITH c
  OPTIONAL MATCH (c)-[d:DELIVERS]->(r:Company)
  WHERE d.category <> 'money'
  WITH c, r, sum(d.value) AS value
  ORDER BY value DESC, r.id
  WITH c, collect(CASE WHEN r IS NULL THEN null ELSE [r, value] END) AS ranked
  UNWIND CASE WHEN size(ranked) = 0 THEN [null] ELSE ranked[0..$limit] END AS top
  WITH c, size(ranked) AS customer_count, top[0] AS r, top[1] AS value
  OPTIONAL MATCH (c)-[e:DELIVERS]->(r)
  WHERE e.category <> 'money'
  WITH customer_count, r, value, e.category AS category ORDER BY category
  WITH customer_count, r, value, collect(DISTINCT category) AS categories
  ORDER BY value DESC, r.id
  RETURN customer_count, collect(CASE WHEN r IS NULL THEN null ELSE {id: r.id, name: r.name, value: value, categories: categories} END) AS customers
}
RETURN c.id AS id, c.name AS name, c.kind AS kind, c.sector AS sector, c.country AS country,
       c.revenue AS revenue, c.employees AS employees, c.founded AS founded,
       capabilities, markets, ecosystems,
       supplier_count, suppliers,
       customer_count, customers,
       reduce(total = 0.0, v IN [(c)<-[i:DELIVERS]-() | i.value] | total + coalesce(v, 0.0)) AS value_in,
       reduce(total = 0.0, v IN [(c)-[o:DELIVERS]->() | o.value] | total + coalesce(v, 0.0)) AS value_out
