// summary: The roles of the given companies (HAS_ROLE), for a map or a chain at role zoom.
// param: ids string[] required | Company ids.
// column: company string | One of the given companies.
// column: role string | The id of one of its roles.
UNWIND $ids AS cid
MATCH (:Company {id: cid})-[:HAS_ROLE]->(r:Role)
RETURN cid AS company, r.id AS role
