// summary: capability_landscape (see its header) read by Cypher, where no capability index is held (an external FalkorDB; service/analytics/landscape.py).
// param: sector string optional | Only providers of this sector.
// param: ecosystem string optional | Only providers that are members of this ecosystem.
// param: limit int default=100 min=1 max=1000000000 | Page size (the runner asks the module for one row more than its page, to know whether another follows).
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: capability string | The capability's id.
// column: name string | Its name.
// column: category string | Its kind.
// column: evolution string | Its stage: genesis, custom, product or commodity (null when not given).
// column: providers int | Companies of the scope that provide it.
// column: concentration float | HHI of the providers' revenues.
// column: dependents int | Companies that depend on one of its providers.
// column: flag string | single_provider_risk, differentiator, or null.
MATCH (p:Company)-[:HAS_CAPABILITY]->(k:Capability)
WHERE $sector IS NULL OR p.sector = $sector
OPTIONAL MATCH (p)-[:MEMBER_OF]->(e:Ecosystem {id: $ecosystem})
WITH k, p, e
WHERE $ecosystem IS NULL OR e IS NOT NULL
WITH k, collect(DISTINCT p) AS providers
WITH k, providers, reduce(total = 0.0, p IN providers | total + coalesce(p.revenue, 0.0)) AS total
// The figures of the providers first: grouping the dependents by the list of providers would
// hash that list once per row, and a capability of a large network has thousands of them.
WITH k, providers, size(providers) AS holders,
     CASE WHEN total > 0
       THEN reduce(hhi = 0.0, p IN providers |
         hhi + (100.0 * coalesce(p.revenue, 0.0) / total) * (100.0 * coalesce(p.revenue, 0.0) / total))
     END AS concentration
UNWIND providers AS p
OPTIONAL MATCH (p)-[d:DELIVERS]->(c:Company)
WHERE d.category <> 'money'
WITH k, holders AS providers, concentration, size(collect(DISTINCT c.id)) AS dependents
RETURN k.id AS capability, k.name AS name, k.category AS category, k.evolution AS evolution,
       providers, concentration, dependents,
       CASE
         WHEN providers = 1 AND k.evolution = 'commodity' THEN 'single_provider_risk'
         WHEN providers = 1 AND k.evolution IN ['genesis', 'custom'] THEN 'differentiator'
       END AS flag
ORDER BY CASE evolution WHEN 'genesis' THEN 0 WHEN 'custom' THEN 1 WHEN 'product' THEN 2 WHEN 'commodity' THEN 3 ELSE 4 END,
         capability
SKIP $offset
LIMIT $limit
