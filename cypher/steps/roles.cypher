// summary: Name and function of the given roles, with the id, name, sector and country of their company.
// param: ids string[] required | Role ids.
// column: id string | The role's id.
// column: name string | Its name.
// column: function string | Its function (procurement, research, ...).
// column: company string | The company it is a role of (null when none).
// column: company_name string | That company's name.
// column: sector string | That company's sector.
// column: country string | That company's country.
UNWIND $ids AS rid
MATCH (r:Role {id: rid})
OPTIONAL MATCH (c:Company)-[:HAS_ROLE]->(r)
RETURN r.id AS id, r.name AS name, r.function AS function, c.id AS company, c.name AS company_name,
       c.sector AS sector, c.country AS country
