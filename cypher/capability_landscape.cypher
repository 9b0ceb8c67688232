// summary: The capabilities of the whole network, a sector or an ecosystem, as on a Wardley map: each with its evolution stage, its providers, their concentration and the companies that depend on them, flagged where one provider holds it; paged, genesis first.
// A provider is a company of the scope with HAS_CAPABILITY to the capability. concentration is the HHI
// of the providers' revenues (sum of squared percent shares, 0..10,000; null when none reports one).
// dependents counts the companies that depend on at least one provider: it delivers them something
// other than money (the README's "depends on"), whatever their scope. flag: 'single_provider_risk'
// for a commodity capability only one company provides, 'differentiator' for a genesis or custom
// capability only one company holds, else null.
// param: sector string optional | Only providers of this sector.
// param: ecosystem string optional exists=Ecosystem | Only providers that are members of this ecosystem.
// param: limit int default=100 min=1 max=100000 | Page size.
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
