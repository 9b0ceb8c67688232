// summary: The contracts the given companies are party to: read in slices of companies for the in-memory supply index (service/analytics/contract_facts.py).
// param: nodes node[] required | The companies' handles.
// column: node node | The company.
// column: contract string | The contract's id.
// column: start int | Its first day as the number YYYYMMDD, 0 when open.
// column: end int | Its last day as the number YYYYMMDD, 99999999 when open.
UNWIND $nodes AS n
MATCH (c) WHERE handle(c) = n
MATCH (c)-[:PARTY_TO]->(k:Contract)
// Dates as numbers that compare as the days do: no text to escape, parse or compare.
RETURN n AS node, k.id AS contract,
       coalesce(toInteger(replace(k.start, '-', '')), 0) AS start,
       coalesce(toInteger(replace(k.end, '-', '')), 99999999) AS end
