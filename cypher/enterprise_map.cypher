// summary: One company's roles, what they deliver each other, and what they exchange with outside roles and companies, by nature and category: one row per edge of the map (its two ends, each a role or a whole company, with the company it belongs to).
// param: company string required exists=Company | The company whose roles are drawn.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// param: limit int default=1000 min=1 max=100000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: source string | The delivering end: a role's id, or a company's when a whole company delivers.
// column: source_kind string | role or company.
// column: source_name string | Its name.
// column: source_function string | The role's function (procurement, sales, ...); null for a company.
// column: source_company string | The company the role belongs to (the company itself for a company).
// column: source_company_name string | That company's name.
// column: target string | The receiving end: a role's id, or a company's.
// column: target_kind string | role or company.
// column: target_name string | Its name.
// column: target_function string | The role's function; null for a company.
// column: target_company string | The company the role belongs to (the company itself for a company).
// column: target_company_name string | That company's name.
// column: scope string | inside (between two of the company's roles), outgoing (from one of them out) or incoming (in to one of them).
// column: nature string | tangible or intangible.
// column: category string | Category of what flows (money included).
// column: value float | Yearly value of these deliverables (those without a value count 0).
// column: deliverables int | How many deliverables flow from source to target in that category.
// column: items string[] | What flows (the deliverables' names), sorted, each once.
// The company's roles are its HAS_ROLE roles; a deliverable between two of them is met from
// both ends and kept once, from its supplier. The company's own company-level flows (between
// companies) are not drawn: at this zoom, its roles stand for it.
MATCH (c:Company {id: $company})-[:HAS_ROLE]->(r:Role)-[d:DELIVERS]-(x)
WHERE (x:Role OR x:Company)
  AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
OPTIONAL MATCH (o:Company)-[:HAS_ROLE]->(x)
WITH c, r, d, x, x:Role AS x_role, coalesce(o, x) AS xc, startNode(d) = r AS out
WHERE out OR xc <> c
WITH c, d,
     CASE WHEN out THEN r ELSE x END AS s, CASE WHEN out THEN c ELSE xc END AS sc,
     CASE WHEN out THEN true ELSE x_role END AS s_role,
     CASE WHEN out THEN x ELSE r END AS t, CASE WHEN out THEN xc ELSE c END AS tc,
     CASE WHEN out THEN x_role ELSE true END AS t_role
WITH c, s, sc, s_role, t, tc, t_role, d ORDER BY d.deliverable
RETURN s.id AS source, CASE WHEN s_role THEN 'role' ELSE 'company' END AS source_kind, s.name AS source_name,
       CASE WHEN s_role THEN s.function ELSE null END AS source_function,
       sc.id AS source_company, sc.name AS source_company_name,
       t.id AS target, CASE WHEN t_role THEN 'role' ELSE 'company' END AS target_kind, t.name AS target_name,
       CASE WHEN t_role THEN t.function ELSE null END AS target_function,
       tc.id AS target_company, tc.name AS target_company_name,
       CASE WHEN sc <> c THEN 'incoming' WHEN tc <> c THEN 'outgoing' ELSE 'inside' END AS scope,
       d.nature AS nature, d.category AS category,
       sum(coalesce(d.value, 0.0)) AS value, count(d) AS deliverables,
       collect(DISTINCT d.deliverable) AS items
ORDER BY source, target, nature, category
SKIP $offset
LIMIT $limit
