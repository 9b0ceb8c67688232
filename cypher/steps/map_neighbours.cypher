// summary: The companies exchanging something with the given companies (either way), with the value linking them: the top ones, most strongly linked first, then by id.
// param: ids string[] required | The companies of the current hop (all of them: the ranking is over the whole hop).
// param: top int required min=1 | At most this many companies.
// param: natures string[] optional | Natures of deliverable followed; null for all (not read then).
// param: categories string[] optional | Categories of deliverable followed; null for all (not read then).
// param: as_of date optional | Only deliverables running on that day.
// column: id string | A company linked to at least one of them.
// column: value float | Yearly value of its deliverables to and from them.
UNWIND $ids AS fid
MATCH (c:Company {id: fid})
WITH c
MATCH (c)-[d:DELIVERS]-(x:Company)
WHERE ($natures IS NULL OR d.nature IN $natures) AND ($categories IS NULL OR d.category IN $categories) AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
WITH x, sum(d.value) AS value
ORDER BY value DESC, x.id
LIMIT $top
RETURN x.id AS id, value
