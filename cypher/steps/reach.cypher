// summary: How many companies each of the given companies delivers to, and reaches within two tiers downstream.
// param: ids string[] required | Company ids.
// param: categories string[] required | Categories of deliverable followed.
// param: as_of date optional | Only deliverables running on that day.
// column: id string | The company's id.
// column: customers int | Companies it delivers to.
// column: reach int | Companies downstream within two tiers: its customers and theirs.
UNWIND $ids AS sid
MATCH (s:Company {id: sid})
OPTIONAL MATCH (s)-[d1:DELIVERS]->(c1:Company)
WHERE d1.category IN $categories
  AND ($as_of IS NULL OR ((d1.start IS NULL OR d1.start <= $as_of) AND (d1.end IS NULL OR d1.end >= $as_of)))
OPTIONAL MATCH (c1)-[d2:DELIVERS]->(c2:Company)
WHERE d2.category IN $categories
  AND ($as_of IS NULL OR ((d2.start IS NULL OR d2.start <= $as_of) AND (d2.end IS NULL OR d2.end >= $as_of)))
UNWIND [c1, c2] AS downstream
RETURN s.id AS id, count(DISTINCT c1) AS customers,
       count(DISTINCT CASE WHEN downstream <> s THEN downstream END) AS reach
